/// A name that requests use to find a partner (id, display name, alias, media source) must lead to
/// one partner only. Every partner file involved is told, each naming the others' places.
struct NameCollisionRule: CatalogRule {
    static let codes: [RuleCode] = [.aliasCollision]
    static let summary = RuleCode.aliasCollision.summary
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
                [
                    "acme.yaml": examplePartner("acme", "acme_int", "aliases: [Classic]"),
                    "beta.yaml": examplePartner("beta", "beta_int", "aliases: [classic]"),
                ],
            ])
    }

    func apply(_ documents: [PartnerDocument], into findings: inout [Finding]) {
        var names = Occurrences()
        for document in documents {
            let definition = document.definition
            func add(_ value: String, _ path: String, _ role: Occurrences.Role) {
                names.add(value, key: NameKey.make(value), document, at: path, role: role)
            }
            // Names and aliases first: where a file holds the name twice, its finding points at them.
            add(definition.name, "name", .displayName)
            for (index, alias) in definition.aliases.enumerated() { add(alias, "aliases[\(index)]", .alias) }
            add(definition.id, "id", .id)
            for (index, source) in definition.mediaSources.enumerated() { add(source, "media_sources[\(index)]", .mediaSource) }
            for (index, legacy) in definition.supersedes.enumerated() {
                add(legacy.mediaSource, "supersedes[\(index)].media_source", .supersededSource)
            }
        }
        for group in names.repeated {
            // Ids and media sources shared by two partners are the duplicate rules' to report.
            guard group.contains(where: \.role.isName) else { continue }
            // One place per file: the first, so a file is told once about one name.
            var seenFiles: Set<String> = []
            let places = group.filter { seenFiles.insert($0.document.file).inserted }
            for place in places {
                let others = places.filter { $0.document.definition.id != place.document.definition.id }
                guard !others.isEmpty else { continue }
                let named = others.map { "the \($0.role.rawValue) of partner '\($0.document.definition.id)' (\($0.sourcePlace))" }
                findings.append(
                    place.document.finding(
                        at: place.path, code: .aliasCollision,
                        "\(place.role.rawValue) '\(place.value)' is also \(named.joined(separator: " and ")); a name must lead to one partner, change or remove one of them",
                        related: others.map(\.sourcePlace)))
            }
        }
    }
}
