/// An ad type (or any of its spellings) is listed once.
struct DuplicateAdTypeRule: FileRule {
    static let codes: [RuleCode] = [.duplicateAdType]
    static let summary = "an ad type or alias is listed twice once case, spaces, -, _ and / are ignored"
    static var examples: RuleExamples {
        func file(_ list: String) -> String {
            """
            id: acme
            name: Acme
            media_sources: [acme_int]
            auth: oauth
            ad_types:
              unsupported: \(list)
            """
        }
        return RuleExamples(
            passing: [["acme.yaml": file("[ctv, {name: catalog, aliases: [dpa]}]")]],
            failing: [["acme.yaml": file("[Collection Ads, collection-ads]")], ["acme.yaml": file("[dpa, {name: catalog, aliases: [DPA]}]")]])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        let key = document.definition.adTypes.fileKey
        var seen: [String: String] = [:]
        for (index, adType) in document.definition.adTypes.names.enumerated() {
            for (aliasIndex, spelling) in adType.spellings.enumerated() {
                let match = AdTypeKey.make(spelling)
                let path = aliasIndex == 0 ? "ad_types.\(key)[\(index)]" : "ad_types.\(key)[\(index)].aliases[\(aliasIndex - 1)]"
                if let earlier = seen[match] {
                    findings.append(
                        document.finding(
                            at: path, code: .duplicateAdType,
                            "ad type '\(spelling)' is the same as '\(earlier)' once case, spaces, -, _ and / are ignored; list it once"))
                } else {
                    seen[match] = spelling
                }
            }
        }
    }
}
