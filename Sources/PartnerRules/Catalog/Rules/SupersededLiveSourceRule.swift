/// A legacy media source cannot be replaced while it is still some partner's live source.
struct SupersededLiveSourceRule: CatalogRule {
    static let codes: [RuleCode] = [.supersededLiveSource]
    static let summary = "a superseded media source is still a live media source of a partner"
    static var examples: RuleExamples {
        let supersedes = """
            supersedes:
              - media_source: old_int
                name: Old Acme
            """
        return RuleExamples(
            passing: [["acme.yaml": examplePartner("acme", "acme_int", supersedes)]],
            failing: [
                ["acme.yaml": examplePartner("acme", "acme_int", supersedes), "old.yaml": examplePartner("old", "old_int")],
                ["acme.yaml": examplePartner("acme", "old_int", supersedes)],
            ])
    }

    func apply(_ documents: [PartnerDocument], into findings: inout [Finding]) {
        var live: [String: String] = [:]
        for document in documents {
            for source in document.definition.mediaSources { live[NameKey.make(source)] = document.definition.id }
        }
        for document in documents {
            for (index, legacy) in document.definition.supersedes.enumerated() {
                guard let owner = live[NameKey.make(legacy.mediaSource)] else { continue }
                let whose = owner == document.definition.id ? "this partner's own" : "partner '\(owner)''s"
                findings.append(
                    document.finding(
                        at: "supersedes[\(index)].media_source", code: .supersededLiveSource,
                        "'\(legacy.mediaSource)' is \(whose) live media source; remove it from media_sources or from supersedes"))
            }
        }
    }
}
