/// A field whose key or label reads like a secret should be masked. A field that says `secret: false`
/// outright (a key *id*, say) has been thought about and is left alone.
struct SecretNotMarkedRule: FileRule {
    static let codes: [RuleCode] = [.secretNotMarked]
    static let summary = "a credential field looks secret (password, token, secret, key) but is not marked secret"
    static var examples: RuleExamples {
        func file(_ key: String, _ kind: String) -> String {
            exampleCredentialsPartner("  - key: \(key)\n    label: Value\n    kind: \(kind)")
        }
        return RuleExamples(
            passing: [
                ["acme.yaml": file("api_key", "secret")], ["acme.yaml": file("account", "identifier")],
                ["acme.yaml": file("key_id", "identifier\n    secret: false")],
            ],
            failing: [["acme.yaml": file("api_key", "text")], ["acme.yaml": file("refresh_token", "identifier")]])
    }

    static let words = ["password", "passwd", "token", "secret", "key"]

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        for (prefix, fields) in CredentialSets.of(document.definition) {
            for (index, field) in fields.enumerated() where !field.secret {
                if document.locations["\(prefix)[\(index)].secret"] != nil { continue }
                let words = Self.words(in: field.key) + Self.words(in: field.label)
                guard let word = words.first(where: { Self.words.contains($0) }) else { continue }
                findings.append(
                    document.finding(
                        at: "\(prefix)[\(index)]", code: .secretNotMarked,
                        "field '\(field.key)' looks secret ('\(word)') but is not masked; add 'secret: true' or use kind password, token or secret"))
            }
        }
    }

    /// Lower-case words of a key or label: `refresh_token` → [refresh, token]; `Key ID` → [key, id].
    static func words(in text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }
}
