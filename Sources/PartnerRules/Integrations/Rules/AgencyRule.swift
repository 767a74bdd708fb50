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
                Verdict.Issue(
                    code: .agencyNotSupported, path: root,
                    message: "agencies cannot integrate \(partner.name); remove agency and integrate directly"))
        } else if agency.transparent == false {
            context.issues.add(
                Verdict.Issue(
                    code: .agencyNotTransparent,
                    path: JSONPath.member(root, AgencyReference.CodingKeys.transparent.stringValue),
                    message: "agency \(quoted(agency.id)) is not transparent, and data comes from transparent agencies only; "
                        + "choose a transparent agency or integrate directly"))
        }
    }
}
