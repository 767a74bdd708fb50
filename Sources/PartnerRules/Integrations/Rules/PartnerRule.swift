/// The request must name a partner the catalog knows, by id, display name, alias or media source.
struct PartnerRule: RequestRule {
    static let codes: [RuleCode] = [.unknownPartner]
    static let summary = "the partner is named by an id, display name, alias or media source of the catalog"
    static var examples: RuleExamples {
        let files = ["acme.yaml": examplePartner("acme", "acme_int")]
        return RuleExamples(
            passing: [
                RuleExample(files: files, request: #"{"partner": "Partner acme", "apps": ["com.acme.game"]}"#),
                RuleExample(files: files, request: #"{"partner": " ACME_INT ", "apps": ["com.acme.game"]}"#),
            ],
            failing: [
                RuleExample(files: files, request: #"{"partner": "acne", "apps": ["com.acme.game"]}"#),
                RuleExample(files: files, request: #"{"partner": "", "apps": ["com.acme.game"]}"#),
            ])
    }

    init(compiling partners: [CompiledPartner]) {}

    func apply(_ input: CheckInput, into output: inout CheckOutput) {
        guard input.partner == nil else { return }
        let name = input.request.partner
        output.add(Self.unknown(name, suggestion: Suggestions.nearest(to: name, in: input.suggestionNames)))
    }

    static func unknown(_ name: String, suggestion: String?) -> Verdict.Issue {
        let path = IntegrationRequest.CodingKeys.partner.stringValue
        if name.trimmingWhitespace().isEmpty {
            return Verdict.Issue(
                code: .unknownPartner, path: path,
                message: "the request names no partner; set partner to a partner's id, name, alias or media source")
        }
        let fix = suggestion.map { "did you mean '\($0)'?" }
            ?? "use a partner's id, name, alias or media source from the catalog"
        return Verdict.Issue(code: .unknownPartner, path: path, message: text("unknown partner ", quoted(name), "; ", fix))
    }
}
