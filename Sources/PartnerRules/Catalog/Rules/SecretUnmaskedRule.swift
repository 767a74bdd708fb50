/// A secret-looking field may not be shown by accident (SPEC 19). A field of kind `password`, `token` or `secret`
/// is always masked: `secret: false` on one is refused, even with a reason. A field of another kind whose key or
/// label reads like a secret (`password`, `key`, `token`, …) may say `secret: false` only together with
/// `not_secret_because:` and a reason a reviewer can read; until then `check` keeps masking it.
struct SecretUnmaskedRule: FileRule {
    static let codes: [RuleCode] = [.secretUnmasked]
    static let summary = RuleCode.secretUnmasked.summary
    static var examples: RuleExamples {
        func file(_ kind: String, _ extra: String = "", key: String = "login", label: String = "Login") -> String {
            exampleCredentialsPartner("  - key: \(key)\n    label: \(label)\n    kind: \(kind)\(extra)")
        }
        let reason = "\n    not_secret_because: the key ID names the key; it is not the key"
        return RuleExamples(
            passing: [
                ["acme.yaml": file("password")], ["acme.yaml": file("token", "\n    secret: true")],
                ["acme.yaml": file("identifier", "\n    secret: false" + reason, key: "key_id", label: "Key ID")],
                ["acme.yaml": file("text", "\n    secret: false")],
            ],
            failing: [
                ["acme.yaml": file("password", "\n    secret: false")], ["acme.yaml": file("token", "\n    secret: false")],
                ["acme.yaml": file("secret", "\n    secret: false" + reason)],
                ["acme.yaml": file("text", "\n    secret: false", key: "password", label: "Password")],
                ["acme.yaml": file("identifier", "\n    secret: false", key: "account", label: "Auth Code")],
            ])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        for (prefix, fields) in CredentialSets.of(document.definition) {
            for (index, field) in fields.enumerated() where !field.secret {
                if field.kind.isSecretByDefault {
                    findings.append(
                        document.finding(
                            at: "\(prefix)[\(index)].secret", code: .secretUnmasked,
                            "field '\(field.key)' is of kind \(field.kind.rawValue), which is always hidden; remove 'secret: false', or change the kind if the value is not secret",
                            onKey: true))
                } else if field.notSecretBecause == nil, document.locations["\(prefix)[\(index)].secret"] != nil,
                    let word = SecretWords.match(field.key) ?? SecretWords.match(field.label)
                {
                    findings.append(
                        document.finding(
                            at: "\(prefix)[\(index)].secret", code: .secretUnmasked,
                            "field '\(field.key)' looks secret (it contains '\(word)') but says 'secret: false', so its value would be shown; write 'secret: true' to hide it, or add 'not_secret_because:' under it with the reason the value may be shown (its value stays hidden until then)",
                            onKey: true))
                }
            }
        }
    }
}
