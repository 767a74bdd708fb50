/// A problem with a file's YAML, with where it is.
///
/// Most are fatal: the file cannot be read past them (``isRecoverable`` is `false`). Duplicate keys,
/// anchors, aliases, tags, quoted keys and a comment that cuts a value are not: the composer reports
/// them on the document's root and goes on, so one run reports them all and the schema checks still run.
package enum YAMLError: Error, Sendable, Hashable {
    case tooLarge(bytes: Int, limit: Int)
    case invalidUTF8(byteOffset: Int, at: SourceLocation)
    case empty
    /// A typing slip worked out from the source text.
    case slip(YAMLSlip, at: SourceLocation)
    /// libyaml's own message, when no slip fits; `line` is the line it stopped on.
    case syntax(problem: String, context: String?, at: SourceLocation, line: String?)
    case duplicateKey(String, first: SourceLocation, inList: Bool, at: SourceLocation)
    /// A list item whose `- ` is missing: its first key repeats the first key of the item above.
    case missingListDash(key: String, itemLine: Int, line: String, fix: String, at: SourceLocation)
    /// A list item whose `- ` is missing, so its text silently continues the item on `itemLine` (a warning).
    case joinedListItem(line: String, itemLine: Int, item: String, fix: String, at: SourceLocation)
    case anchor(String, at: SourceLocation)
    case alias(String, at: SourceLocation)
    /// A tag as it is written in the file (`!!bool`, `!custom`).
    case tag(String, at: SourceLocation)
    case tooDeep(limit: Int, at: SourceLocation)
    case multipleDocuments(at: SourceLocation)
    case quotedKey(String, at: SourceLocation)
    case keyNotPlainScalar(at: SourceLocation)
    /// A plain value cut short by ` #`, which starts a comment; `fix` is the line with the value quoted.
    case commentInValue(value: String, comment: String, line: String, fix: String, at: SourceLocation)

    /// Where the problem is; the start of the file when it is about the whole file.
    package var location: SourceLocation {
        switch self {
        case .tooLarge, .empty: return .start
        case .invalidUTF8(_, let at), .slip(_, let at), .syntax(_, _, let at, _), .duplicateKey(_, _, _, let at),
            .missingListDash(_, _, _, _, let at), .joinedListItem(_, _, _, _, let at), .anchor(_, let at), .alias(_, let at), .tag(_, let at), .tooDeep(_, let at),
            .multipleDocuments(let at), .quotedKey(_, let at), .keyNotPlainScalar(let at), .commentInValue(_, _, _, _, let at):
            return at
        }
    }

    /// The line at ``location`` as it should read, when the message gives one: applying it fixes the problem.
    package var fixedLine: String? {
        switch self {
        case .slip(let slip, _): return slip.fix
        case .missingListDash(_, _, _, let fix, _), .commentInValue(_, _, _, let fix, _), .joinedListItem(_, _, _, let fix, _): return fix
        default: return nil
        }
    }

    /// The edit that gives the line of ``fixedLine`` (the smallest change of that line, SPEC 18), described in the
    /// message's words: a candidate, attached to the finding only once the engine has proven it.
    package func candidateFix(in source: [UInt8]) -> Fix? {
        guard let fixed = fixedLine else { return nil }
        let number: Int
        let description: String
        switch self {
        case .slip(let slip, let at):
            number = slip.fixLine ?? at.line
            guard let said = slip.fixDescription(line: number) else { return nil }
            description = said
        case .joinedListItem(let line, _, _, _, _) where line.drop(while: { $0 == " " }).hasPrefix("- "):
            number = location.line
            description = "line up the '-' on line \(number) with the item above"
        case .missingListDash, .joinedListItem:
            number = location.line
            description = "put '- ' at the start of the item on line \(number)"
        default:
            number = location.line
            description = "change line \(number) to \(SourceText.shown(fixed))"
        }
        guard let typed = SourceText.rawLine(number, in: source) else { return nil }
        let old = Array(typed.unicodeScalars)
        let new = Array(fixed.unicodeScalars)
        let (prefix, suffix) = YAMLDiagnosis.commonEnds(old, new)
        let inserted = YAMLDiagnosis.string(new[prefix..<(new.count - suffix)])
        let edit = TextEdit(line: number, column: prefix + 1, endLine: number, endColumn: old.count - suffix + 1, text: inserted)
        return Fix(description: description, edits: [edit])
    }

    /// `true` for a problem the composer reports and goes on past.
    package var isRecoverable: Bool {
        switch self {
        case .duplicateKey, .missingListDash, .joinedListItem, .anchor, .alias, .tag, .quotedKey, .multipleDocuments, .commentInValue: return true
        default: return false
        }
    }

    /// The stable finding code for this kind of problem.
    package var code: RuleCode {
        switch self {
        case .tooLarge: return .yamlTooLarge
        case .invalidUTF8: return .yamlEncoding
        case .empty: return .yamlEmpty
        case .slip(let slip, _): return slip.code
        case .syntax, .missingListDash: return .yamlSyntax
        case .duplicateKey: return .duplicateKey
        case .anchor: return .yamlAnchor
        case .alias: return .yamlAlias
        case .tag: return .yamlTag
        case .tooDeep: return .yamlTooDeep
        case .multipleDocuments: return .yamlMultipleDocuments
        case .quotedKey, .keyNotPlainScalar: return .yamlKey
        case .commentInValue: return .commentInValue
        case .joinedListItem: return .joinedListItem
        }
    }

    /// Lower-case, no trailing period: what is wrong and how to fix it, in words for the people who edit partner files.
    package var message: String {
        switch self {
        case .tooLarge(let bytes, let limit):
            return "file is \(bytes) bytes, over the limit of \(limit) bytes; a partner file is a few kilobytes, so check that this is the file you meant and that nothing was pasted into it by mistake"
        case .invalidUTF8(let offset, _):
            return "bytes that are not UTF-8 text at byte offset \(offset); save the file as UTF-8 (in most editors: Save with Encoding, UTF-8)"
        case .empty:
            return "file is empty; a partner file starts with 'id:' followed by the file name without .yaml, so copy a similar partner file and edit it"
        case .slip(let slip, _):
            return slip.message
        case .syntax(let problem, let context, _, let line):
            let said = context.map { $0.isEmpty ? problem : "\(problem) \($0)" } ?? problem
            let typed = line.map { " in \(SourceText.shown($0))" } ?? ""
            return "YAML cannot read this: \(said)\(typed); check this line and the one above for an unclosed quote or bracket, a missing space after ':', or indentation that differs from the lines around it"
        case .duplicateKey(let key, let first, true, _):
            return "'\(key)' is given twice in one list item (first at line \(first.line)); if this line starts another item, put '- ' before it, otherwise delete the line whose value is wrong"
        case .duplicateKey(let key, let first, false, _):
            return "'\(key)' is given twice (first at line \(first.line), column \(first.column)); a key may appear once, so delete the line whose value is wrong"
        case .missingListDash(let key, let itemLine, let line, let fix, _):
            return "\(SourceText.shown(line)) repeats '\(key)', the first key of the list item that starts at line \(itemLine), so two items run together; start a new item here with '- ': \(SourceText.shown(fix))"
        case .joinedListItem(let line, let itemLine, let item, let fix, _):
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("- ") {
                return "\(SourceText.shown(line)) is not lined up with the list item \(SourceText.shown(item)) on line \(itemLine), so YAML reads it, '-' and all, as more of that item; line its '-' up with the one above: \(SourceText.shown(fix))"
            }
            return "\(SourceText.shown(line)) starts where the text of the list item \(SourceText.shown(item)) on line \(itemLine) starts, so YAML reads it as more of that item; if it is an item of its own, the '-' that starts it is missing: \(SourceText.shown(fix))"
        case .anchor(let name, _):
            return "'&\(name)' marks a value to repeat elsewhere, which partner files do not allow; delete '&\(name)' and write the value out wherever it is used (if '&\(name)' is the text itself, put it in quotes: \"&\(name)\")"
        case .alias(let name, _):
            return "'*\(name)' repeats the value marked '&\(name)', which partner files do not allow; write the value out here instead (if '*\(name)' is the text itself, put it in quotes: \"*\(name)\")"
        case .tag(let tag, _):
            return "'\(tag)' sets the type of a value, which partner files do not allow (each key has a fixed type); delete '\(tag)' (if it is the text itself, put the value in quotes)"
        case .tooDeep(let limit, _):
            return "lists and keys are nested more than \(limit) levels deep; a partner file needs only a few, so look for a '[' or '{' that is never closed"
        case .multipleDocuments:
            return "'---' starts a second document; one file holds one partner, so delete the '---' and move what follows into its own file"
        case .quotedKey(let key, _):
            return "the key '\(key)' is in quotes; write keys without quotes, as in '\(key): …'"
        case .keyNotPlainScalar:
            return "a key must be a plain word such as 'name', not a list or a group of keys; check the indentation and the brackets on this line"
        case .commentInValue(let value, let comment, let line, let fix, _):
            return "in \(SourceText.shown(line)), ' \(comment)' starts a comment, so the value is only '\(value)'; if the '#' belongs to the value, quote it: \(SourceText.shown(fix)); if it is a note, put a space after '#'"
        }
    }
}

