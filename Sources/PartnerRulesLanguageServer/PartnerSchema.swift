import Foundation

/// What the JSON Schema of partner files (or of partner test files) says about a key: the one source of truth
/// `docs/partner-format.md` is checked against, embedded by `tools/lsp-assets` (``SchemaText``).
package struct PartnerSchema: @unchecked Sendable {
    /// One schema node, reduced to what hover and completion show.
    package struct Entry: Sendable, Hashable {
        package var description: String?
        package var allowed: [String]
        package var defaultValue: String?
        package var keys: [String]
        package var required: [String]
    }

    private let root: [String: Any]
    private let definitions: [String: Any]

    /// The partner file schema.
    package static let partner = PartnerSchema(text: SchemaText.partner)
    /// The partner test file schema.
    package static let partnerTest = PartnerSchema(text: SchemaText.partnerTest)

    init(text: String) {
        let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        root = object
        definitions = object["$defs"] as? [String: Any] ?? [:]
    }

    /// The entry at `path`: key names, and `[]` for "an item of the list" (`credentials`, `[]`, `kind`).
    package func entry(at path: [String]) -> Entry? {
        var nodes = [root]
        for component in path {
            var next: [[String: Any]] = []
            for node in nodes.flatMap(alternatives) {
                if component == "[]" {
                    if let items = node["items"] as? [String: Any] { next.append(items) }
                } else if let properties = node["properties"] as? [String: Any], let child = properties[component] as? [String: Any] {
                    next.append(child)
                }
            }
            guard !next.isEmpty else { return nil }
            nodes = next
        }
        let all = nodes.flatMap(alternatives)
        var entry = Entry(description: nil, allowed: [], defaultValue: nil, keys: [], required: [])
        entry.description = nodes.lazy.compactMap { self.resolved($0)["description"] as? String }.first
        for node in all {
            entry.description = entry.description ?? node["description"] as? String
            if let values = node["enum"] as? [Any] { entry.allowed += values.map(Self.text) }
            if let items = node["items"] as? [String: Any], let values = resolved(items)["enum"] as? [Any] { entry.allowed += values.map(Self.text) }
            if entry.defaultValue == nil, let value = node["default"] { entry.defaultValue = Self.text(value) }
            if let properties = node["properties"] as? [String: Any] { entry.keys += properties.keys.sorted() }
            if let required = node["required"] as? [String] { entry.required += required }
        }
        return entry
    }

    /// A node with its `$ref` followed, then the node itself and each of its `oneOf`/`anyOf` branches.
    private func alternatives(_ node: [String: Any]) -> [[String: Any]] {
        let node = resolved(node)
        var result = [node]
        for key in ["oneOf", "anyOf"] {
            for branch in node[key] as? [[String: Any]] ?? [] { result += alternatives(branch) }
        }
        return result
    }

    private func resolved(_ node: [String: Any]) -> [String: Any] {
        guard let reference = node["$ref"] as? String, reference.hasPrefix("#/$defs/"),
            let target = definitions[String(reference.dropFirst("#/$defs/".count))] as? [String: Any]
        else { return node }
        return resolved(target)
    }

    private static func text(_ value: Any) -> String {
        if let text = value as? String { return text }
        if value is NSNull { return "null" }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }
}
