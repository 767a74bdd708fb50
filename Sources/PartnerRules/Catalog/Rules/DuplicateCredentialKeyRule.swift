/// Within one credential set, each key (including fallback keys) names one field.
struct DuplicateCredentialKeyRule: FileRule {
    static let codes: [RuleCode] = [.duplicateCredentialKey]
    static let summary = "two credential fields (or a field and a fallback) share a key"
    static var examples: RuleExamples {
        func file(_ second: String, fallback: String) -> String {
            exampleCredentialsPartner(
                """
                  - {key: account, label: Account, kind: identifier, fallback: {key: \(fallback), label: Account Title}}
                  - {key: \(second), label: Second, kind: password}
                """)
        }
        return RuleExamples(
            passing: [["acme.yaml": file("password", fallback: "account_title")]],
            failing: [["acme.yaml": file("account", fallback: "account_title")], ["acme.yaml": file("password", fallback: "password")]])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        for (prefix, fields) in CredentialSets.of(document.definition) {
            var seen: [String: Int] = [:]
            for (index, field) in fields.enumerated() {
                var keys = [(field.key, "\(prefix)[\(index)].key")]
                if let fallback = field.fallback { keys.append((fallback.key, "\(prefix)[\(index)].fallback.key")) }
                for (key, path) in keys {
                    if let earlier = seen[key] {
                        findings.append(
                            document.finding(
                                at: path, code: .duplicateCredentialKey,
                                "credential key '\(key)' is already used at line \(earlier); give each field its own key"))
                    } else {
                        seen[key] = document.location(path).line
                    }
                }
            }
        }
    }
}
