/// One direct integration per app (per app and user for per-user partners); agency
/// integrations one per app and agency, apart from direct ones. An integration under a
/// superseded media source counts for that source only.
enum UniquenessRule: IntegrationRule {
    static let codes: [IssueCode] = [.duplicateIntegration]
    static let summary = "no second integration for the same app, user (per-user partners) or agency"

    static func apply(to context: inout CheckContext) {
        guard context.request.operation == .create, let taken = context.existing.apps(under: context.target.mediaSource) else {
            return
        }
        let partner = context.partner
        let request = context.request
        let source = context.target.mediaSource
        let agency = request.agency.map { IntegrationChecker.foldKey($0.id) }
        let user = partner.perUser ? request.user.map(IntegrationChecker.foldKey) : nil
        let root = IntegrationRequest.CodingKeys.apps.stringValue
        for (index, app) in request.apps.enumerated() {
            let clash = (taken[app] ?? []).contains { holder in
                if let agency { return holder.agency == agency }
                return holder.agency == nil && (!partner.perUser || holder.user == user)
            }
            guard clash else { continue }
            let whose: String
            if let agencyID = request.agency?.id {
                whose = text("through agency ", quoted(agencyID))
            } else if partner.perUser {
                whose = user.map { text("for user ", quoted($0)) } ?? "for a user not named"
            } else {
                whose = "directly"
            }
            context.issues.add(
                Verdict.Issue(
                    code: .duplicateIntegration, path: JSONPath.index(root, index),
                    message: text(
                        "app ", quoted(app), " is already integrated with ", partner.name, " (", source, ") ", whose,
                        "; update that integration instead of creating another")))
        }
    }
}
