/// A list of one partner that names the same alias, role or duplicated data twice holds a mistake
/// (the schema's `uniqueItems` refuses it too). Aliases and roles are compared as requests match
/// them, ignoring case and surrounding white space. Every place is reported, naming the other.
struct DuplicateItemRule: FileRule {
    static let codes: [RuleCode] = [.duplicateItem]
    static let summary = RuleCode.duplicateItem.summary
    static var examples: RuleExamples {
        let supersedes = "supersedes:\n  - media_source: old_int\n    name: Old\n    duplicates: [performance, creative]"
        return RuleExamples(
            passing: [
                ["acme.yaml": examplePartner("acme", "acme_int", "aliases: [Acme Classic, Acme Two]\nroles:\n  any_of: [Admin, Owner]")],
                ["acme.yaml": examplePartner("acme", "acme_int", supersedes)],
            ],
            failing: [
                ["acme.yaml": examplePartner("acme", "acme_int", "aliases: [Acme Classic, acme classic]")],
                ["acme.yaml": examplePartner("acme", "acme_int", "roles:\n  any_of: [Admin, Owner, Admin]")],
                ["acme.yaml": examplePartner("acme", "acme_int", "roles:\n  all_of: [Admin, admin]")],
                ["acme.yaml": examplePartner("acme", "acme_int", supersedes.replacing("creative", with: "performance"))],
            ])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        let definition = document.definition
        // What an item is, the list as a reader names it, its path, and its values.
        var lists: [(what: String, name: String, path: String, values: [String])] = [
            ("alias", "aliases", "aliases", definition.aliases),
            ("role", "roles: all_of", "roles.all_of", definition.roles.allOf),
            ("role", "roles: any_of", "roles.any_of", definition.roles.anyOf),
        ]
        for (index, legacy) in definition.supersedes.enumerated() {
            lists.append(
                ("data", "the duplicates of '\(legacy.mediaSource)'", "supersedes[\(index)].duplicates", legacy.duplicates.map(\.rawValue)))
        }
        for list in lists where list.values.count > 1 {
            var occurrences = Occurrences()
            for (index, value) in list.values.enumerated() {
                occurrences.add(value, key: NameKey.make(value), document, at: "\(list.path)[\(index)]")
            }
            occurrences.report(.duplicateItem, into: &findings) { place, others in
                "\(list.what) '\(place.value)' is listed twice in \(list.name) (also at \(others)); remove one of them"
            }
        }
    }
}
