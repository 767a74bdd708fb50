/// Why a YAML file could not be read at all. Each case knows where it happened.
public enum YAMLError: Error, Sendable, Hashable {
    case tooLarge(bytes: Int, limit: Int)
    case invalidUTF8(byteOffset: Int, at: SourceLocation)
    case empty
    case tab(at: SourceLocation)
    case syntax(problem: String, context: String?, at: SourceLocation)
    case duplicateKey(String, first: SourceLocation, at: SourceLocation)
    case anchor(String, at: SourceLocation)
    case alias(String, at: SourceLocation)
    case tag(String, at: SourceLocation)
    case tooDeep(limit: Int, at: SourceLocation)
    case multipleDocuments(at: SourceLocation)
    case keyNotPlainScalar(at: SourceLocation)

    /// Where the problem is; the start of the file when it is about the whole file.
    public var location: SourceLocation {
        switch self {
        case .tooLarge, .empty: return .start
        case .invalidUTF8(_, let at), .tab(let at), .syntax(_, _, let at), .duplicateKey(_, _, let at),
            .anchor(_, let at), .alias(_, let at), .tag(_, let at), .tooDeep(_, let at),
            .multipleDocuments(let at), .keyNotPlainScalar(let at):
            return at
        }
    }

    /// The stable finding code for this kind of failure.
    public var code: RuleCode {
        switch self {
        case .tooLarge: return .yamlTooLarge
        case .invalidUTF8: return .yamlEncoding
        case .empty: return .yamlEmpty
        case .tab: return .yamlTab
        case .syntax: return .yamlSyntax
        case .duplicateKey: return .duplicateKey
        case .anchor: return .yamlAnchor
        case .alias: return .yamlAlias
        case .tag: return .yamlTag
        case .tooDeep: return .yamlTooDeep
        case .multipleDocuments: return .yamlMultipleDocuments
        case .keyNotPlainScalar: return .yamlKey
        }
    }

    /// Lower-case, no trailing period: what is wrong and how to fix it.
    public var message: String {
        switch self {
        case .tooLarge(let bytes, let limit):
            return "file is \(bytes) bytes, over the limit of \(limit) bytes; split it or raise the limit"
        case .invalidUTF8(let offset, _):
            return "bytes that are not UTF-8 at byte offset \(offset); save the file as UTF-8"
        case .empty:
            return "file is empty; a partner file is a mapping that starts with 'id:'"
        case .tab:
            return "tab character in indentation; indent with spaces"
        case .syntax(let problem, let context, _):
            let text = context.map { $0.isEmpty ? problem : "\(problem) \($0)" } ?? problem
            return text + YAMLError.hint(for: problem)
        case .duplicateKey(let key, let first, _):
            return "duplicate key '\(key)', first defined at line \(first.line), column \(first.column); keep one of them"
        case .anchor(let name, _):
            return "anchor '&\(name)' is not allowed; partner files are explicit, write the value out"
        case .alias(let name, _):
            return "alias '*\(name)' is not allowed; partner files are explicit, write the value out"
        case .tag(let tag, _):
            return "tag '\(tag)' is not allowed; the schema decides each value's type, remove the tag"
        case .tooDeep(let limit, _):
            return "nesting deeper than \(limit) levels; flatten the structure"
        case .multipleDocuments:
            return "a second document in the same file; one file holds one partner, remove the '---'"
        case .keyNotPlainScalar:
            return "a key must be a plain word such as 'name'; remove the quotes or the nested structure"
        }
    }
}

extension YAMLError {
    /// A fix for libyaml's most common complaints, appended to its own message.
    static func hint(for problem: String) -> String {
        switch problem {
        case "mapping values are not allowed in this context":
            return "; check this line's indentation, or quote a value that contains ': '"
        case "did not find expected key", "did not find expected '-' indicator":
            return "; check the indentation of this line against the lines above"
        case "found character that cannot start any token":
            return "; quote the value (characters such as @ and ` cannot start a plain value)"
        case "found unexpected end of stream", "found unknown escape character":
            return "; check for an unclosed quote or bracket"
        default:
            return ""
        }
    }
}

extension YAMLError: CustomStringConvertible {
    public var description: String {
        "\(location.line):\(location.column): \(message)"
    }

    /// A compiler-style rendering: the message, the offending source line, and a caret under the column.
    public func rendered(file: String, source: [UInt8]) -> String {
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

    private static func text(_ slice: ArraySlice<UInt8>) -> String {
        var line = String(decoding: slice, as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        return line.replacingTabs()
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
