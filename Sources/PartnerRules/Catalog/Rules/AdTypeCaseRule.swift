/// Ad types are compared with ASCII letters folded and every other letter as written (SPEC 17), so
/// `Écran` and `écran` are two ad types. A spelling with a non-ASCII letter that has a case gets a
/// warning that names the other spelling, unless the entry already lists it.
struct AdTypeCaseRule: FileRule {
    static let codes: [RuleCode] = [.adTypeCase]
    static let summary = "an ad type has a non-ASCII letter whose case matters, and its other spelling is not an alias"
    static var examples: RuleExamples {
        func file(_ list: String) -> String { examplePartner("acme", "acme_int").replacing("unsupported: []", with: "unsupported: \(list)") }
        return RuleExamples(
            passing: [["acme.yaml": file("[CTV, Vid-eo 2]")], ["acme.yaml": file("[{name: Écran, aliases: [écran]}]")]],
            failing: [["acme.yaml": file("[Écran]")], ["acme.yaml": file("[{name: ctv, aliases: [Ωmega]}]")]])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        let list = document.definition.adTypes.fileKey
        for (index, adType) in document.definition.adTypes.names.enumerated() {
            let keys = Set(adType.spellings.map(AdTypeKey.make))
            for (aliasIndex, spelling) in adType.spellings.enumerated() {
                guard let letter = spelling.first(where: { !$0.isASCII && $0.lowercased() != $0.uppercased() }) else { continue }
                // The other spelling: lower case, or upper case when lower case is one already listed.
                guard let other = [spelling.lowercased(), spelling.uppercased()].first(where: { !keys.contains(AdTypeKey.make($0)) })
                else { continue }
                let path = aliasIndex == 0 ? "ad_types.\(list)[\(index)]" : "ad_types.\(list)[\(index)].aliases[\(aliasIndex - 1)]"
                findings.append(
                    document.finding(
                        at: path, code: .adTypeCase,
                        "ad type '\(spelling)' has the letter '\(letter)', whose case counts when rows are matched, so '\(other)' would be another ad type; "
                            + "if rows may spell it so, write {name: \(adType.name), aliases: [\(other)]}",
                        suggestion: other))
            }
        }
    }
}
