/// The request must name a partner the catalog knows, by id, display name, alias or media source.
enum PartnerRule: IntegrationRule {
    static let codes: [IssueCode] = [.unknownPartner]
    static let summary = "the partner is named by an id, display name, alias or media source of the catalog"

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
