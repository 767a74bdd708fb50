/// One direct integration per app (per app and user for per-user partners); agency
/// integrations one per app and agency, apart from direct ones. An integration under a
/// superseded media source counts for that source only.
struct UniquenessRule: RequestRule {
    static let codes: [RuleCode] = [.duplicateIntegration]
    static let summary = "no second integration for the same app, user (per-user partners) or agency"
    static var examples: RuleExamples {
        let shared = ["acme.yaml": examplePartner("acme", "acme_int")]
        let perUser = ["acme.yaml": examplePartner("acme", "acme_int", "per_user: true")]
        let existing = #"[{"partner": "acme", "apps": ["com.acme.game"], "user": "ana@acme.example"}]"#
        func request(_ more: String) -> String { #"{"partner": "acme", "apps": ["com.acme.game"]"# + more + "}" }
        return RuleExamples(
            passing: [
                RuleExample(files: perUser, request: request(#", "user": "bo@acme.example""#), existing: existing),
                RuleExample(files: shared, request: request(#", "agency": {"id": "blue", "transparent": true}"#), existing: existing),
            ],
            failing: [
                RuleExample(files: shared, request: request(#", "user": "bo@acme.example""#), existing: existing),
                RuleExample(files: perUser, request: request(#", "user": "ANA@acme.example""#), existing: existing),
            ])
    }

    init(compiling partners: [CompiledPartner]) {}

    func apply(_ input: CheckInput, into context: inout CheckOutput) {
        guard let partner = input.partner, let target = input.target, input.request.operation == .create,
            let taken = input.existing.apps(under: target.mediaSource)
        else { return }
        let perUser = partner.definition.perUser
        let request = input.request
        let source = target.mediaSource
        let agency = request.agency.map { NameKey.make($0.id) }
        let user = perUser ? request.user.map(NameKey.make) : nil
        let root = IntegrationRequest.CodingKeys.apps.stringValue
        for (index, app) in request.apps.enumerated() {
            let clash = (taken[app] ?? []).contains { holder in
                if let agency { return holder.agency == agency }
                return holder.agency == nil && (!perUser || holder.user == user)
            }
            guard clash else { continue }
            let whose: String
            if let agencyID = request.agency?.id {
                whose = text("through agency ", quoted(agencyID))
            } else if perUser {
                whose = user.map { text("for user ", quoted($0)) } ?? "for a user not named"
            } else {
                whose = "directly"
            }
            context.add(
                Verdict.Issue(
                    code: .duplicateIntegration, path: JSONPath.index(root, index),
                    message: text(
                        "app ", quoted(app), " is already integrated with ", partner.name, " (", source, ") ", whose,
                        "; update that integration instead of creating another"),
                    because: request.agency == nil ? partner.because.perUser : partner.because.agency))
        }
    }
}
