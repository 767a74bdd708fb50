/// A legacy media source cannot be replaced while it is still some partner's live source. Both
/// places are told: the `supersedes` entry and the live listing, each naming the other.
struct SupersededLiveSourceRule: CatalogRule {
    static let codes: [RuleCode] = [.supersededLiveSource]
    static let summary = RuleCode.supersededLiveSource.summary
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
        var sources = Occurrences()
        for document in documents {
            for (index, source) in document.definition.mediaSources.enumerated() {
                sources.add(source, key: NameKey.make(source), document, at: "media_sources[\(index)]", role: .mediaSource)
            }
            for (index, legacy) in document.definition.supersedes.enumerated() {
                sources.add(
                    legacy.mediaSource, key: NameKey.make(legacy.mediaSource), document, at: "supersedes[\(index)].media_source",
                    role: .supersededSource)
            }
        }
        for group in sources.repeated {
            let live = group.filter { $0.role == .mediaSource }
            let superseded = group.filter { $0.role == .supersededSource }
            guard !live.isEmpty, !superseded.isEmpty else { continue }
            for place in superseded {
                let others = live.map(\.sourcePlace)
                let owners = live.map { $0.document.definition.id == place.document.definition.id ? "this partner's own" : "partner '\($0.document.definition.id)''s" }
                findings.append(
                    place.document.finding(
                        at: place.path, code: .supersededLiveSource,
                        "'\(place.value)' is \(Set(owners).sorted().joined(separator: " and ")) live media source (\(Occurrences.list(others))); remove it from media_sources or from supersedes",
                        related: others))
            }
            for place in live {
                let others = superseded.filter { $0.document.file != place.document.file }
                guard !others.isEmpty else { continue }
                let partners = others.map { "partner '\($0.document.definition.id)'" }
                findings.append(
                    place.document.finding(
                        at: place.path, code: .supersededLiveSource,
                        "live media source '\(place.value)' is also superseded by \(Set(partners).sorted().joined(separator: " and ")) (\(Occurrences.list(others.map(\.sourcePlace)))); remove it from media_sources here or from that partner's supersedes",
                        related: others.map(\.sourcePlace)))
            }
        }
    }
}
