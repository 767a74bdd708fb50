/// Ids are unique across the catalog.
struct DuplicateIDRule: CatalogRule {
    static let codes: [RuleCode] = [.duplicateID]
    static let summary = "two partner files declare the same id"
    static var examples: RuleExamples {
        RuleExamples(
            passing: [["a/acme.yaml": examplePartner("acme", "acme_int"), "b/beta.yaml": examplePartner("beta", "beta_int")]],
            failing: [["a/acme.yaml": examplePartner("acme", "acme_int"), "b/acme.yaml": examplePartner("acme", "other_int")]])
    }

    func apply(_ documents: [PartnerDocument], into findings: inout [Finding]) {
        var first: [String: PartnerDocument] = [:]
        for document in documents {
            let id = NameKey.make(document.definition.id)
            if let earlier = first[id] {
                findings.append(
                    document.finding(
                        at: "id", code: .duplicateID,
                        "id '\(document.definition.id)' is already used by \(earlier.file):\(earlier.location("id").line); give each partner its own id"))
            } else {
                first[id] = document
            }
        }
    }
}
