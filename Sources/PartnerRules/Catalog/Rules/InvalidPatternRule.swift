/// Every `pattern` (credential fields, audience API keys) compiles as a regular expression.
struct InvalidPatternRule: FileRule {
    static let codes: [RuleCode] = [.invalidPattern]
    static let summary = "a pattern has a mistake, so it cannot check any value"
    static var examples: RuleExamples {
        func file(_ pattern: String) -> String {
            exampleCredentialsPartner("  - {key: account, label: Account, kind: identifier, pattern: '\(pattern)'}")
        }
        return RuleExamples(
            passing: [["acme.yaml": file("^[A-Z0-9]+$")]],
            failing: [["acme.yaml": file("^[A-Z0-9+$")], ["acme.yaml": file("(ab")]])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        for (path, pattern) in Self.patterns(of: document.definition) {
            if let problem = CompiledPattern.problem(compiling: pattern) {
                findings.append(
                    document.finding(
                        at: path, code: .invalidPattern,
                        "pattern '\(pattern)' has a mistake (\(problem)), so it cannot check any value; fix the pattern"))
            }
        }
    }

    static func patterns(of definition: PartnerDefinition) -> [(path: String, pattern: String)] {
        var result: [(String, String)] = []
        for (index, field) in definition.credentials.enumerated() {
            if let pattern = field.pattern { result.append(("credentials[\(index)].pattern", pattern)) }
        }
        for (index, field) in definition.partnerMetrics.credentials.enumerated() {
            if let pattern = field.pattern { result.append(("partner_metrics.credentials[\(index)].pattern", pattern)) }
        }
        if let pattern = definition.audiences?.apiKeyPattern { result.append(("audiences.api_key.pattern", pattern)) }
        return result
    }
}
