package import LanguageServerProtocol
package import PartnerRules

/// A buffer's text split into lines, for turning the engine's places (1-based lines, columns in Unicode scalars)
/// into the client's (0-based lines, columns in UTF-16 code units) and back.
///
/// The engine's places are the one located model (``SourceLocation``); this is the only conversion, at the edge.
package struct DocumentText: Sendable {
    /// Each line's Unicode scalars, without its line break (`\n`, and a `\r` before it).
    package let lines: [[Unicode.Scalar]]

    package init(_ text: String) {
        var lines: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if current.last == "\r" { current.removeLast() }
                lines.append(current)
                current = []
            } else {
                current.append(scalar)
            }
        }
        lines.append(current)
        self.lines = lines
    }

    /// The text of line `line` (1-based), or "" past the end.
    package func line(_ line: Int) -> String {
        guard line >= 1, line <= lines.count else { return "" }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: lines[line - 1])
        return String(text)
    }

    /// The client's position of an engine place: the line from 0, the column in UTF-16 code units from 0. A
    /// column past the line's end is the line's end; a line past the file's end is the file's end.
    package func position(_ location: SourceLocation) -> Position {
        guard location.line >= 1 else { return Position(line: 0, character: 0) }
        guard location.line <= lines.count else {
            return Position(line: lines.count - 1, character: utf16Length(lines[lines.count - 1][...]))
        }
        let scalars = lines[location.line - 1]
        let count = min(max(location.column - 1, 0), scalars.count)
        return Position(line: location.line - 1, character: utf16Length(scalars[..<count]))
    }

    /// The engine place of a client position. A character inside a surrogate pair is the pair's character; past the
    /// line's end is the line's end.
    package func location(_ position: Position) -> SourceLocation {
        let line = min(max(position.line, 0), lines.count - 1)
        var units = 0
        var column = 1
        for scalar in lines[line] {
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
        guard location.line >= 1, location.line <= lines.count else { return Range(start: start, end: start) }
        let scalars = lines[location.line - 1]
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
