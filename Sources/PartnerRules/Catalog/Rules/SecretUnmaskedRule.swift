/// A field of kind `password`, `token` or `secret` is always masked (SPEC 3a): `secret: false` on
/// one is refused, and `check` masks it whatever the file says.
struct SecretUnmaskedRule: FileRule {
    static let codes: [RuleCode] = [.secretUnmasked]
    static let summary = RuleCode.secretUnmasked.summary
    static var examples: RuleExamples {
        func file(_ kind: String, _ extra: String = "") -> String {
            exampleCredentialsPartner("  - key: login\n    label: Login\n    kind: \(kind)\(extra)")
        }
        return RuleExamples(
            passing: [["acme.yaml": file("password")], ["acme.yaml": file("token", "\n    secret: true")]],
            failing: [
                ["acme.yaml": file("password", "\n    secret: false")], ["acme.yaml": file("token", "\n    secret: false")],
                ["acme.yaml": file("secret", "\n    secret: false")],
            ])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        for (prefix, fields) in CredentialSets.of(document.definition) {
            for (index, field) in fields.enumerated() where field.kind.isSecretByDefault && !field.secret {
                findings.append(
                    document.finding(
                        at: "\(prefix)[\(index)].secret", code: .secretUnmasked,
                        "field '\(field.key)' is of kind \(field.kind.rawValue), which is always hidden; remove 'secret: false', or change the kind if the value is not secret",
                        onKey: true))
            }
        }
    }
}
