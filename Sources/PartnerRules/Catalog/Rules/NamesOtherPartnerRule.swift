/// Text copied from another partner's file tends to keep that partner's name: a help text that says "open the
/// Zephyr Ads dashboard" in another partner's form. Prose in a partner file (labels, help, reasons, prerequisites,
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
        var words: [UInt64]
        var text: String
        var partner: Int
        var path: String
        var what: String
    }

    func apply(_ documents: [PartnerDocument], into findings: inout [Finding]) {
        guard documents.count > 1 else { return }
        // Every name of every partner, by the hash of its words, so each file's text is read once, whatever the
        // catalog's size: each run of words as long as some name is looked up once, and only where a name starts
        // with its first word (one bit read passes over the other words, most of any text).
        var terms: [UInt64: [Term]] = [:]
        var termLengths: Set<Int> = []
        var firstWords = FirstWords()
        var words: [UInt64] = []
        for (partner, document) in documents.enumerated() {
            let definition = document.definition
            var names: [(String, String, String)] = [(definition.name, "name", "display name")]
            names += definition.aliases.enumerated().map { ($0.element, "aliases[\($0.offset)]", "alias") }
            names += definition.mediaSources.enumerated().map { ($0.element, "media_sources[\($0.offset)]", "media source") }
            for (text, path, what) in names {
                Self.words(text, into: &words)
                guard let first = words.first else { continue }
                termLengths.insert(words.count)
                firstWords.insert(first)
                terms[Self.key(words[...]), default: []].append(Term(words: words, text: text, partner: partner, path: path, what: what))
            }
        }
        let lengths = termLengths.sorted()
        for (index, document) in documents.enumerated() {
            var own: Set<[UInt64]>?
            var told: Set<Int> = []
            Self.forEachProse(of: document.definition) { text, path in
                // Each text that names another partner is reported, once per partner it names: staff fix them all at
                // once, not one a run.
                told.removeAll(keepingCapacity: true)
                Self.words(text, into: &words)
                for start in words.indices where firstWords.mayContain(words[start]) {
                    for length in lengths where start + length <= words.count {
                        let run = words[start..<(start + length)]
                        guard let candidates = terms[Self.key(run)] else { continue }
                        for term in candidates where term.partner != index && !told.contains(term.partner) && run.elementsEqual(term.words) {
                            // Worked out only on a match: the names the file may use, and whether the partners are related.
                            if own == nil {
                                own = Set(Self.ownNames(document.definition).map { name -> [UInt64] in
                                    var nameWords: [UInt64] = []
                                    Self.words(name, into: &nameWords)
                                    return nameWords
                                })
                            }
                            guard own?.contains(term.words) == false else { continue }
                            let other = documents[term.partner]
                            guard !Self.related(document.definition, other.definition) else { continue }
                            told.insert(term.partner)
                            let place = other.place(term.path)
                            let at = path()
                            findings.append(
                                document.finding(
                                    at: at, code: .namesOtherPartner,
                                    "\(Self.describe(at, in: document.definition)) names '\(term.text)', the \(term.what) of partner '\(other.definition.id)' (\(place)); if it was copied from that partner's file, write what holds for this partner",
                                    related: [place]))
                        }
                    }
                }
            }
        }
    }

    /// The first words of the catalog's names, as one bit per word hash: a clear bit means no name starts with
    /// the word; a set bit means one may (then the names are looked up).
    private struct FirstWords {
        private var bits = [UInt64](repeating: 0, count: 1 << 14)

        mutating func insert(_ word: UInt64) {
            let bit = Self.bit(word)
            bits[bit >> 6] |= 1 << UInt64(bit & 63)
        }

        func mayContain(_ word: UInt64) -> Bool {
            let bit = Self.bit(word)
            return bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
        }

        /// One of the 2^20 bits, from the word hash's top bits (FNV-1a's best mixed).
        private static func bit(_ word: UInt64) -> Int { Int(truncatingIfNeeded: word >> 44) }
    }

    /// One hash of a run of word hashes.
    private static func key(_ words: ArraySlice<UInt64>) -> UInt64 {
        var key: UInt64 = 0x9e37_79b9_7f4a_7c15
        for word in words { key = (key ^ word) &* 0x100_0000_01b3 }
        return key
    }

    /// Replaces `words` with the words of `text` (runs of letters, digits and `_`), each as a 64-bit hash of its
    /// lower-cased bytes, so reading a file's text builds no strings. Text with letters outside ASCII is lower-cased
    /// by Unicode's rules first, and its other bytes count as letters.
    private static func words(_ text: String, into words: inout [UInt64]) {
        if !hashWords(of: text.utf8, into: &words, folded: false) {
            _ = hashWords(of: text.lowercased().utf8, into: &words, folded: true)
        }
    }

    /// ``words(_:into:)`` over UTF-8 bytes read once; returns false, having stopped, at a byte outside ASCII when the
    /// text is not `folded` yet (it is then lower-cased and read again).
    private static func hashWords(of utf8: String.UTF8View, into words: inout [UInt64], folded: Bool) -> Bool {
        words.removeAll(keepingCapacity: true)
        func scan(_ bytes: some Sequence<UInt8>) -> Bool {
            var hash: UInt64 = 0
            var inWord = false
            for byte in bytes {
                if byte >= 0x80, !folded { return false }
                let isWord: Bool
                switch byte {
                case 0x30...0x39, 0x41...0x5A, 0x5F, 0x61...0x7A, 0x80...0xFF: isWord = true
                default: isWord = false
                }
                if isWord {
                    if !inWord { hash = 0xcbf2_9ce4_8422_2325 }
                    inWord = true
                    // FNV-1a over the lower-cased byte.
                    hash = (hash ^ UInt64(byte.asciiLowercased)) &* 0x100_0000_01b3
                } else if inWord {
                    words.append(hash)
                    inWord = false
                }
            }
            if inWord { words.append(hash) }
            return true
        }
        return utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(utf8)
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

    /// Calls `body` with each text of a partner file that people read, and its path (worked out only when asked).
    private static func forEachProse(of definition: PartnerDefinition, _ body: (String, () -> String) -> Void) {
        for (prefix, fields) in CredentialSets.of(definition) {
            for (index, field) in fields.enumerated() {
                body(field.label) { "\(prefix)[\(index)].label" }
                if let help = field.help { body(help) { "\(prefix)[\(index)].help" } }
                if let reason = field.notSecretBecause { body(reason) { "\(prefix)[\(index)].not_secret_because" } }
                if let fallback = field.fallback { body(fallback.label) { "\(prefix)[\(index)].fallback.label" } }
            }
        }
        for (index, legacy) in definition.supersedes.enumerated() { body(legacy.name) { "supersedes[\(index)].name" } }
        for (index, line) in definition.setup.prerequisites.enumerated() { body(line) { "setup.prerequisites[\(index)]" } }
        for (index, line) in definition.setup.notes.enumerated() { body(line) { "setup.notes[\(index)]" } }
    }

    /// A prose path in words: `setup.notes[2]` → "item 3 of 'setup.notes'", `credentials[0].help` → "'help' of credential
    /// field 'email'".
    private static func describe(_ path: String, in definition: PartnerDefinition) -> String {
        // A credential field by its key: `credentials[0].help` → "'help' of credential field 'email'".
        for (prefix, fields) in CredentialSets.of(definition) where path.hasPrefix(prefix + "[") {
            let rest = path.dropFirst(prefix.count + 1)
            guard let close = rest.firstIndex(of: "]"), let index = Int(rest[..<close]), fields.indices.contains(index) else { break }
            let part = rest[rest.index(after: close)...].drop(while: { $0 == "." })
            let set = prefix == "credentials" ? "credential field" : "partner-metrics field"
            return "'\(part)' of \(set) '\(fields[index].key)'"
        }
        if path.hasSuffix("]"), let open = path.lastIndex(of: "["),
            let number = Int(path[path.index(after: open)..<path.index(before: path.endIndex)])
        {
            return "item \(number + 1) of '\(path[..<open])'"
        }
        guard let dot = path.lastIndex(of: ".") else { return "'\(path)'" }
        return "'\(path[path.index(after: dot)...])' of \(path[..<dot])"
    }
}
