/// An OAuth partner needs a granted login; a login with only some permissions may miss data.
enum OAuthRule: IntegrationRule {
    static let codes: [IssueCode] = [.oauthRequired, .partialPermissions]
    static let summary = "OAuth partners need oauth.granted true; full_permissions false warns"

    static func apply(to context: inout CheckContext) {
        let partner = context.partner
        guard partner.isOAuth else { return }
        let root = IntegrationRequest.CodingKeys.oauth.stringValue
        guard let oauth = context.request.oauth, oauth.granted == true else {
            let path = context.request.oauth == nil ? root : JSONPath.member(root, OAuthGrant.CodingKeys.granted.stringValue)
            context.issues.add(
                Verdict.Issue(code: .oauthRequired, path: path, message: partner.messages.oauthRequired))
            return
        }
        if oauth.fullPermissions == false {
            context.issues.add(
                Verdict.Issue(
                    code: .partialPermissions,
                    path: JSONPath.member(root, OAuthGrant.CodingKeys.fullPermissions.stringValue),
                    message: partner.messages.partialPermissions))
        }
    }

    static func requiredMessage(partner: String) -> String {
        "a login with \(partner) is needed; log in with \(partner), grant access and set oauth.granted to true"
    }

    static func partialMessage(partner: String) -> String {
        "not every permission was granted at the \(partner) login, so some data may be missing; "
            + "log in again and grant all permissions"
    }
}
