/// A tiny JSON writer with a fixed key order, so output is byte-for-byte stable (golden files, diffs).
public struct JSONWriter: Sendable {
    public private(set) var output: String = ""

    public init() {}

    /// Appends `value` as a JSON string literal, escaping what RFC 8259 requires.
    public mutating func string(_ value: String) {
        output.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case "\u{08}": output.append("\\b")
            case "\u{0C}": output.append("\\f")
            case "\u{2028}": output.append("\\u2028")
            case "\u{2029}": output.append("\\u2029")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output.append("\"")
    }

    public mutating func raw(_ text: String) { output.append(text) }
    public mutating func number(_ value: Int) { output.append(String(value)) }
    public mutating func bool(_ value: Bool) { output.append(value ? "true" : "false") }

    /// Writes `{"k": v, …}` with members in the order `body` writes them.
    public mutating func object(_ body: (inout ObjectWriter) -> Void) {
        var members = ObjectWriter(writer: JSONWriter())
        body(&members)
        output.append("{")
        output.append(members.writer.output)
        output.append("}")
    }

    /// Writes `[v, …]`, one element per item.
    public mutating func array<S: Sequence>(_ items: S, _ element: (inout JSONWriter, S.Element) -> Void) {
        output.append("[")
        var first = true
        for item in items {
            if !first { output.append(",") }
            first = false
            element(&self, item)
        }
        output.append("]")
    }

    public struct ObjectWriter {
        var writer: JSONWriter
        var first = true

        public mutating func member(_ key: String, _ value: (inout JSONWriter) -> Void) {
            if !first { writer.output.append(",") }
            first = false
            writer.string(key)
            writer.output.append(":")
            value(&writer)
        }

        public mutating func member(_ key: String, string: String) { member(key) { $0.string(string) } }
        public mutating func member(_ key: String, number: Int) { member(key) { $0.number(number) } }
        public mutating func member(_ key: String, bool: Bool) { member(key) { $0.bool(bool) } }
    }
}
