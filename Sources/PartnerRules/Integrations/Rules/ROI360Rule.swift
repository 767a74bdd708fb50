/// Cost data needs an ROI360 subscription; some partners want the user who integrated ROI360
/// to make this integration too.
struct ROI360Rule: RequestRule {
    static let codes: [RuleCode] = [.roi360UserMismatch, .costDataRequiresROI360]
    static let summary = "warn without an ROI360 subscription, and when another user integrated ROI360 where the partner recommends the same"
    static var examples: RuleExamples {
        let files = ["acme.yaml": examplePartner("acme", "acme_int", "roi360: {same_user: recommended}")]
        func request(_ roi360: String) -> String {
            #"{"partner": "acme", "apps": ["com.acme.game"], "user": "ana@acme.example", "roi360": "# + roi360 + "}"
        }
        return RuleExamples(
            passing: [RuleExample(files: files, request: request(#"{"subscribed": true, "integrated_by": " Ana@Acme.example"}"#))],
            failing: [
                RuleExample(files: files, request: request(#"{"subscribed": false}"#), reports: .costDataRequiresROI360),
                RuleExample(
                    files: files, request: request(#"{"subscribed": true, "integrated_by": "bo@acme.example"}"#),
                    reports: .roi360UserMismatch),
            ])
    }

    static let costDataMessage = "cost data such as ROAS needs an ROI360 subscription; subscribe to ROI360 to see it"

    init(compiling partners: [CompiledPartner]) {}

    func apply(_ input: CheckInput, into context: inout CheckOutput) {
        guard let partner = input.partner, let roi360 = input.request.roi360 else { return }
        let root = IntegrationRequest.CodingKeys.roi360.stringValue
        if roi360.subscribed == false {
            context.add(
                Verdict.Issue(
                    code: .costDataRequiresROI360, path: JSONPath.member(root, ROI360Status.CodingKeys.subscribed.stringValue),
                    message: Self.costDataMessage, because: partner.because.roi360))
            return
        }
        guard partner.definition.roi360.sameUser == .recommended, let integratedBy = roi360.integratedBy,
            let user = input.request.user, !integratedBy.trimmingWhitespace().isEmpty,
            NameKey.make(integratedBy) != NameKey.make(user)
        else { return }
        context.add(
            Verdict.Issue(
                code: .roi360UserMismatch, path: IntegrationRequest.CodingKeys.user.stringValue,
                message: text(
                    "the ROI360 integration for ", partner.name, " was made by ", quoted(integratedBy),
                    "; to pull all cost data, ", quoted(integratedBy), " should make this integration too"),
                because: partner.because.roi360))
    }
}
