/// An update changes credentials in place where the partner allows it; elsewhere the
/// integration has to be deleted and created again.
enum UpdateRule: IntegrationRule {
    static let codes: [IssueCode] = [.credentialsImmutable]
    static let summary = "updates only where credentials_mutable; otherwise plan delete_and_recreate"

    static func apply(to context: inout CheckContext) {
        guard context.request.operation == .update else { return }
        let partner = context.partner
        if partner.credentialsMutable {
            context.plan = .updateInPlace
        } else {
            context.plan = .deleteAndRecreate
            context.issues.add(
                Verdict.Issue(
                    code: .credentialsImmutable, path: IntegrationRequest.CodingKeys.operation.stringValue,
                    message: partner.messages.credentialsImmutable))
        }
    }

    static func immutableMessage(partner: String) -> String {
        "credentials of \(partner) cannot be changed once set; delete the integration and create it again with the new credentials"
    }
}
