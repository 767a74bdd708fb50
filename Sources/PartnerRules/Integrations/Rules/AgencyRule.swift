/// An agency integration needs a partner that allows agencies and an agency that is transparent.
enum AgencyRule: IntegrationRule {
    static let codes: [IssueCode] = [.agencyNotSupported, .agencyNotTransparent]
    static let summary = "agency integrations only where the partner allows them, and only through transparent agencies"

    static func apply(to context: inout CheckContext) {
        guard let agency = context.request.agency else { return }
        let partner = context.partner
        let root = IntegrationRequest.CodingKeys.agency.stringValue
        if !partner.agencySupported {
            context.issues.add(
                Verdict.Issue(code: .agencyNotSupported, path: root, message: partner.messages.agencyNotSupported))
        } else if agency.transparent == false {
            context.issues.add(
                Verdict.Issue(
                    code: .agencyNotTransparent,
                    path: JSONPath.member(root, AgencyReference.CodingKeys.transparent.stringValue),
                    message: text(
                        "agency ", quoted(agency.id), " is not transparent, and data comes from transparent agencies only; ",
                        "choose a transparent agency or integrate directly")))
        }
    }

    static func notSupportedMessage(partner: String) -> String {
        "agencies cannot integrate \(partner); remove agency and integrate directly"
    }
}
