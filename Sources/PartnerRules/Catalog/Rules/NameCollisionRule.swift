/// A name that requests use to find a partner (id, display name, alias) must lead to one partner only.
struct NameCollisionRule: CatalogRule {
    static let codes: [RuleCode] = [.aliasCollision]
    static let summary = "an alias or display name resolves to more than one partner"
    static var examples: RuleExamples {
        RuleExamples(
            passing: [["acme.yaml": examplePartner("acme", "acme_int", "aliases: [Acme Classic]")]],
            failing: [
                [
                    "acme.yaml": examplePartner("acme", "acme_int", "aliases: [beta]"),
                    "beta.yaml": examplePartner("beta", "beta_int"),
                ],
                [
                    "acme.yaml": examplePartner("acme", "acme_int", "aliases: [beta_int]"),
                    "beta.yaml": examplePartner("beta", "beta_int"),
                ],
            ])
    }

    func apply(_ documents: [PartnerDocument], into findings: inout [Finding]) {
        // Every name that resolves to a partner, with its owner.
        var owners: [String: (id: String, file: String, line: Int)] = [:]
        for document in documents {
            let definition = document.definition
            let names = [(definition.id, "id"), (definition.name, "name")]
                + definition.mediaSources.enumerated().map { ($0.element, "media_sources[\($0.offset)]") }
                + definition.supersedes.enumerated().map { ($0.element.mediaSource, "supersedes[\($0.offset)].media_source") }
            for (name, path) in names {
                let key = NameKey.make(name)
                if owners[key] == nil { owners[key] = (definition.id, document.file, document.location(path).line) }
            }
        }
        for document in documents {
            let definition = document.definition
            let names = [(definition.name, "name")] + definition.aliases.enumerated().map { ($0.element, "aliases[\($0.offset)]") }
            for (name, path) in names {
                guard let owner = owners[NameKey.make(name)], owner.id != definition.id else { continue }
                findings.append(
                    document.finding(
                        at: path, code: .aliasCollision,
                        "'\(name)' already names partner '\(owner.id)' (\(owner.file):\(owner.line)); choose a name that leads to one partner"))
            }
            for (index, alias) in definition.aliases.enumerated() {
                let key = NameKey.make(alias)
                for other in documents where other.definition.id != definition.id {
                    if other.definition.aliases.contains(where: { NameKey.make($0) == key }) && other.file > document.file {
                        findings.append(
                            document.finding(
                                at: "aliases[\(index)]", code: .aliasCollision,
                                "alias '\(alias)' is also an alias of partner '\(other.definition.id)' (\(other.file)); keep it on one partner"))
                    }
                }
            }
        }
    }
}
