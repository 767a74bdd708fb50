/// A partner's `id` is its file's stem, so the file for a partner is always found by its id.
struct IDMatchesFileRule: CatalogRule {
    let code = "id-mismatch"
    let summary = "a partner's id must equal its file name without .yaml"
    let severity = Severity.error
    var examples: RuleExamples {
        RuleExamples(
            passing: [["acme.yaml": examplePartner("acme", "acme_int")]],
            failing: [["acme.yaml": examplePartner("acme-ads", "acme_int")]])
    }

    func check(_ documents: [PartnerDocument], into findings: inout [Finding]) {
        for document in documents where document.definition.id != document.fileStem {
            findings.append(
                document.finding(
                    at: "id", severity, code: code,
                    "id '\(document.definition.id)' does not match the file name '\(document.fileStem).yaml'; rename one so they agree",
                    suggestion: document.fileStem))
        }
    }
}
