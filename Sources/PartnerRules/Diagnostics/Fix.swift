/// One replacement in a file: the text between two places, replaced by new text (SPEC 18).
///
/// Places are 1-based; `endLine`/`endColumn` are exclusive, and columns count Unicode scalars, as finding columns
/// do. An empty range inserts; an empty `text` removes.
public struct TextEdit: Sendable, Hashable, Codable {
    /// The first line of the replaced range, from 1.
    public var line: Int
    /// The first replaced column, from 1, in Unicode scalars.
    public var column: Int
    /// The line the range ends on, from 1.
    public var endLine: Int
    /// The first column after the range, from 1, in Unicode scalars.
    public var endColumn: Int
    /// What stands in the range's place.
    public var text: String

    /// The range from `line`:`column` up to, not including, `endLine`:`endColumn`, replaced by `text`.
    public init(line: Int, column: Int, endLine: Int, endColumn: Int, text: String) {
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.text = text
    }

    /// An insertion of `text` at `location`.
    public static func insert(_ text: String, at location: SourceLocation) -> TextEdit {
        TextEdit(line: location.line, column: location.column, endLine: location.line, endColumn: location.column, text: text)
    }

    /// Where the range starts.
    public var start: SourceLocation { SourceLocation(line: line, column: column) }
    /// Where the range ends (exclusive).
    public var end: SourceLocation { SourceLocation(line: endLine, column: endColumn) }

    enum CodingKeys: String, CodingKey {
        case line, column, text
        case endLine = "end_line"
        case endColumn = "end_column"
    }
}

/// An edit that repairs a finding, proven before it is shown (SPEC 18): the engine applied it to a copy of the
/// file and linted again, and the finding was gone with no new error in that file.
public struct Fix: Sendable, Hashable, Codable {
    /// What the fix does, in staff words (`remove '[]' from line 12, so the items below are the list`).
    public var description: String
    /// The replacements, which never overlap.
    public var edits: [TextEdit]

    /// A fix made of `edits`, described by `description`.
    public init(description: String, edits: [TextEdit]) {
        self.description = description
        self.edits = edits
    }

    /// The file's bytes with every edit made, or `nil` when an edit points outside the file, edits overlap, or the
    /// bytes are not UTF-8.
    ///
    /// A line ends at `\n` (a `\r` before it belongs to the break); a column one past the line's last character is
    /// the end of that line, and line count + 1, column 1 is the end of a file that ends with a line break.
    public func applied(to bytes: [UInt8]) -> [UInt8]? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        return applied(to: text).map { Array($0.utf8) }
    }

    /// The text with every edit made, or `nil` when an edit points outside the text or edits overlap.
    public func applied(to text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        var lineStarts = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" { lineStarts.append(index + 1) }
        func offset(_ location: SourceLocation) -> Int? {
            guard location.line >= 1, location.line <= lineStarts.count, location.column >= 1 else { return nil }
            let start = lineStarts[location.line - 1]
            var end = location.line < lineStarts.count ? lineStarts[location.line] - 1 : scalars.count
            if end > start, scalars[end - 1] == "\r", location.line < lineStarts.count { end -= 1 }
            let target = start + location.column - 1
            return target <= end ? target : nil
        }
        var ranges: [(Range<Int>, String)] = []
        for edit in edits {
            guard let from = offset(edit.start), let to = offset(edit.end), from <= to else { return nil }
            ranges.append((from..<to, edit.text))
        }
        ranges.sort { $0.0.lowerBound < $1.0.lowerBound }
        for (left, right) in zip(ranges, ranges.dropFirst()) where left.0.upperBound > right.0.lowerBound { return nil }
        var result = String.UnicodeScalarView()
        var cursor = 0
        for (range, replacement) in ranges {
            result.append(contentsOf: scalars[cursor..<range.lowerBound])
            result.append(contentsOf: replacement.unicodeScalars)
            cursor = range.upperBound
        }
        result.append(contentsOf: scalars[cursor...])
        return String(result)
    }
}
