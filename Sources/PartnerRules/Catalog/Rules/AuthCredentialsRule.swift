/// A credentials partner has a form to fill in; an OAuth partner has none (partner metrics aside).
struct AuthCredentialsRule: FileRule {
    static let codes: [RuleCode] = [.authCredentials]
    static let summary = "auth and credentials disagree: a credentials partner without fields, or an OAuth partner with them"
    static var examples: RuleExamples {
        let field = """
            credentials:
              - key: token
                label: Token
                kind: token
            """
        return RuleExamples(
            passing: [["acme.yaml": examplePartner("acme", "acme_int").replacingAuth("credentials") + field]],
            failing: [
                ["acme.yaml": examplePartner("acme", "acme_int").replacingAuth("credentials")],
                ["acme.yaml": examplePartner("acme", "acme_int") + field],
            ])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        let definition = document.definition
        switch definition.auth {
        case .credentials where definition.credentials.isEmpty:
            findings.append(
                document.finding(
                    at: "auth", code: .authCredentials,
                    "auth is 'credentials' but no credential fields are listed; add them under 'credentials' or use auth: oauth"))
        case .oauth where !definition.credentials.isEmpty:
            findings.append(
                document.finding(
                    at: "credentials", code: .authCredentials,
                    "auth is 'oauth' but credential fields are listed; use auth: credentials, or move them to partner_metrics",
                    onKey: true))
        default:
            break
        }
    }
}

extension String {
    /// Rewrites the `auth:` line of an example partner file.
    func replacingAuth(_ auth: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("auth:") ? "auth: \(auth)" : String($0) }
            .joined(separator: "\n")
    }
}
