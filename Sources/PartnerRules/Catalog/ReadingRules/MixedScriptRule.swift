/// A word that mixes alphabets looks like one word and matches nothing: a Cyrillic 'а' typed (or pasted) among
/// Latin letters (SPEC 19). In what other text is matched against (ids, media sources, aliases, credential keys,
/// roles, ad types) it is an error, with the Latin spelling as the fix where every odd letter has a Latin twin;
/// ids, media sources and credential keys are ASCII, so any other character in them is an error too. In what
/// people read (display names, labels, help, notes) it is a warning.
struct MixedScriptRule: ValueRule {
    static let codes: [RuleCode] = [.mixedScript]
    static let summary = "a word mixes Latin with Cyrillic or Greek letters that look the same, or an id, media source or credential key is not ASCII"
    static var examples: RuleExamples {
        RuleExamples(
            passing: [
                exampleAcme(replacing: "name: Partner acme", with: "name: Москва Ads"),
                exampleAcme(replacing: "name: Partner acme", with: "name: Ωmega Ads (Ωμέγα)"),
                exampleAcme(replacing: "auth: oauth", with: "auth: oauth\nroles: {any_of: [Администратор, Admin]}"),
                exampleAcme(replacing: "auth: oauth", with: "auth: oauth\nsetup: {notes: [Ask the Ωmega team]}"),
            ],
            failing: [
                exampleAcme(replacing: "name: Partner acme", with: "name: P\u{0430}rtner acme"),
                exampleAcme(replacing: "auth: oauth", with: "auth: oauth\naliases: [\u{039C}oloco]"),
                exampleAcme(replacing: "[acme_int]", with: "[\u{0430}cme_int]"),
                exampleAcme(replacing: "[acme_int]", with: "[acm\u{00E9}_int]"),
                exampleAcme(replacing: "auth: oauth", with: "auth: oauth\nroles: {any_of: [Adm\u{0456}n]}"),
                exampleAcme(replacing: "auth: oauth", with: "auth: oauth\nsetup: {notes: [Ask the Acm\u{0435} team]}"),
            ])
    }

    private enum Script { case latin, cyrillic, greek }

    func apply(_ value: ReadValue, into findings: inout [Finding]) {
        guard !value.text.isAllASCII else { return }
        let scalars = Array(value.text.unicodeScalars)
        // The odd letters, by their offset in the value.
        let odd: [Int]
        var mixedWord: String?
        var wordRange: Range<Int>?
        var inLatin = true
        if value.role == .code {
            // Invisible characters and curly quotes have their own rules, which name them.
            odd = scalars.indices.filter {
                scalars[$0].value >= 0x80 && !SourceCharacters.isHidden(scalars[$0]) && !CurlyQuotesRule.isCurly(scalars[$0])
            }
            guard !odd.isEmpty else { return }
            mixedWord = Self.mixedWord(scalars).map { String(String.UnicodeScalarView(scalars[$0.word])) }
        } else {
            guard let mixed = Self.mixedWord(scalars) else { return }
            odd = mixed.odd
            wordRange = mixed.word
            mixedWord = String(String.UnicodeScalarView(scalars[mixed.word]))
            inLatin = mixed.latin
        }
        let twins = odd.map { Self.latinTwin[scalars[$0]] }
        let complete = inLatin && twins.allSatisfy { $0 != nil }
        var meant = scalars
        for (offset, twin) in zip(odd, twins) { if let twin { meant[offset] = twin } }
        let meantText = String(String.UnicodeScalarView(meant))
        let named = odd.map { offset -> String in
            let scalar = scalars[offset]
            guard let script = Self.script(scalar), script != .latin || mixedWord != nil else {
                return "'\(Character(scalar))' (\(SourceCharacters.codePoint(scalar)))"
            }
            return "'\(Character(scalar))' (\(SourceCharacters.codePoint(scalar)), \(Self.name(script)))"
        }
        let what: String
        if let mixedWord {
            what = "the word '\(mixedWord)' mixes alphabets, with \(named.joined(separator: ", ")) that looks like a Latin letter but does not match one"
        } else {
            what = "\(named.joined(separator: ", ")) is not a plain Latin letter, and \(value.what)s are written in ASCII (Latin letters, digits and signs such as '_')"
        }
        // As meant: the word that mixes alphabets, or the whole value when it is an id, media source or key.
        let meantShown = wordRange.map { String(String.UnicodeScalarView(meant[$0])) } ?? meantText
        let retype = complete ? "; retype it in Latin letters: '\(meantShown)'" : value.role == .code ? "; retype it in plain Latin letters" : "; retype the word in one alphabet"
        let matched = value.role == .code || value.role == .identifier || value.role == .roleName
        let fix = complete && matched ? Self.fix(value, odd: odd, twins: twins.compactMap { $0 }, meant: meantText) : nil
        findings.append(
            Finding(
                file: value.file, location: SourceLocation(line: value.location.line, column: value.column(ofCharacter: odd[0])),
                code: .mixedScript, message: "\(value.what) \(SourceText.shown(value.text)): \(what)\(retype)",
                suggestion: complete ? meantShown : nil, severity: matched ? .error : .warning, fix: fix))
    }

