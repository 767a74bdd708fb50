/// Text copied from another partner's file tends to keep that partner's name: a help text that says "open the
/// Moloco dashboard" in another partner's form. Prose in a partner file (labels, help, reasons, prerequisites,
/// notes, names of superseded sources) that names another partner of the catalog (its display name, an alias or a
/// media source, as whole words, ignoring case) is a warning naming both places (SPEC 19). Partners related by a
/// supersession (one replaces a media source or an integration of the other) may name each other.
struct NamesOtherPartnerRule: CatalogRule {
    static let codes: [RuleCode] = [.namesOtherPartner]
    static let summary = RuleCode.namesOtherPartner.summary
    static var examples: RuleExamples {
        let beta = examplePartner("beta", "beta_int", "aliases: [Beta Media]")
        func acme(_ extra: String) -> String { examplePartner("acme", "acme_int", extra) }
        let superseding = "supersedes:\n  - media_source: old_int\n    name: Old Beta\nsetup:\n  notes: [Partner beta users move here]"
        return RuleExamples(
            passing: [
                ["acme.yaml": acme("setup:\n  notes: [Open the Partner Betamax console]"), "beta.yaml": beta],
                ["acme.yaml": acme(superseding), "beta.yaml": examplePartner("beta", "beta_int", "aliases: [Old Beta]")],
                ["acme.yaml": acme("setup:\n  notes: [Open the Acme console]"), "beta.yaml": beta],
            ],
            failing: [
                ["acme.yaml": acme("setup:\n  notes: [Open the partner BETA console]"), "beta.yaml": beta],
                ["acme.yaml": acme("setup:\n  prerequisites: ['An account at Beta Media.']"), "beta.yaml": beta],
                [
                    "acme.yaml": exampleCredentialsPartner(
                        "  - {key: token, label: Token, kind: token, help: 'Copy it from the beta_int settings'}"),
                    "beta.yaml": beta,
                ],
            ])
    }

    /// A name of a partner, as the words it is matched by.
    private struct Term {
        var words: [Substring]
        var text: String
        var partner: Int
        var path: String
        var what: String
    }

    func apply(_ documents: [PartnerDocument], into findings: inout [Finding]) {
        guard documents.count > 1 else { return }
        // Every name of every partner, by its first word, so each file's text is read once, whatever the catalog's size.
        var terms: [Substring: [Term]] = [:]
        for (partner, document) in documents.enumerated() {
            let definition = document.definition
            var names: [(String, String, String)] = [(definition.name, "name", "display name")]
            names += definition.aliases.enumerated().map { ($0.element, "aliases[\($0.offset)]", "alias") }
            names += definition.mediaSources.enumerated().map { ($0.element, "media_sources[\($0.offset)]", "media source") }
            for (text, path, what) in names {
                let words = Self.words(text)
                guard let first = words.first else { continue }
                terms[first, default: []].append(Term(words: words, text: text, partner: partner, path: path, what: what))
            }
        }
        for (index, document) in documents.enumerated() {
            let own = Set(Self.ownNames(document.definition).map { Self.words($0) })
            var told: Set<Int> = []
            for (path, text) in Self.prose(of: document.definition) {
                let words = Self.words(text)
                for start in words.indices {
                    for term in terms[words[start]] ?? [] where term.partner != index && !told.contains(term.partner) {
                        guard start + term.words.count <= words.count,
                            words[start..<(start + term.words.count)].elementsEqual(term.words), !own.contains(term.words)
                        else { continue }
                        let other = documents[term.partner]
                        guard !Self.related(document.definition, other.definition) else { continue }
                        told.insert(term.partner)
                        let place = other.place(term.path)
                        findings.append(
                            document.finding(
                                at: path, code: .namesOtherPartner,
                                "\(Self.describe(path)) names '\(term.text)', the \(term.what) of partner '\(other.definition.id)' (\(place)); if it was copied from that partner's file, write what holds for this partner",
                                related: [place]))
                    }
                }
            }
        }
    }

    /// The words of a text, lower-cased: runs of letters, digits and `_`.
    private static func words(_ text: String) -> [Substring] {
        Substring(text.lowercased()).split { !($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// The names a file gives its own partner and its superseded sources, which it may use freely.
    private static func ownNames(_ definition: PartnerDefinition) -> [String] {
        [definition.name, definition.id] + definition.aliases + definition.mediaSources
            + definition.supersedes.flatMap { [$0.name, $0.mediaSource] }
    }

    /// Whether one partner replaces a media source or an integration of the other.
    private static func related(_ one: PartnerDefinition, _ other: PartnerDefinition) -> Bool {
        func replaces(_ new: PartnerDefinition, _ old: PartnerDefinition) -> Bool {
            let names = Set(([old.name] + old.aliases).map { $0.lowercased() })
            let sources = Set(old.mediaSources + old.supersedes.map(\.mediaSource))
            return new.supersedes.contains { sources.contains($0.mediaSource) || names.contains($0.name.lowercased()) }
        }
        return replaces(one, other) || replaces(other, one)
    }

    /// The text of a partner file that people read, by path.
    private static func prose(of definition: PartnerDefinition) -> [(path: String, text: String)] {
        var result: [(String, String)] = []
        for (prefix, fields) in CredentialSets.of(definition) {
            for (index, field) in fields.enumerated() {
                result.append(("\(prefix)[\(index)].label", field.label))
                if let help = field.help { result.append(("\(prefix)[\(index)].help", help)) }
                if let reason = field.notSecretBecause { result.append(("\(prefix)[\(index)].not_secret_because", reason)) }
                if let fallback = field.fallback { result.append(("\(prefix)[\(index)].fallback.label", fallback.label)) }
            }
        }
        for (index, legacy) in definition.supersedes.enumerated() { result.append(("supersedes[\(index)].name", legacy.name)) }
        for (index, line) in definition.setup.prerequisites.enumerated() { result.append(("setup.prerequisites[\(index)]", line)) }
        for (index, line) in definition.setup.notes.enumerated() { result.append(("setup.notes[\(index)]", line)) }
        return result
    }

    /// A prose path in words: `setup.notes[2]` → "item 3 of setup.notes", `credentials[0].help` → "help of credentials[0]".
    private static func describe(_ path: String) -> String {
        if path.hasSuffix("]"), let open = path.lastIndex(of: "["),
            let number = Int(path[path.index(after: open)..<path.index(before: path.endIndex)])
        {
            return "item \(number + 1) of '\(path[..<open])'"
        }
        guard let dot = path.lastIndex(of: ".") else { return "'\(path)'" }
        return "'\(path[path.index(after: dot)...])' of \(path[..<dot])"
    }
}
