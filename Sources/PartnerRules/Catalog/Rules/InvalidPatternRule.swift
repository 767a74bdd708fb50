/// Every `pattern` (credential fields, audience API keys) is one the ECMA-262 dialect with the `u` flag accepts
/// (what JSON Schema and editors accept, and what the engine matches with). A pattern with backreferences or
/// lookaround that repeats something that itself repeats (`(?=x)(a+)+`) is a warning: it can take very long to
/// refuse a value, and such a value is refused.
struct InvalidPatternRule: FileRule {
    static let codes: [RuleCode] = [.invalidPattern]
    static let summary = "a pattern has a mistake, so it cannot check any value"
    static var examples: RuleExamples {
        func file(_ pattern: String) -> String {
            exampleCredentialsPartner("  - {key: account, label: Account, kind: identifier, pattern: '\(pattern)'}")
        }
        return RuleExamples(
            passing: [["acme.yaml": file("^[A-Z0-9]+$")]],
            failing: [["acme.yaml": file("^[A-Z0-9+$")], ["acme.yaml": file("(ab")], ["acme.yaml": file("^[0-9]{6,$")]])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        for (path, pattern) in Self.patterns(of: document.definition) {
            if let problem = CompiledPattern.problem(compiling: pattern) {
                findings.append(
                    document.finding(at: path, code: .invalidPattern, "pattern '\(pattern)' has a mistake, so it cannot check any value: \(problem)"))
            } else if CompiledPattern.canBeSlow(pattern) {
                var finding = document.finding(
                    at: path, code: .invalidPattern,
                    "pattern '\(pattern)' repeats a part that itself repeats and looks ahead, behind or back at a group, so checking a value that nearly matches can take very long and is then refused; repeat each part once, for example '(ab)+' rather than '(a+b?)+'")
                finding.severity = .warning
                findings.append(finding)
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
