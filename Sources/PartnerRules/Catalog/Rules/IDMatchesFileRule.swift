/// A partner's `id` is its file's stem, so the file for a partner is always found by its id.
struct IDMatchesFileRule: FileRule {
    static let codes: [RuleCode] = [.idMismatch]
    static let summary = "a partner's id must equal its file name without .yaml"
    static var examples: RuleExamples {
        RuleExamples(
            passing: [["acme.yaml": examplePartner("acme", "acme_int")]],
            failing: [["acme.yaml": examplePartner("acme-ads", "acme_int")]])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        guard document.definition.id != document.fileStem else { return }
        findings.append(
            document.finding(
                at: "id", code: .idMismatch,
                "id '\(document.definition.id)' does not match the file name '\(document.fileStem).yaml'; rename one so they agree",
                suggestion: document.fileStem))
    }
}
