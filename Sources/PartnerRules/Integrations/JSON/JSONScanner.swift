/// Why JSON input could not be read: where it went wrong and what to do.
///
/// `line` and `column` are 1-based (the column counts characters, not bytes); `path` names the
/// member the reader was in (`apps[1]`, `credentials.email`), empty at the top. Messages never
/// quote a string value from the input, so no secret leaks through them.
public struct JSONInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line of the input where the problem is, from 1.
    public var line: Int
    /// The column, from 1.
    public var column: Int
    /// Where in the JSON value the problem is (`request.apps[1]`); empty for the whole value.
    public var path: String
    /// What is wrong and how to fix it, for the person who wrote the JSON.
    public var message: String

    /// An error at a place with its message.
    public init(line: Int, column: Int, path: String, message: String) {
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        "line \(line), column \(column)" + (path.isEmpty ? "" : " (\(path))") + ": \(message)"
    }
}

extension JSONInputError {
    /// The one error shape of every JSON answer (SPEC section 17):
    /// `{"error": {"line", "column", "path", "message"}}`, with `"record": N` (the input line) in
    /// front for a line of an NDJSON stream. One line, ending with a newline.
    public func jsonBytes(record: Int? = nil) -> [UInt8] {
        var writer = JSONWriter()
        write(to: &writer, record: record)
        writer.bytes.append(UInt8(ascii: "\n"))
        return writer.bytes
    }

    func write(to writer: inout JSONWriter, record: Int? = nil) {
        writer.beginObject()
        if let record { writer.member("record", int: record) }
        writer.key("error")
        writeDetail(to: &writer)
        writer.endObject()
    }

    /// The inner `{"line", "column", "path", "message"}`, for a writer that puts it under `"error"` itself (a batch
    /// item's result).
    package func writeDetail(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("line", int: line)
        writer.member("column", int: column)
        writer.member("path", string: path)
        writer.member("message", string: message)
        writer.endObject()
    }
}

/// A strict pull reader over UTF-8 JSON bytes (RFC 8259): no comments, no trailing commas, no
/// duplicate keys, no bytes that are not UTF-8. Typed readers drive it member by member, so a
/// wrong type is reported with its line, column and JSON path, and nothing is built that is not kept.
struct JSONScanner {
    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0
    private var line: Int
    private var lineStart = 0
    private var path: [PathComponent] = []
    /// Keys of the objects being read, innermost last, for duplicate detection.
    private var openKeys: [String] = []
    private var keyMarks: [Int] = []
    /// Where the last key returned by ``nextKey(_:)`` starts.
    private(set) var keyPosition = 0
    /// Objects and arrays may nest this deep.
    private let maximumDepth = 64

    /// - Parameter firstLine: the line number of the first byte (for a line of an NDJSON stream).
    init(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int = 1) {
        self.bytes = bytes
        self.line = firstLine
        path.reserveCapacity(4)
        openKeys.reserveCapacity(16)
    }

    // MARK: Structure

    /// Reads `{`; then call ``nextKey(_:)`` until it returns `nil`.
    mutating func beginObject() throws(JSONInputError) {
        try expectValue("an object", opening: UInt8(ascii: "{"))
        keyMarks.append(openKeys.count)
    }

