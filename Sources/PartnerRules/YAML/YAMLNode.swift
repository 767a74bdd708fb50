/// How a scalar was written. The schema, not YAML's type guessing, decides what it means;
/// the style lets a decoder say "remove the quotes" or refuse a quoted key.
package enum ScalarStyle: Sendable, Hashable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded
}

/// A node of a YAML document with the 1-based position where it starts.
///
/// Scalars stay text. There are no anchors, aliases or tags: the composer refuses them.
package struct YAMLNode: Sendable, Hashable {
    package enum Content: Sendable, Hashable {
        case scalar(String, ScalarStyle)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    package var content: Content
    package var location: SourceLocation
    /// On a document's root: the problems the composer reported and went past (duplicate keys,
    /// anchors, aliases, tags, …), in file order. Empty on every other node.
    package internal(set) var problems: [YAMLError] = []

    package init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// The scalar's text, or `nil` for a sequence or mapping.
    package var scalar: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// `true` for a plain scalar that YAML would read as null (`~`, `null`, or nothing).
    package var isNull: Bool {
        if case .scalar(let text, .plain) = content {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    /// What the node is, in words for the people who edit partner files: "a list", "keys (name: value
    /// lines)", "the text 'x'", "an empty value".
    package var kindDescription: String {
        switch content {
        case .scalar(let text, _): return isNull ? "an empty value" : "the text '\(text.count > 40 ? text.prefix(37) + "..." : Substring(text))'"
        case .sequence: return "a list"
        case .mapping: return "a group of keys"
        }
    }
}

/// A key and its value in a mapping. Keys are plain scalars, so a key is its text.
package struct YAMLPair: Sendable, Hashable {
    package var key: String
    package var keyLocation: SourceLocation
    package var value: YAMLNode

    package init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}
