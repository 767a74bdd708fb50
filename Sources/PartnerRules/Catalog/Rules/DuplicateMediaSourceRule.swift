/// Every media source belongs to exactly one place in the catalog: live sources are unique among
/// live sources, superseded ones among superseded ones. A superseded source that is also live is
/// ``SupersededLiveSourceRule``'s to report.
struct DuplicateMediaSourceRule: CatalogRule {
    static let codes: [RuleCode] = [.duplicateMediaSource]
    static let summary = "a media source is listed twice, in one file or across the catalog"
    static var examples: RuleExamples {
        RuleExamples(
            passing: [["acme.yaml": examplePartner("acme", "acme_int"), "beta.yaml": examplePartner("beta", "beta_int")]],
            failing: [
                ["acme.yaml": examplePartner("acme", "shared_int"), "beta.yaml": examplePartner("beta", "shared_int")],
                ["acme.yaml": examplePartner("acme", "acme_int, acme_int")],
            ])
    }

    func apply(_ documents: [PartnerDocument], into findings: inout [Finding]) {
        var seenLive: [String: (file: String, line: Int)] = [:]
        var seenSuperseded: [String: (file: String, line: Int)] = [:]
        for document in documents {
            let definition = document.definition
            let live = definition.mediaSources.enumerated().map { ($0.element, "media_sources[\($0.offset)]", true) }
            let superseded = definition.supersedes.enumerated().map { ($0.element.mediaSource, "supersedes[\($0.offset)].media_source", false) }
            for (source, path, isLive) in live + superseded {
                let key = NameKey.make(source)
                if let earlier = isLive ? seenLive[key] : seenSuperseded[key] {
                    findings.append(
                        document.finding(
                            at: path, code: .duplicateMediaSource,
                            "media source '\(source)' is already listed at \(earlier.file):\(earlier.line); a media source belongs to one partner"))
                } else if isLive {
                    seenLive[key] = (document.file, document.location(path).line)
                } else {
                    seenSuperseded[key] = (document.file, document.location(path).line)
                }
            }
        }
    }
}
