/// Any JSON value, members in the order read: what the scanner keeps when a part of the input
/// has no type of its own, and the bridge that lets `Codable` reuse the one reader and writer.
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// The number's text as written (`-1.5e3`), so no digit is lost.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// Reads one JSON document.
    init(json: [UInt8]) throws(JSONInputError) {
        self = try json.withUnsafeBufferPointer { buffer throws(JSONInputError) in
            var scanner = JSONScanner(buffer)
            let value = try scanner.readValue()
            try scanner.expectEnd()
            return value
        }
    }

    func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .number(let text): writer.rawNumber(text)
        case .string(let value): writer.string(value)
        case .array(let elements):
            writer.array(elements) { writer, element in element.write(to: &writer) }
        case .object(let members):
            writer.beginObject()
            for member in members {
                writer.key(member.key)
                member.value.write(to: &writer)
            }
            writer.endObject()
        }
    }
}

/// `Codable` for the JSON types, derived from their one reader (`read(from:)` over ``JSONScanner``)
/// and one writer (`write(to:)` over ``JSONWriter``): a `Decoder`'s value is written as JSON and read
/// back, a value is written and its JSON handed to the `Encoder`. No second list of keys, no second
/// set of rules.
enum JSONBridge {
    static func decode<T>(
        from decoder: any Decoder, _ read: (inout JSONScanner) throws(JSONInputError) -> T
    ) throws -> T {
        var writer = JSONWriter()
        try JSONValue(from: decoder).write(to: &writer)
        do {
            return try writer.bytes.withUnsafeBufferPointer { buffer throws(JSONInputError) in
                var scanner = JSONScanner(buffer)
                let value = try read(&scanner)
                try scanner.expectEnd()
                return value
            }
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: (error.path.isEmpty ? "" : error.path + ": ") + error.message))
        }
    }

    static func encode(to encoder: any Encoder, _ write: (inout JSONWriter) -> Void) throws {
        var writer = JSONWriter()
        write(&writer)
        do {
            try JSONValue(json: writer.bytes).encode(to: encoder)
        } catch let error as JSONInputError {
            throw EncodingError.invalidValue(writer.text, EncodingError.Context(codingPath: encoder.codingPath, debugDescription: error.message))
        }
    }
}

extension JSONValue: Codable {
    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var members: [(key: String, value: JSONValue)] = []
            for key in object.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                members.append((key.stringValue, try object.decode(JSONValue.self, forKey: key)))
            }
            self = .object(members)
        } else if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let value = try? single.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? single.decode(Int.self) {
                self = .number(String(value))
            } else if let value = try? single.decode(Double.self) {
                self = .number(value.description)
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .number(let text):
            var single = encoder.singleValueContainer()
            if let value = Int(text) { try single.encode(value) } else { try single.encode(Double(text) ?? 0) }
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let elements):
            var array = encoder.unkeyedContainer()
            for element in elements { try array.encode(element) }
        case .object(let members):
            var object = encoder.container(keyedBy: AnyCodingKey.self)
            for member in members { try object.encode(member.value, forKey: AnyCodingKey(stringValue: member.key)) }
        }
    }
}

/// A coding key for whatever key a JSON object has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
