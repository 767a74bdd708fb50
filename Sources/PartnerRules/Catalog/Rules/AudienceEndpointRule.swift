/// Audience endpoints are reached over HTTPS and list each identifier once.
struct AudienceEndpointRule: FileRule {
    static let codes: [RuleCode] = [.audienceEndpoint]
    static let summary = "an audiences section with a non-https endpoint, no identifiers, or an identifier listed twice"
    static var examples: RuleExamples {
        func file(_ identifiers: String, _ endpoint: String) -> String {
            examplePartner(
                "acme", "acme_int",
                """
                audiences:
                  identifiers: \(identifiers)
                  endpoint: \(endpoint)
                """)
        }
        return RuleExamples(
            passing: [["acme.yaml": file("[adid, email]", "https://audiences.acme.example/af")]],
            failing: [
                ["acme.yaml": file("[adid, adid]", "https://audiences.acme.example/af")],
                ["acme.yaml": file("[adid]", "http://audiences.acme.example/af")],
                ["acme.yaml": file("[]", "https://audiences.acme.example/af")],
            ])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        guard let audiences = document.definition.audiences else { return }
        if audiences.identifiers.isEmpty {
            findings.append(
                document.finding(
                    at: "audiences.identifiers", code: .audienceEndpoint,
                    "no identifiers listed; name at least one of adid, email, phone"))
        }
        var seen: Set<AudienceIdentifier> = []
        for (index, identifier) in audiences.identifiers.enumerated() where !seen.insert(identifier).inserted {
            findings.append(
                document.finding(
                    at: "audiences.identifiers[\(index)]", code: .audienceEndpoint,
                    "identifier '\(identifier.rawValue)' is listed twice; list it once"))
        }
        if !Self.isHTTPSURL(audiences.endpoint) {
            findings.append(
                document.finding(
                    at: "audiences.endpoint", code: .audienceEndpoint,
                    "endpoint '\(audiences.endpoint)' is not an https URL with a host; write it as https://host/path"))
        }
    }

    static func isHTTPSURL(_ text: String) -> Bool {
        guard text.lowercased().hasPrefix("https://") else { return false }
        let rest = text.dropFirst("https://".count)
        let host = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        return !host.isEmpty && !host.contains(where: { $0.isWhitespace }) && !text.contains(where: { $0.isWhitespace })
    }
}
