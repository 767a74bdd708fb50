/// An update changes credentials in place where the partner allows it; elsewhere the
/// integration has to be deleted and created again.
struct UpdateRule: RequestRule {
    static let codes: [RuleCode] = [.credentialsImmutable]
    static let summary = "updates only where credentials_mutable; otherwise plan delete_and_recreate"
    static var examples: RuleExamples {
        let request = #"{"operation": "update", "partner": "acme", "apps": ["com.acme.game"]}"#
        return RuleExamples(
            passing: [
                RuleExample(files: ["acme.yaml": examplePartner("acme", "acme_int", "credentials_mutable: true")], request: request)
            ],
            failing: [RuleExample(files: ["acme.yaml": examplePartner("acme", "acme_int")], request: request)])
    }

    /// Per partner (by index): the message for an update of credentials that cannot change.
    let immutable: [String]

    init(compiling partners: [CompiledPartner]) {
        immutable = partners.map {
            "credentials of \($0.name) cannot be changed once set; delete the integration and create it again with the new credentials"
        }
    }

    func apply(_ input: CheckInput, into output: inout CheckOutput) {
        guard let partner = input.partner, input.request.operation == .update else { return }
        output.planBecause = partner.because.credentialsMutable
        if partner.definition.credentialsMutable {
            output.plan = .updateInPlace
        } else {
            output.plan = .deleteAndRecreate
            output.add(
                Verdict.Issue(
                    code: .credentialsImmutable, path: IntegrationRequest.CodingKeys.operation.stringValue,
                    message: immutable[partner.index], because: partner.because.credentialsMutable))
        }
    }
}
