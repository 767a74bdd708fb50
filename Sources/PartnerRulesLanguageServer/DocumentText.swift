package import LanguageServerProtocol
package import PartnerRules

/// A buffer's text split into lines, for turning the engine's places (1-based lines, columns in Unicode scalars)
/// into the client's (0-based lines, columns in UTF-16 code units) and back.
///
/// The engine's places are the one located model (``SourceLocation``); this is the only conversion, at the edge.
package struct DocumentText: Sendable {
    /// The text as UTF-8, and where each line starts in it: a 10 MB buffer costs its bytes and a number a line.
    package let bytes: [UInt8]
    private let lineStarts: [Int]

    package init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    /// How many lines the text has (a text ending in a line break has an empty last line).
    package var lineCount: Int { lineStarts.count }

    /// Line `line`'s Unicode scalars (0-based index), without its line break (`\n`, and a `\r` before it).
    package func scalars(ofLine index: Int) -> [Unicode.Scalar] {
        guard index >= 0, index < lineStarts.count else { return [] }
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if end > lineStarts[index], bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return Array(String(decoding: bytes[lineStarts[index]..<end], as: UTF8.self).unicodeScalars)
    }

    /// The text of line `line` (1-based), or "" past the end.
    package func line(_ line: Int) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars(ofLine: line - 1))
        return String(text)
    }

    /// The client's position of an engine place: the line from 0, the column in UTF-16 code units from 0. A
    /// column past the line's end is the line's end; a line past the file's end is the file's end.
    package func position(_ location: SourceLocation) -> Position {
        guard location.line >= 1 else { return Position(line: 0, character: 0) }
        guard location.line <= lineCount else {
            return Position(line: lineCount - 1, character: utf16Length(scalars(ofLine: lineCount - 1)[...]))
        }
        let scalars = scalars(ofLine: location.line - 1)
        let count = min(max(location.column - 1, 0), scalars.count)
        return Position(line: location.line - 1, character: utf16Length(scalars[..<count]))
    }

    /// The engine place of a client position. A character inside a surrogate pair is the pair's character; past the
    /// line's end is the line's end.
    package func location(_ position: Position) -> SourceLocation {
        let line = min(max(position.line, 0), lineCount - 1)
        var units = 0
        var column = 1
        for scalar in scalars(ofLine: line) {
            let width = scalar.utf16.count
            if units + width > position.character { break }
            units += width
            column += 1
        }
        return SourceLocation(line: line + 1, column: column)
    }

    /// The range from a place to the end of its word (a key, a value, up to the next space, `:` or `,`), at least
    /// one character wide when the line has one.
    package func wordRange(at location: SourceLocation) -> Range {
        let start = position(location)
        guard location.line >= 1, location.line <= lineCount else { return Range(start: start, end: start) }
        let scalars = scalars(ofLine: location.line - 1)
        var end = min(max(location.column - 1, 0), scalars.count)
        let quote: Unicode.Scalar? = end < scalars.count && (scalars[end] == "'" || scalars[end] == "\"") ? scalars[end] : nil
        if let quote {
            end += 1
            while end < scalars.count, scalars[end] != quote { end += 1 }
            end = min(end + 1, scalars.count)
        } else {
            while end < scalars.count, !" :,#".unicodeScalars.contains(scalars[end]) { end += 1 }
        }
        if end == location.column - 1, end < scalars.count { end += 1 }
        if end == location.column - 1 { end = scalars.count }
        return Range(start: start, end: position(SourceLocation(line: location.line, column: end + 1)))
    }

    /// An engine edit as the client's: the same range in UTF-16 positions.
    package func textEdit(_ edit: PartnerRules.TextEdit) -> LanguageServerProtocol.TextEdit {
        LanguageServerProtocol.TextEdit(range: Range(start: position(edit.start), end: position(edit.end)), newText: edit.text)
    }

    private func utf16Length(_ scalars: ArraySlice<Unicode.Scalar>) -> Int {
        scalars.reduce(0) { $0 + $1.utf16.count }
    }
}