    /// The first word that mixes Latin with Cyrillic or Greek letters that look alike, with the offsets of the
    /// letters of its smaller alphabet (the odd ones) and whether Latin is the larger one (so the word was meant
    /// in Latin letters).
    private static func mixedWord(_ scalars: [Unicode.Scalar]) -> (word: Range<Int>, odd: [Int], latin: Bool)? {
        var start = 0
        while start < scalars.count {
            guard scalars[start].properties.isAlphabetic else { start += 1; continue }
            var end = start
            while end < scalars.count, scalars[end].properties.isAlphabetic { end += 1 }
            let scripts = (start..<end).map { script(scalars[$0]) }
            let latin = scripts.count(where: { $0 == .latin })
            let other = scripts.count(where: { $0 == .cyrillic || $0 == .greek })
            if latin > 0, other > 0 {
                // The letters of the smaller alphabet are the odd ones; only look-alikes deceive (Ωmega does not).
                let isOdd: (Script?) -> Bool = latin >= other ? { $0 == .cyrillic || $0 == .greek } : { $0 == .latin }
                let odd = (start..<end).filter { isOdd(script(scalars[$0])) }
                if odd.contains(where: { latinTwin[scalars[$0]] != nil || lookalikes.contains(scalars[$0]) }) {
                    return (start..<end, odd, latin >= other)
                }
            }
            start = end
        }
        return nil
    }

    /// The edit that puts each odd letter's Latin twin in its place, when the value stands on one line as typed
    /// (no escapes, no folded line), so its characters' columns are known.
    private static func fix(_ value: ReadValue, odd: [Int], twins: [Unicode.Scalar], meant: String) -> Fix? {
        let text = value.text
        guard !text.contains("\n") else { return nil }
        switch value.style {
        case .plain: break
        case .singleQuoted: guard !text.contains("'") else { return nil }
        case .doubleQuoted: guard !text.contains("\\"), !text.contains("\"") else { return nil }
        default: return nil
        }
        let edits = zip(odd, twins).map { offset, twin in
            let column = value.column(ofCharacter: offset)
            return TextEdit(line: value.location.line, column: column, endLine: value.location.line, endColumn: column + 1, text: String(twin))
        }
        return Fix(description: "retype \(SourceText.shown(text)) in Latin letters: '\(meant)'", edits: edits)
    }

    private static func script(_ scalar: Unicode.Scalar) -> Script? {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: return .latin
        case 0x400...0x52F: return .cyrillic
        case 0x370...0x3FF: return .greek
        default: return nil
        }
    }

    private static func name(_ script: Script) -> String {
        switch script {
        case .cyrillic: return "Cyrillic"
        case .greek: return "Greek"
        case .latin: return "Latin"
        }
    }

    /// Latin letters that have a Cyrillic or Greek twin.
    private static let lookalikes = Set(latinTwin.values)

    /// Cyrillic and Greek letters that look like a Latin one.
    private static let latinTwin: [Unicode.Scalar: Unicode.Scalar] = [
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "һ": "h",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X",
        "І": "I", "Ј": "J", "Ѕ": "S", "ο": "o", "α": "a", "ν": "v", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H",
        "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    ]
}
