/// The integrating user holds every `all_of` role and one of the `any_of` roles, compared
/// case-insensitively (``NameKey``); judged only when the request lists roles (an empty list is judged).
struct RolesRule: RequestRule {
    static let codes: [RuleCode] = [.missingRole]
    static let summary = "the user holds every all_of role and one any_of role (when the request lists roles)"
    static var examples: RuleExamples {
        let files = ["acme.yaml": examplePartner("acme", "acme_int", "roles: {all_of: [Viewer], any_of: [Owner, Admin]}")]
        func request(_ roles: String) -> String { #"{"partner": "acme", "apps": ["com.acme.game"], "roles": "# + roles + "}" }
        return RuleExamples(
            passing: [RuleExample(files: files, request: request(#"["viewer", " ADMIN "]"#))],
            failing: [
                RuleExample(files: files, request: request(#"["Admin"]"#)),
                RuleExample(files: files, request: request(#"["Viewer"]"#)),
                RuleExample(files: files, request: request("[]")),
            ])
    }

    /// Per partner (by index): the message for each missing `all_of` role, and for no `any_of` role.
    let messages: [(allOf: [String], anyOf: String)]

    init(compiling partners: [CompiledPartner]) {
        messages = partners.map { partner in
            let roles = partner.definition.roles
            let names = roles.anyOf.map { "'\($0)'" }.joined(separator: ", ")
            return (
                roles.allOf.map { "the role '\($0)' is needed for \(partner.name); have it granted to the integrating user" },
                "one of the roles \(names) is needed for \(partner.name); have one granted to the integrating user"
            )
        }
    }

    func apply(_ input: CheckInput, into output: inout CheckOutput) {
        guard let partner = input.partner, let roles = input.request.roles,
            !(partner.allOfRoleKeys.isEmpty && partner.anyOfRoleKeys.isEmpty)
        else { return }
        func holds(_ key: String) -> Bool { roles.contains { NameKey.matches($0, key: key) } }
        let path = IntegrationRequest.CodingKeys.roles.stringValue
        for (index, key) in partner.allOfRoleKeys.enumerated() where !holds(key) {
            output.add(
                Verdict.Issue(
                    code: .missingRole, path: path, message: messages[partner.index].allOf[index],
                    because: partner.because.allOfRoles[index]))
        }
        if !partner.anyOfRoleKeys.isEmpty, !partner.anyOfRoleKeys.contains(where: holds) {
            output.add(
                Verdict.Issue(code: .missingRole, path: path, message: messages[partner.index].anyOf, because: partner.because.anyOfRoles))
        }
    }
}
