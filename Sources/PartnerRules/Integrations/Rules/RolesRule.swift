/// The integrating user holds every `all_of` role and one of the `any_of` roles, compared
/// case-insensitively; judged only when the request lists roles (an empty list is judged).
enum RolesRule: IntegrationRule {
    static let codes: [IssueCode] = [.missingRole]
    static let summary = "the user holds every all_of role and one any_of role (when the request lists roles)"

    static func apply(to context: inout CheckContext) {
        let partner = context.partner
        guard let roles = context.request.roles, !(partner.allOfRoles.isEmpty && partner.anyOfRoles.isEmpty) else { return }
        func holds(_ role: CompiledRole) -> Bool { roles.contains { IntegrationChecker.folds($0, to: role.key) } }
        let path = IntegrationRequest.CodingKeys.roles.stringValue
        for role in partner.allOfRoles where !holds(role) {
            context.issues.add(Verdict.Issue(code: .missingRole, path: path, message: role.missingMessage))
        }
        if !partner.anyOfRoles.isEmpty, !partner.anyOfRoles.contains(where: holds) {
            context.issues.add(Verdict.Issue(code: .missingRole, path: path, message: partner.messages.missingAnyOfRole))
        }
    }

    static func missingMessage(role: String, partner: String) -> String {
        "the role '\(role)' is needed for \(partner); have it granted to the integrating user"
    }

    static func missingAnyOfMessage(roles: [String], partner: String) -> String {
        let names = roles.map { "'\($0)'" }.joined(separator: ", ")
        return "one of the roles \(names) is needed for \(partner); have one granted to the integrating user"
    }
}