    /// The next member's key, or `nil` after the closing `}`. Leaves the reader at the value.
    mutating func nextKey(_ first: inout Bool) throws(JSONInputError) -> String? {
        skipWhitespace()
        if !first { path.removeLast() }
        if peek() == UInt8(ascii: "}") {
            position += 1
            openKeys.removeSubrange((keyMarks.popLast() ?? openKeys.count)...)
            return nil
        }
        if !first {
            guard peek() == UInt8(ascii: ",") else { throw fail("expected ',' or '}' after an object member") }
            position += 1
            skipWhitespace()
        }
        guard peek() == UInt8(ascii: "\"") else {
            throw fail(first ? "expected a key in double quotes or '}'" : "expected a key in double quotes")
        }
        keyPosition = position
        let key = try scanString()
        let mark = keyMarks.last ?? 0
        if openKeys[mark...].contains(key) {
            throw fail("duplicate key \(quoted(key)); give each key once", at: keyPosition)
        }
        openKeys.append(key)
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw fail("expected ':' after the key") }
        position += 1
        first = false
        path.append(.key(key))
        return key
    }

    /// Reads `[`; then call ``nextElement(_:)`` until it returns `false`.
    mutating func beginArray() throws(JSONInputError) {
        try expectValue("an array", opening: UInt8(ascii: "["))
    }

    /// Whether another element follows (the reader is then at it); `false` after the closing `]`.
    mutating func nextElement(_ index: inout Int) throws(JSONInputError) -> Bool {
        skipWhitespace()
        if index > 0 { path.removeLast() }
        if peek() == UInt8(ascii: "]") {
            position += 1
            return false
        }
        if index > 0 {
            guard peek() == UInt8(ascii: ",") else { throw fail("expected ',' or ']' after an array element") }
            position += 1
        }
        path.append(.index(index))
        index += 1
        return true
    }

    /// After the top-level value: only white space may follow.
    mutating func expectEnd() throws(JSONInputError) {
        skipWhitespace()
        guard position == bytes.count else { throw fail("unexpected text after the end of the JSON value") }
    }

    // MARK: Values

    /// Consumes `null` and returns `true`, or returns `false` at any other value.
    mutating func readNull() throws(JSONInputError) -> Bool {
        skipWhitespace()
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func readString() throws(JSONInputError) -> String {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw mismatch("a string") }
        return try scanString()
    }

    /// A string, or `nil` for `null`.
    mutating func readOptionalString() throws(JSONInputError) -> String? {
        try readNull() ? nil : readString()
    }

    mutating func readBool() throws(JSONInputError) -> Bool {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default:
            throw mismatch("true or false")
        }
    }

    /// `true`, `false`, or `nil` for `null`.
    mutating func readOptionalBool() throws(JSONInputError) -> Bool? {
        try readNull() ? nil : readBool()
    }

    /// An array of strings, or `nil` for `null`.
    mutating func readOptionalStringArray() throws(JSONInputError) -> [String]? {
        if try readNull() { return nil }
        try beginArray()
        var values: [String] = []
        var index = 0
        while try nextElement(&index) { values.append(try readString()) }
        return values
    }

    /// An object of strings (a `null` member counts as absent), or `nil` for `null`.
    mutating func readOptionalStringMap() throws(JSONInputError) -> [String: String]? {
        if try readNull() { return nil }
        try beginObject()
        var values: [String: String] = [:]
        var first = true
        while let key = try nextKey(&first) {
            if let value = try readOptionalString() { values[key] = value }
        }
        return values
    }

    /// A number, as its text (`-1.5e3`), checked against RFC 8259's grammar.
    mutating func readNumber() throws(JSONInputError) -> String {
        skipWhitespace()
        let start = position
        func digits(_ scanner: inout JSONScanner) -> Int {
            let from = scanner.position
            while let byte = scanner.peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { scanner.position += 1 }
            return scanner.position - from
        }
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            position = start
            throw mismatch("a number")
        }
        if first == UInt8(ascii: "0") { position += 1 } else { _ = digits(&self) }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard digits(&self) > 0 else { throw fail("a number needs digits after its decimal point") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard digits(&self) > 0 else { throw fail("a number needs digits after its exponent") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    /// Any JSON value, kept whole.
    mutating func readValue() throws(JSONInputError) -> JSONValue {
        skipWhitespace()
        switch peek() ?? 0 {
        case UInt8(ascii: "{"):
            try beginObject()
            var members: [(key: String, value: JSONValue)] = []
            var first = true
            while let key = try nextKey(&first) { members.append((key, try readValue())) }
            return .object(members)
        case UInt8(ascii: "["):
            try beginArray()
            var elements: [JSONValue] = []
            var index = 0
            while try nextElement(&index) { elements.append(try readValue()) }
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try scanString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try readBool())
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try readNumber())
        default:
            throw mismatch("a JSON value")
        }
    }

    /// Any JSON value, checked and passed over without keeping it (a batch item that is skipped).
    mutating func skipValue() throws(JSONInputError) {
        skipWhitespace()
        switch peek() ?? 0 {
        case UInt8(ascii: "{"):
            try beginObject()
            var first = true
            while try nextKey(&first) != nil { try skipValue() }
        case UInt8(ascii: "["):
            try beginArray()
            var index = 0
            while try nextElement(&index) { try skipValue() }
        case UInt8(ascii: "\""):
            _ = try scanString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try readBool()
        case UInt8(ascii: "n"):
            try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try readNumber()
        default:
            throw mismatch("a JSON value")
        }
    }

    /// Whether the next value is an object, without reading it.
    mutating func atObject() -> Bool {
        skipWhitespace()
        return peek() == UInt8(ascii: "{")
    }

    /// Whether the next value is an array, without reading it.
    mutating func atArray() -> Bool {
        skipWhitespace()
        return peek() == UInt8(ascii: "[")
    }

    /// Whether the next value is a string, without reading it.
    mutating func atString() -> Bool {
        skipWhitespace()
        return peek() == UInt8(ascii: "\"")
    }

    // MARK: Errors

    /// An error at the current position (or `offset`), with the current path.
    func fail(_ message: String, at offset: Int? = nil) -> JSONInputError {
        let offset = min(offset ?? position, bytes.count)
        var column = 1
        var index = lineStart
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return JSONInputError(line: line, column: column, path: pathText, message: message)
    }

    /// An unknown key, at the key, with the nearest known key as a suggestion.
    func unknownKey(_ key: String, known: [String]) -> JSONInputError {
        let hint = Suggestions.nearest(to: key, in: known).map { "; did you mean '\($0)'?" } ?? "; remove it"
        return keyError("unknown key \(quoted(key))\(hint)")
    }

    /// An error about the key just read, at the key, with the path of the object that holds it.
    func keyError(_ message: String) -> JSONInputError {
        var error = fail(message, at: keyPosition)
        error.path = Self.text(of: path.dropLast())
        return error
    }

    var pathText: String { Self.text(of: path[...]) }

    private static func text(of path: ArraySlice<PathComponent>) -> String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text = JSONPath.member(text, key)
            case .index(let index): text = JSONPath.index(text, index)
            }
        }
        return text
    }

    /// A value of the wrong type: says what was expected and what was found, never the value.
    func mismatch(_ expected: String) -> JSONInputError {
        guard let next = peek() else { return fail("expected \(expected), found the end of the input") }
        let found: String
        switch next {
        case UInt8(ascii: "\""): found = "a string"
        case UInt8(ascii: "{"): found = "an object"
        case UInt8(ascii: "["): found = "an array"
        case UInt8(ascii: "t") where startsWith("true"), UInt8(ascii: "f") where startsWith("false"): found = "true or false"
        case UInt8(ascii: "n") where startsWith("null"): found = "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): found = "a number"
        default: return fail("expected \(expected), found something that is not JSON (a string without its double quotes?)")
        }
        return fail("expected \(expected), found \(found)")
    }

    // MARK: Scanning

    /// Where the next value starts, after white space.
    mutating func valueStart() -> Int {
        skipWhitespace()
        return position
    }

    private func startsWith(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return word.withUTF8Buffer { expected in (0..<count).allSatisfy { bytes[position + $0] == expected[$0] } }
    }

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "\n"):
                position += 1
                line += 1
                lineStart = position
            default:
                return
            }
        }
    }

    private mutating func expectValue(_ expected: String, opening: UInt8) throws(JSONInputError) {
        skipWhitespace()
        guard peek() == opening else { throw mismatch(expected) }
        guard path.count < maximumDepth else { throw fail("nesting deeper than \(maximumDepth) levels") }
        position += 1
    }

    private mutating func literal(_ word: StaticString) throws(JSONInputError) {
        guard startsWith(word) else { throw fail("expected a JSON value (a misspelt true, false or null?)") }
        position += word.utf8CodeUnitCount
    }

    /// Reads a string starting at its opening quote.
    private mutating func scanString() throws(JSONInputError) -> String {
        let start = position
        position += 1
        var ascii = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<position])
                position += 1
                if ascii { return String(decoding: content, as: UTF8.self) }
                guard let text = String(validating: content, as: UTF8.self) else {
                    throw fail("the string holds bytes that are not UTF-8", at: start)
                }
                return text
            }
            if byte == UInt8(ascii: "\\") { return try scanEscapedString(from: start) }
            if byte < 0x20 { throw fail("a control character must be escaped inside a string (a missing closing quote?)") }
            if byte >= 0x80 { ascii = false }
            position += 1
        }
        throw fail("the string is not closed; add the closing double quote", at: start)
    }

    private mutating func scanEscapedString(from start: Int) throws(JSONInputError) -> String {
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[(start + 1)..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                guard let text = String(validating: buffer, as: UTF8.self) else {
                    throw fail("the string holds bytes that are not UTF-8", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                let escapeStart = position
                position += 1
                guard let escaped = peek() else { break }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escaped)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hexQuad(escapeStart)
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                            bytes[position + 1] == UInt8(ascii: "u")
                        else { throw fail("a \\u escape of a high surrogate must be followed by a low one", at: escapeStart) }
                        position += 2
                        let low = try hexQuad(escapeStart)
                        guard (0xDC00..<0xE000).contains(low) else {
                            throw fail("a \\u escape of a high surrogate must be followed by a low one", at: escapeStart)
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else {
                        throw fail("a \\u escape names a lone surrogate, which is not a character", at: escapeStart)
                    }
                    buffer.append(contentsOf: UTF8.encode(unicode) ?? UTF8.EncodedScalar())
                default:
                    throw fail("unknown escape in a string; use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX", at: escapeStart)
                }
            default:
                if byte < 0x20 {
                    throw fail("a control character must be escaped inside a string (a missing closing quote?)")
                }
                buffer.append(byte)
                position += 1
            }
        }
        throw fail("the string is not closed; add the closing double quote", at: start)
    }

    private mutating func hexQuad(_ escapeStart: Int) throws(JSONInputError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("a \\u escape needs four hex digits", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("a \\u escape needs four hex digits", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
