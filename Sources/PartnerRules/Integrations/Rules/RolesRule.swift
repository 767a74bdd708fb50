/// The integrating user holds every `all_of` role and one of the `any_of` roles, compared
/// case-insensitively; judged only when the request lists roles (an empty list is judged).
enum RolesRule: IntegrationRule {
    static let codes: [IssueCode] = [.missingRole]
    static let summary = "the user holds every all_of role and one any_of role (when the request lists roles)"

    static func apply(to context: inout CheckContext) {
        let partner = context.partner
        guard let roles = context.request.roles, !(partner.allOfRoles.isEmpty && partner.anyOfRoles.isEmpty) else { return }
        let held = roles.map(IntegrationChecker.foldKey)
        let path = IntegrationRequest.CodingKeys.roles.stringValue
        for role in partner.allOfRoles where !held.contains(role.key) {
            context.issues.add(
                Verdict.Issue(
                    code: .missingRole, path: path,
                    message: "the role '\(role.name)' is needed for \(partner.name); have it granted to the integrating user"))
        }
        if !partner.anyOfRoles.isEmpty, !partner.anyOfRoles.contains(where: { held.contains($0.key) }) {
            let names = partner.anyOfRoles.map { "'\($0.name)'" }.joined(separator: ", ")
            context.issues.add(
                Verdict.Issue(
                    code: .missingRole, path: path,
                    message: "one of the roles \(names) is needed for \(partner.name); have one granted to the integrating user"))
        }
    }
}
