/// The one JSON writer: verdicts, NDJSON and server answers, lint's json and SARIF, the
/// classify summary all write through it, straight into bytes.
///
/// Keys come in the order written; strings are escaped as RFC 8259 requires (`\"`, `\\`, `\n`,
/// `\r`, `\t`, every other control character as `\u00XX`; nothing else); numbers as Swift prints
/// them. Compact by default; with `indent`, one member a line, `": "` after keys — except inside
/// a container begun `inline` and for a key written `sameLine`, which stay on the current line,
/// separated by `", "`.
///
/// Byte-stable: the same calls give the same bytes, so golden files can compare them.
package struct JSONWriter: Sendable {
    /// The JSON written so far.
    package var bytes: [UInt8] = []
    private let indent: Int
    private var depth = 0
    private var isFirst = true
    private var afterKey = false
    /// The depth of the outermost open `inline` container; 0 when there is none.
    private var inlineFrom = 0

    /// `indent` 0 writes compact JSON; more writes one member a line, indented that many spaces a level.
    package init(indent: Int = 0) {
        self.indent = indent
    }

    /// The bytes as text.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Containers

    /// Opens an object; with `inline`, it and everything inside stay on one line.
    package mutating func beginObject(inline: Bool = false) {
        open(UInt8(ascii: "{"), inline: inline)
    }

    package mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    /// Opens an array; with `inline`, it and everything inside stay on one line.
    package mutating func beginArray(inline: Bool = false) {
        open(UInt8(ascii: "["), inline: inline)
    }

    package mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// A member's key; the value written next is its value. With `sameLine`, the member follows
    /// the previous one on its line.
    package mutating func key(_ key: String, sameLine: Bool = false) {
        separate(sameLine: sameLine)
        appendString(key)
        bytes.append(UInt8(ascii: ":"))
        if indent > 0 { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    /// `{…}` with the members `body` writes.
    package mutating func object(inline: Bool = false, _ body: (inout JSONWriter) -> Void) {
        beginObject(inline: inline)
        body(&self)
        endObject()
    }

    /// `[…]` with one element per item, written by `element`.
    package mutating func array<S: Sequence>(_ items: S, inline: Bool = false, _ element: (inout JSONWriter, S.Element) -> Void) {
        beginArray(inline: inline)
        for item in items { element(&self, item) }
        endArray()
    }

    // MARK: Values

    package mutating func string(_ value: String) {
        startValue()
        appendString(value)
    }

    /// A string, or `null` for `nil`.
    package mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    package mutating func bool(_ value: Bool) {
        startValue()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    package mutating func int(_ value: Int) {
        startValue()
        // Digits straight into the output, without the String `description` would allocate: places write two numbers
        // for every issue of every verdict. 24 bytes hold the 20 digits of the largest magnitude.
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// A number as Swift prints it (`0.5`, `1.0`, `0.6666666666666666`); `null` when not finite.
    package mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        startValue()
        bytes.append(contentsOf: value.description.utf8)
    }

    /// A number already in JSON's form (from ``JSONValue/number(_:)``).
    mutating func rawNumber(_ text: String) {
        startValue()
        bytes.append(contentsOf: text.utf8)
    }

    package mutating func null() {
        startValue()
        bytes.append(contentsOf: Self.nullBytes)
    }

    /// An array of strings.
    package mutating func stringArray(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    // MARK: Members

    package mutating func member(_ key: String, string value: String) {
        self.key(key)
        string(value)
    }

    package mutating func member(_ key: String, int value: Int) {
        self.key(key)
        int(value)
    }

    package mutating func member(_ key: String, bool value: Bool) {
        self.key(key)
        bool(value)
    }

    /// A member whose value `value` writes.
    package mutating func member(_ key: String, _ value: (inout JSONWriter) -> Void) {
        self.key(key)
        value(&self)
    }

    // MARK: Layout

    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
    private static let nullBytes: [UInt8] = Array("null".utf8)

    private mutating func open(_ bracket: UInt8, inline: Bool) {
        startValue()
        bytes.append(bracket)
        depth += 1
        if inline, inlineFrom == 0 { inlineFrom = depth }
        isFirst = true
    }

    private mutating func startValue() {
        if afterKey {
            afterKey = false
        } else if depth > 0 {
            separate(sameLine: false)
        }
    }

    private mutating func separate(sameLine: Bool) {
        let first = isFirst
        if !first { bytes.append(UInt8(ascii: ",")) }
        isFirst = false
        guard indent > 0 else { return }
        if sameLine || inlineFrom != 0 {
            if !first { bytes.append(UInt8(ascii: " ")) }
        } else {
            newline()
        }
    }

    private mutating func close(_ bracket: UInt8) {
        let inline = inlineFrom != 0
        if inlineFrom == depth { inlineFrom = 0 }
        depth -= 1
        if !isFirst, !inline { newline() }
        bytes.append(bracket)
        isFirst = false
    }

    private mutating func newline() {
        guard indent > 0 else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * indent))
    }

    private mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them in one go.
        let copied = value.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return false
            }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

