/// Reads typed values out of YAML nodes, recording where each value stands and a finding for
/// everything that does not fit the schema. Never throws: a bad value yields `nil` and a finding,
/// and decoding goes on so one run reports every problem in a file.
struct NodeReader {
    let file: String
    private(set) var findings: [Finding] = []
    private(set) var locations: [String: SourceLocation] = [:]

    init(file: String) {
        self.file = file
    }

    // MARK: Findings

    mutating func report(_ location: SourceLocation, code: RuleCode, _ message: String, suggestion: String? = nil) {
        findings.append(Finding(file: file, location: location, code: code, message: message, suggestion: suggestion))
    }

    private mutating func record(_ path: String, _ node: YAMLNode) {
        locations[path] = node.location
    }

    // MARK: Mappings

    /// The pairs of a mapping, by key, after checking keys against `shape`.
    ///
    /// Unknown keys get a finding with the nearest known key; missing required keys get one at the mapping.
    mutating func object(_ node: YAMLNode, path: String, shape: ObjectShape) -> [String: YAMLPair]? {
        record(path, node)
        guard case .mapping(let pairs) = node.content else {
            report(
                node.location, code: .typeMismatch,
                "\(describe(path, shape.name)) must be a mapping of keys, not \(node.kindDescription)\(shape.example.map { "; for example \($0)" } ?? "")")
            return nil
        }
        var result: [String: YAMLPair] = [:]
        for pair in pairs {
            let childPath = path.isEmpty ? pair.key : "\(path).\(pair.key)"
            locations["\(childPath)#key"] = pair.keyLocation
            if shape.keys.contains(pair.key) {
                result[pair.key] = pair
            } else if let suggestion = Suggestions.nearest(to: pair.key, in: shape.keys) {
                report(
                    pair.keyLocation, code: .unknownKey, "unknown key '\(pair.key)'; did you mean '\(suggestion)'?",
                    suggestion: suggestion)
            } else {
                report(
                    pair.keyLocation, code: .unknownKey,
                    "unknown key '\(pair.key)' in \(shape.name); remove it or check the spelling against the schema")
            }
        }
        for key in shape.required where result[key] == nil {
            report(
                node.location, code: .missingKey,
                "\(shape.name) is missing the required key '\(key)'\(shape.hints[key].map { "; add \($0)" } ?? "")")
        }
        return result
    }

    // MARK: Scalars

    /// A string. Any scalar style reads as text (`no` is the string "no"); null and collections are refused.
    mutating func string(_ node: YAMLNode, path: String, allowEmpty: Bool = false) -> String? {
        record(path, node)
        guard case .scalar(let text, let style) = node.content else {
            report(node.location, code: .typeMismatch, "'\(keyName(path))' must be text, not \(node.kindDescription)")
            return nil
        }
        if style == .plain && node.isNull {
            report(node.location, code: .typeMismatch, "'\(keyName(path))' has no value; write the text, quoted if it looks like something else")
            return nil
        }
        if !allowEmpty && text.trimmingWhitespace().isEmpty {
            report(node.location, code: .emptyValue, "'\(keyName(path))' is empty; write a value or remove the key")
            return nil
        }
        return text
    }

    /// `true` or `false`, unquoted; YAML 1.1 spellings such as `yes` are refused with the fix.
    mutating func bool(_ node: YAMLNode, path: String) -> Bool? {
        record(path, node)
        if case .scalar(let text, let style) = node.content {
            if style == .plain && text == "true" { return true }
            if style == .plain && text == "false" { return false }
            let lowered = text.lowercased()
            let meant: String? =
                ["yes", "y", "on", "true"].contains(lowered) ? "true" : ["no", "n", "off", "false"].contains(lowered) ? "false" : nil
            let quoted = style != .plain ? " without quotes" : ""
            report(
                node.location, code: .typeMismatch,
                "'\(keyName(path))' is a boolean: '\(text)' is not one; use true or false\(quoted)", suggestion: meant)
            return nil
        }
        report(node.location, code: .typeMismatch, "'\(keyName(path))' is a boolean; use true or false, not \(node.kindDescription)")
        return nil
    }

