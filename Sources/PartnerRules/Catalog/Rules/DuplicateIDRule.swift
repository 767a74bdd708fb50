/// Ids are unique across the catalog. Every file that declares an id twice-used is told, with the others.
struct DuplicateIDRule: CatalogRule {
    static let codes: [RuleCode] = [.duplicateID]
    static let summary = RuleCode.duplicateID.summary
    static var examples: RuleExamples {
        RuleExamples(
            passing: [["a/acme.yaml": examplePartner("acme", "acme_int"), "b/beta.yaml": examplePartner("beta", "beta_int")]],
            failing: [["a/acme.yaml": examplePartner("acme", "acme_int"), "b/acme.yaml": examplePartner("acme", "other_int")]])
    }

    func apply(_ documents: [PartnerDocument], into findings: inout [Finding]) {
        var ids = Occurrences()
        for document in documents { ids.add(document.definition.id, key: NameKey.make(document.definition.id), document, at: "id") }
        ids.report(.duplicateID, into: &findings) { place, others in
            "id '\(place.value)' is also used by \(others); give each partner its own id, the same as its file name"
        }
    }
}
