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

    mutating func report(_ location: SourceLocation, code: RuleCode, _ message: String, suggestion: String? = nil, fix: Fix? = nil) {
        findings.append(Finding(file: file, location: location, code: code, message: message, suggestion: suggestion, fix: fix))
    }

    private mutating func record(_ path: String, _ node: YAMLNode) {
        locations[path] = node.location
    }

    /// Reports what the composer went past in the file (on its root), through ``Rules/composed``.
    mutating func reportComposed(_ root: YAMLNode) {
        guard !root.problems.isEmpty else { return }
        let composed = ComposedFile(file: file, root: root)
        for rule in Rules.composed { rule.apply(composed, into: &findings) }
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
                "\(describe(path)) must hold keys (lines such as 'name: value'), not \(node.kindDescription)\(shape.example.map { "; for example \($0)" } ?? "")")
            return nil
        }
        var result: [String: YAMLPair] = [:]
        for pair in pairs {
            let childPath = path.isEmpty ? pair.key : "\(path).\(pair.key)"
            locations["\(childPath)#key"] = pair.keyLocation
            if shape.keys.contains(pair.key) {
                result[pair.key] = pair
            } else if let hidden = pair.key.unicodeScalars.enumerated().first(where: { SourceCharacters.isHidden($0.element) }) {
                let meant = String(String(String.UnicodeScalarView(pair.key.unicodeScalars.filter { !SourceCharacters.isHidden($0) })).trimmingWhitespace())
                let column = pair.keyLocation.column + hidden.offset
                report(
                    SourceLocation(line: pair.keyLocation.line, column: column), code: .unknownKey,
                    "the key \(SourceText.shown(pair.key)) holds \(SourceCharacters.describe(hidden.element)) at column \(column), which cannot be seen; delete it and type '\(meant)' with ordinary spaces",
                    suggestion: meant)
            } else if let suggestion = Suggestions.nearest(to: pair.key, in: shape.keys) {
                report(
                    pair.keyLocation, code: .unknownKey, "unknown key '\(pair.key)'; did you mean '\(suggestion)'?",
                    suggestion: suggestion)
            } else {
                report(
                    pair.keyLocation, code: .unknownKey,
                    "unknown key '\(pair.key)' in \(shape.name); check the spelling (the keys allowed here: \(shape.keys.joined(separator: ", "))) or delete the line")
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

    /// A string. Any scalar style reads as text (`no` is the string "no"); null and collections are
    /// refused. The value goes through the ``Rules/value`` rules for its role; `what` names it in
    /// their messages ("media source"). `optional` says the key may be left out, so an empty value
    /// may be fixed by deleting it.
    mutating func string(
        _ node: YAMLNode, path: String, allowEmpty: Bool = false, role: ReadValue.Role = .text, what: String? = nil,
        optional: Bool = false
    ) -> String? {
        record(path, node)
        guard case .scalar(let text, let style) = node.content else {
            report(node.location, code: .typeMismatch, "\(subject(path)) must be text, not \(node.kindDescription)")
            return nil
        }
        if style == .plain && node.isNull {
            report(node.location, code: .typeMismatch, "\(subject(path)) has no value; write the text after the ':' (in quotes if it starts with a character such as [, @ or #)")
            return nil
        }
        if !allowEmpty && text.trimmingWhitespace().isEmpty {
            let fix = optional ? "write the text or delete the line" : "write the text; it cannot be left out"
            report(node.location, code: .emptyValue, "\(subject(path)) is empty; \(fix)")
            return nil
        }
        let value = ReadValue(file: file, text: text, style: style, location: node.location, path: path, named: what, role: role)
        for rule in Rules.value { rule.apply(value, into: &findings) }
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
                "\(subject(path)) takes true or false, and '\(text)' is neither; write \(meant ?? "true or false")\(quoted)", suggestion: meant)
            return nil
        }
        report(node.location, code: .typeMismatch, "\(subject(path)) takes true or false, not \(node.kindDescription)")
        return nil
    }

    /// A whole number, at least `minimum`.
    mutating func integer(_ node: YAMLNode, path: String, minimum: Int) -> Int? {
        record(path, node)
        guard case .scalar(let text, .plain) = node.content, let value = Int(text), value >= minimum else {
            report(
                node.location, code: .typeMismatch,
                "\(subject(path)) must be a whole number of at least \(minimum), written without quotes")
            return nil
        }
        return value
    }

    /// A `YYYY-MM-DD` date that exists.
    mutating func date(_ node: YAMLNode, path: String) -> CalendarDate? {
        guard let text = string(node, path: path) else { return nil }
        guard let date = CalendarDate(text) else {
            if let why = CalendarDate.whyNotADay(text) {
                report(node.location, code: .invalidValue, "'\(text)' is not a day that exists: \(why); write a day of the calendar as YYYY-MM-DD")
                return nil
            }
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
        // `kind: pasword` is "not a valid kind"; an item of `normalize: [...]` is not one of its choices.
        let what = path.hasSuffix("]") ? "one of the choices for '\(keyName(path))'" : "a valid \(keyName(path))"
        if let suggestion = Suggestions.nearest(to: text, in: options) {
            report(
                node.location, code: .unknownValue, "'\(text)' is not \(what); did you mean '\(suggestion)'?", suggestion: suggestion)
        } else {
            report(
                node.location, code: .unknownValue,
                "'\(text)' is not \(what); use one of \(options.map { "'\($0)'" }.joined(separator: ", "))")
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
            let fix: String
            var edits: Fix?
            if node.isNull {
                fix = "write [] for an empty list"
            } else if let text = node.scalar, text.hasPrefix("-"), !text.hasPrefix("- ") {
                fix = "put a space after each '-', as in '- \(text.dropFirst().prefix(while: { $0 != " " }))'"
                // One item a line, each '-' at the value's column: a candidate, proven before it is shown.
                let count = text.split(separator: " -", omittingEmptySubsequences: false).count
                edits = Fix(
                    description: "put a space after each '-'",
                    edits: (0..<count).map { .insert(" ", at: SourceLocation(line: node.location.line + $0, column: node.location.column + 1)) })
            } else {
                fix = "write a list such as [a, b], or one '- item' a line"
                // Text on its own line under the key: its '- ' is what is missing (proven before it is shown).
                if node.scalar != nil {
                    edits = Fix(description: "put '- ' before the text on line \(node.location.line)", edits: [.insert("- ", at: node.location)])
                }
            }
            report(node.location, code: .typeMismatch, "\(subject(path)) must be a list, not \(node.kindDescription); \(fix)", fix: edits)
            return nil
        }
        var items: [Item] = []
        items.reserveCapacity(nodes.count)
        for (index, child) in nodes.enumerated() {
            if let value = item(&self, child, "\(path)[\(index)]") { items.append(value) }
        }
        return items
    }

    mutating func strings(_ node: YAMLNode, path: String, role: ReadValue.Role = .text, what: String? = nil) -> [String]? {
        list(node, path: path) { reader, child, childPath in reader.string(child, path: childPath, role: role, what: what) }
    }

    mutating func choices<Value: RawRepresentable & CaseIterable>(_ node: YAMLNode, path: String, as type: Value.Type) -> [Value]?
    where Value.RawValue == String {
        list(node, path: path) { reader, child, childPath in reader.choice(child, path: childPath, as: type) }
    }

    // MARK: Names

    /// The last key of a path, for messages: `credentials[1].kind` → `kind`, `aliases[2]` → `aliases`.
    static func keyName(_ path: String) -> String {
        var name = Substring(path)
        if let dot = name.lastIndex(of: ".") { name = name[name.index(after: dot)...] }
        if let bracket = name.firstIndex(of: "["), bracket != name.startIndex { return String(name[..<bracket]) }
        return String(name)
    }

    private func keyName(_ path: String) -> String { Self.keyName(path) }

    /// The value a path names, for messages: `'kind'`, or `item 3 of 'aliases'`.
    private func subject(_ path: String) -> String {
        let key = keyName(path)
        guard path.hasSuffix("]"), let open = path.lastIndex(of: "["), let index = Int(path[path.index(after: open)..<path.index(before: path.endIndex)])
        else {
            return "'\(key)'"
        }
        return "item \(index + 1) of '\(key)'"
    }

    private func describe(_ path: String) -> String {
        path.isEmpty ? "the file" : subject(path)
    }
}

/// The keys one kind of mapping in a partner file takes; the schema test compares these with
/// `schemas/partner.schema.json`.
package struct ObjectShape: Sendable {
    package let name: String
    package let keys: [String]
    package let required: [String]
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
