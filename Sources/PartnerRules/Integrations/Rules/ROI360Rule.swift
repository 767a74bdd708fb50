/// Cost data needs an ROI360 subscription; some partners want the user who integrated ROI360
/// to make this integration too.
enum ROI360Rule: IntegrationRule {
    static let codes: [IssueCode] = [.roi360UserMismatch, .costDataRequiresROI360]
    static let summary = "warn without an ROI360 subscription, and when another user integrated ROI360 where the partner recommends the same"

    static let costDataMessage = "cost data such as ROAS needs an ROI360 subscription; subscribe to ROI360 to see it"

    static func apply(to context: inout CheckContext) {
        guard let roi360 = context.request.roi360 else { return }
        let root = IntegrationRequest.CodingKeys.roi360.stringValue
        if roi360.subscribed == false {
            context.issues.add(
                Verdict.Issue(
                    code: .costDataRequiresROI360, path: JSONPath.member(root, ROI360Status.CodingKeys.subscribed.stringValue),
                    message: costDataMessage))
            return
        }
        let partner = context.partner
        guard partner.roi360SameUser, let integratedBy = roi360.integratedBy, let user = context.request.user,
            !integratedBy.trimmingWhitespace().isEmpty,
            IntegrationChecker.foldKey(integratedBy) != IntegrationChecker.foldKey(user)
        else { return }
        context.issues.add(
            Verdict.Issue(
                code: .roi360UserMismatch, path: IntegrationRequest.CodingKeys.user.stringValue,
                message: text(
                    "the ROI360 integration for ", partner.name, " was made by ", quoted(integratedBy),
                    "; to pull all cost data, ", quoted(integratedBy), " should make this integration too")))
    }
}
