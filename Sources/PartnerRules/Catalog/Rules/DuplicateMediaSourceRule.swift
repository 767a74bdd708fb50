/// Every media source belongs to exactly one place in the catalog: live sources are unique among
/// live sources, superseded ones among superseded ones. A superseded source that is also live is
/// ``SupersededLiveSourceRule``'s to report. Every place a source is listed gets the finding.
struct DuplicateMediaSourceRule: CatalogRule {
    static let codes: [RuleCode] = [.duplicateMediaSource]
    static let summary = RuleCode.duplicateMediaSource.summary
    static var examples: RuleExamples {
        let superseded = "supersedes:\n  - media_source: old_int\n    name: Old"
        return RuleExamples(
            passing: [["acme.yaml": examplePartner("acme", "acme_int"), "beta.yaml": examplePartner("beta", "beta_int")]],
            failing: [
                ["acme.yaml": examplePartner("acme", "shared_int"), "beta.yaml": examplePartner("beta", "shared_int")],
                ["acme.yaml": examplePartner("acme", "acme_int, acme_int")],
                ["acme.yaml": examplePartner("acme", "acme_int", superseded), "beta.yaml": examplePartner("beta", "beta_int", superseded)],
            ])
    }

    func apply(_ documents: [PartnerDocument], into findings: inout [Finding]) {
        var live = Occurrences()
        var superseded = Occurrences()
        for document in documents {
            for (index, source) in document.definition.mediaSources.enumerated() {
                live.add(source, key: NameKey.make(source), document, at: "media_sources[\(index)]")
            }
            for (index, legacy) in document.definition.supersedes.enumerated() {
                superseded.add(legacy.mediaSource, key: NameKey.make(legacy.mediaSource), document, at: "supersedes[\(index)].media_source")
            }
        }
        live.report(.duplicateMediaSource, into: &findings) { place, others in
            "media source '\(place.value)' is also listed at \(others); a media source belongs to one partner, keep it in one place only"
        }
        superseded.report(.duplicateMediaSource, into: &findings) { place, others in
            "media source '\(place.value)' is also superseded at \(others); a legacy media source is replaced by one partner, keep it in one place only"
        }
    }
}