extension YAMLError: CustomStringConvertible {
    package var description: String {
        "\(location.line):\(location.column): \(message)"
    }

    /// A compiler-style rendering: the message, the offending source line, and a caret under the column.
    package func rendered(file: String, source: [UInt8]) -> String {
        let header = "\(file):\(location.line):\(location.column): error: \(message) [\(code)]"
        guard let line = SourceText.line(location.line, in: source) else { return header }
        let caretPad = String(repeating: " ", count: max(0, location.column - 1))
        return "\(header)\n\(line)\n\(caretPad)^"
    }
}

/// Small helpers over a file's bytes.
enum SourceText {
    /// The text of a 1-based line, with tabs shown as spaces, or `nil` past the end.
    static func line(_ number: Int, in bytes: [UInt8]) -> String? {
        var current = 1
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            if current == number { return text(bytes[start..<index]) }
            current += 1
            start = index + 1
        }
        if current == number, start <= bytes.count { return text(bytes[start..<bytes.count]) }
        return nil
    }

    /// The text of a 1-based line exactly as typed (tabs kept, a `\r` before the break dropped), or `nil` past the end.
    static func rawLine(_ number: Int, in bytes: [UInt8]) -> String? {
        var current = 1
        var start = 0
        var index = 0
        while index <= bytes.count {
            if index == bytes.count || bytes[index] == UInt8(ascii: "\n") {
                if current == number {
                    var end = index
                    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    return String(decoding: bytes[start..<end], as: UTF8.self)
                }
                current += 1
                start = index + 1
            }
            index += 1
        }
        return nil
    }

    private static func text(_ slice: ArraySlice<UInt8>) -> String {
        var line = String(decoding: slice, as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        return line.replacingTabs()
    }

    /// Text a message quotes (a line as typed, a fix): in single quotes, or in double quotes when it
    /// holds a single quote, so where it starts and ends stays clear.
    static func shown(_ text: String) -> String {
        let text = SourceCharacters.visible(text)
        return text.contains("'") && !text.contains("\"") ? "\"\(text)\"" : "'\(text)'"
    }

    /// The text without the spaces and tabs at its end.
    static func droppingTrailingSpaces(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    /// The 1-based line and column (in characters) of a byte offset.
    static func location(ofByte offset: Int, in bytes: [UInt8]) -> SourceLocation {
        var line = 1
        var column = 1
        var index = 0
        while index < offset && index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return SourceLocation(line: line, column: column)
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in self { result.append(character == "\t" ? " " : character) }
        return result
    }
}