    /// A whole number, at least `minimum`.
    mutating func integer(_ node: YAMLNode, path: String, minimum: Int) -> Int? {
        record(path, node)
        guard case .scalar(let text, .plain) = node.content, let value = Int(text), value >= minimum else {
            report(
                node.location, code: .typeMismatch,
                "'\(keyName(path))' must be a whole number of at least \(minimum), written without quotes")
            return nil
        }
        return value
    }

    /// A `YYYY-MM-DD` date that exists.
    mutating func date(_ node: YAMLNode, path: String) -> CalendarDate? {
        guard let text = string(node, path: path) else { return nil }
        guard let date = CalendarDate(text) else {
            report(node.location, code: .invalidValue, "'\(text)' is not a date; write it as YYYY-MM-DD, for example 2024-03-31")
            return nil
        }
        return date
    }

    /// One of an enumeration's raw values, with the nearest one suggested.
    mutating func choice<Value: RawRepresentable & CaseIterable>(_ node: YAMLNode, path: String, as type: Value.Type) -> Value?
    where Value.RawValue == String {
        guard let text = string(node, path: path) else { return nil }
        if let value = Value(rawValue: text) { return value }
        let options = Value.allCases.map(\.rawValue)
        if let suggestion = Suggestions.nearest(to: text, in: options) {
            report(
                node.location, code: .unknownValue,
                "'\(text)' is not a valid \(keyName(path)); did you mean '\(suggestion)'?", suggestion: suggestion)
        } else {
            report(
                node.location, code: .unknownValue,
                "'\(text)' is not a valid \(keyName(path)); use one of \(options.map { "'\($0)'" }.joined(separator: ", "))")
        }
        return nil
    }

    // MARK: Lists

    /// The items of a list, each read by `item` with its own path (`aliases[2]`). Bad items are left out.
    mutating func list<Item>(
        _ node: YAMLNode, path: String, item: (inout NodeReader, YAMLNode, String) -> Item?
    ) -> [Item]? {
        record(path, node)
        guard case .sequence(let nodes) = node.content else {
            let fix = node.isNull ? "write [] for an empty list" : "write a list such as [a, b] or one '- item' a line"
            report(node.location, code: .typeMismatch, "'\(keyName(path))' must be a list, not \(node.kindDescription); \(fix)")
            return nil
        }
        var items: [Item] = []
        items.reserveCapacity(nodes.count)
        for (index, child) in nodes.enumerated() {
            if let value = item(&self, child, "\(path)[\(index)]") { items.append(value) }
        }
        return items
    }

    mutating func strings(_ node: YAMLNode, path: String) -> [String]? {
        list(node, path: path) { reader, child, childPath in reader.string(child, path: childPath) }
    }

    mutating func choices<Value: RawRepresentable & CaseIterable>(_ node: YAMLNode, path: String, as type: Value.Type) -> [Value]?
    where Value.RawValue == String {
        list(node, path: path) { reader, child, childPath in reader.choice(child, path: childPath, as: type) }
    }

    // MARK: Names

    /// The last key of a path, for messages: `credentials[1].kind` → `kind`.
    private func keyName(_ path: String) -> String {
        var name = Substring(path)
        if let dot = name.lastIndex(of: ".") { name = name[name.index(after: dot)...] }
        if let bracket = name.firstIndex(of: "[") {
            let base = name[..<bracket]
            return base.isEmpty ? String(name) : "\(base) item"
        }
        return String(name)
    }

    private func describe(_ path: String, _ name: String) -> String {
        path.isEmpty ? "the file" : "'\(keyName(path))'"
    }
}

/// The keys one kind of mapping in a partner file takes; the schema test compares these with
/// `schemas/partner.schema.json`.
public struct ObjectShape: Sendable {
    public let name: String
    public let keys: [String]
    public let required: [String]
    /// A short fix for each required key, shown when it is missing.
    let hints: [String: String]
    let example: String?

    init(name: String, keys: [String], required: [String] = [], hints: [String: String] = [:], example: String? = nil) {
        self.name = name
        self.keys = keys
        self.required = required
        self.hints = hints
        self.example = example
    }
}
