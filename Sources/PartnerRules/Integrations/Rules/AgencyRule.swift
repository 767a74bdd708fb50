/// An agency integration needs a partner that allows agencies and an agency that is transparent.
struct AgencyRule: RequestRule {
    static let codes: [RuleCode] = [.agencyNotSupported, .agencyNotTransparent]
    static let summary = "agency integrations only where the partner allows them, and only through transparent agencies"
    static var examples: RuleExamples {
        let open = ["acme.yaml": examplePartner("acme", "acme_int")]
        let closed = ["acme.yaml": examplePartner("acme", "acme_int", "agency: false")]
        func request(_ agency: String) -> String { #"{"partner": "acme", "apps": ["com.acme.game"], "agency": "# + agency + "}" }
        return RuleExamples(
            passing: [
                RuleExample(files: open, request: request(#"{"id": "blue-agency", "transparent": true}"#)),
                RuleExample(files: closed, request: #"{"partner": "acme", "apps": ["com.acme.game"]}"#),
            ],
            failing: [
                RuleExample(files: closed, request: request(#"{"id": "blue-agency"}"#), reports: .agencyNotSupported),
                RuleExample(
                    files: open, request: request(#"{"id": "blue-agency", "transparent": false}"#), reports: .agencyNotTransparent),
            ])
    }

    /// Per partner (by index): the message for an agency integration of a partner that takes none.
    let notSupported: [String]

    init(compiling partners: [CompiledPartner]) {
        notSupported = partners.map { "agencies cannot integrate \($0.name); remove agency and integrate directly" }
    }

    func apply(_ input: CheckInput, into output: inout CheckOutput) {
        guard let partner = input.partner, let agency = input.request.agency else { return }
        let root = IntegrationRequest.CodingKeys.agency.stringValue
        if !partner.definition.agency {
            output.add(
                Verdict.Issue(code: .agencyNotSupported, path: root, message: notSupported[partner.index], because: partner.because.agency))
        } else if agency.transparent == false {
            output.add(
                Verdict.Issue(
                    code: .agencyNotTransparent,
                    path: JSONPath.member(root, AgencyReference.CodingKeys.transparent.stringValue),
                    message: text(
                        "agency ", quoted(agency.id), " is not transparent, and data comes from transparent agencies only; ",
                        "choose a transparent agency or integrate directly"),
                    because: partner.because.agency))
        }
    }
}
