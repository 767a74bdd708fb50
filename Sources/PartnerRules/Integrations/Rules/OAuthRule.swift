/// An OAuth partner needs a granted login; a login with only some permissions may miss data.
struct OAuthRule: RequestRule {
    static let codes: [RuleCode] = [.oauthRequired, .partialPermissions]
    static let summary = "OAuth partners need oauth.granted true; full_permissions false warns"
    static var examples: RuleExamples {
        let files = ["acme.yaml": examplePartner("acme", "acme_int")]
        func request(_ oauth: String) -> String { #"{"partner": "acme", "apps": ["com.acme.game"]"# + oauth + "}" }
        return RuleExamples(
            passing: [RuleExample(files: files, request: request(#", "oauth": {"granted": true, "full_permissions": true}"#))],
            failing: [
                RuleExample(files: files, request: request(""), reports: .oauthRequired),
                RuleExample(files: files, request: request(#", "oauth": {"granted": false}"#), reports: .oauthRequired),
                RuleExample(
                    files: files, request: request(#", "oauth": {"granted": true, "full_permissions": false}"#),
                    reports: .partialPermissions),
            ])
    }

    /// Per partner (by index): the message for a login not granted, and for partial permissions.
    let messages: [(required: String, partial: String)]

    init(compiling partners: [CompiledPartner]) {
        messages = partners.map { partner in
            (
                "a login with \(partner.name) is needed; log in with \(partner.name), grant access and set oauth.granted to true",
                "not every permission was granted at the \(partner.name) login, so some data may be missing; "
                    + "log in again and grant all permissions"
            )
        }
    }

    func apply(_ input: CheckInput, into output: inout CheckOutput) {
        guard let partner = input.partner, partner.definition.auth == .oauth else { return }
        let root = IntegrationRequest.CodingKeys.oauth.stringValue
        guard let oauth = input.request.oauth, oauth.granted == true else {
            let path = input.request.oauth == nil ? root : JSONPath.member(root, OAuthGrant.CodingKeys.granted.stringValue)
            output.add(Verdict.Issue(code: .oauthRequired, path: path, message: messages[partner.index].required, because: partner.because.auth))
            return
        }
        if oauth.fullPermissions == false {
            output.add(
                Verdict.Issue(
                    code: .partialPermissions,
                    path: JSONPath.member(root, OAuthGrant.CodingKeys.fullPermissions.stringValue),
                    message: messages[partner.index].partial, because: partner.because.auth))
        }
    }
}
