import Foundation
package import PartnerRules

/// Where the cursor stands in a YAML buffer, read from the text itself (a buffer being typed is often not valid
/// YAML yet): the keys that enclose the line, and whether a key or a value is being written.
package struct CursorContext: Sendable, Hashable {
    /// The enclosing keys, outermost first, with `[]` for a list item (`credentials`, `[]`).
    package var path: [String]
    /// The key being written on this line when the cursor is in its value (`kind` in `kind: pa|`); `nil` when the
    /// cursor is where a key (or a list item's value) goes.
    package var key: String?
    /// The word under or before the cursor, unquoted.
    package var word: String
    /// The value written on the line (after `key:` or `- `), unquoted, whole.
    package var value: String?

    /// The name the cursor is on: the line's whole value, or the word when the value is a `[...]` or `{...}` list.
    package var name: String {
        guard let value, !value.hasPrefix("["), !value.hasPrefix("{"), !value.isEmpty else { return word }
        return value
    }

    /// The context at `location` (1-based line, column in Unicode scalars) of `text`.
    package init(text: DocumentText, at location: SourceLocation) {
        let lineIndex = max(1, min(location.line, text.lineCount))
        let scalars = text.scalars(ofLine: lineIndex - 1)
        let cut = min(max(location.column - 1, 0), scalars.count)
        let line = Self.string(scalars)
        let before = Self.string(scalars[..<cut])
        var path: [String] = []
        let (indent, _, isItem) = Self.shape(line)
        // A list item opens an item of its parent's list, and that parent's key may stand at the dash's own column.
        if isItem { path.insert("[]", at: 0) }
        var level = indent
        var parentMayAlign = isItem
        var index = lineIndex - 2
        while index >= 0, level > 0 || parentMayAlign {
            let other = text.line(index + 1)
            index -= 1
            let trimmed = other.drop(while: { $0 == " " })
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let (otherIndent, otherKey, otherIsItem) = Self.shape(other)
            if otherIsItem, otherIndent < level {
                // The item this line belongs to: its keys sit right of its dash.
                path.insert("[]", at: 0)
                level = otherIndent
                parentMayAlign = true
            } else if !otherIsItem, let otherKey, otherIndent < level || (parentMayAlign && otherIndent == level) {
                path.insert(otherKey, at: 0)
                level = otherIndent
                parentMayAlign = false
            } else if !otherIsItem, otherIndent < level {
                break
            }
        }
        self.path = path
        // This line: `key: value`, `- key: value`, `- value`, or a key being typed.
        var body = Substring(line.dropFirst(indent))
        if isItem { body = body.dropFirst(1).drop(while: { $0 == " " }) }
        let bodyStart = line.count - body.count
        if let colon = Self.keyColon(in: body), before.count > bodyStart + body.distance(from: body.startIndex, to: colon) {
            key = String(body[..<colon]).trimmingSpaces
            value = Self.unquoted(String(body[body.index(after: colon)...]))
        } else {
            key = nil
            value = isItem ? Self.unquoted(String(body)) : nil
        }
        let stop: Set<Character> = [" ", ":", "-", "[", "]", "{", "}", ",", "'", "\"", "#"]
        var start = before.endIndex
        while start > before.startIndex, !stop.contains(before[before.index(before: start)]) { start = before.index(before: start) }
        var wordEnd = line.index(line.startIndex, offsetBy: before.count)
        while wordEnd < line.endIndex, !stop.contains(line[wordEnd]) || line[wordEnd] == "-" { wordEnd = line.index(after: wordEnd) }
        word = String(line[line.index(line.startIndex, offsetBy: before.distance(from: before.startIndex, to: start))..<wordEnd])
    }

    /// The indentation, the key the line starts (after any `- `), and whether the line is a list item.
    private static func shape(_ line: String) -> (indent: Int, key: String?, isItem: Bool) {
        let indent = line.prefix(while: { $0 == " " }).count
        var body = Substring(line.dropFirst(indent))
        let isItem = body.hasPrefix("- ") || body == "-"
        if isItem { body = body.dropFirst(1).drop(while: { $0 == " " }) }
        let key = keyColon(in: body).map { String(body[..<$0]).trimmingSpaces }
        return (indent, key, isItem)
    }

    /// The `:` that ends a key: followed by a space or the line's end, outside quotes.
    private static func keyColon(in body: Substring) -> Substring.Index? {
        guard let first = body.first, first != "'", first != "\"", first != "#", first != "[", first != "{" else { return nil }
        var index = body.startIndex
        while index < body.endIndex {
            if body[index] == ":" {
                let next = body.index(after: index)
                if next == body.endIndex || body[next] == " " { return index }
            }
            if body[index] == "#", index > body.startIndex, body[body.index(before: index)] == " " { return nil }
            index = body.index(after: index)
        }
        return nil
    }

    /// A value without its comment, its surrounding spaces and quotes.
    static func unquoted(_ text: String) -> String {
        var value = Substring(text)
        if let hash = value.range(of: " #") { value = value[..<hash.lowerBound] }
        var trimmed = String(value).trimmingSpaces
        if trimmed.count >= 2, let first = trimmed.first, first == "'" || first == "\"", trimmed.last == first {
            trimmed = String(trimmed.dropFirst().dropLast())
        }
        return trimmed
    }

    private static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
