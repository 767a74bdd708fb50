/// A word that mixes alphabets looks like one word and matches nothing: a Cyrillic 'а' typed (or
/// pasted) among Latin letters. Ids, media sources, aliases, keys, ad types and display names get
/// a warning that names each odd letter and, where each has a Latin twin, the word as meant.
struct MixedScriptRule: ValueRule {
    static let codes: [RuleCode] = [.mixedScript]
    static let summary = "a word mixes Latin with Cyrillic or Greek letters that look the same"
    static var examples: RuleExamples {
        RuleExamples(
            passing: [
                exampleAcme(replacing: "name: Partner acme", with: "name: Москва Ads"),
                exampleAcme(replacing: "name: Partner acme", with: "name: Ωmega Ads (Ωμέγα)"),
            ],
            failing: [
                exampleAcme(replacing: "name: Partner acme", with: "name: P\u{0430}rtner acme"),
                exampleAcme(replacing: "auth: oauth", with: "auth: oauth\naliases: [\u{039C}oloco]"),
            ])
    }

    private enum Script { case latin, cyrillic, greek }

    func apply(_ value: ReadValue, into findings: inout [Finding]) {
        guard value.role != .text, !value.text.utf8.allSatisfy({ $0 < 0x80 }) else { return }
        for word in value.text.unicodeScalars.split(whereSeparator: { !$0.properties.isAlphabetic }) {
            let start = value.text.unicodeScalars.distance(from: value.text.unicodeScalars.startIndex, to: word.startIndex)
            let scripts = word.map(Self.script)
            let latin = scripts.count(where: { $0 == .latin })
            let other = scripts.count(where: { $0 == .cyrillic || $0 == .greek })
            guard latin > 0, other > 0 else { continue }
            // The letters of the smaller alphabet are the odd ones; only look-alikes deceive (Ωmega does not).
            let odd: (Script?) -> Bool = latin >= other ? { $0 == .cyrillic || $0 == .greek } : { $0 == .latin }
            let letters = zip(word, scripts).filter { odd($0.1) }.map(\.0)
            guard letters.contains(where: { Self.latinTwin[$0] != nil || Self.lookalikes.contains($0) }) else { continue }
            let named = letters.map { "'\(Character($0))' (\(SourceCharacters.codePoint($0)), \(Self.name(Self.script($0))))" }
            var meant = String.UnicodeScalarView()
            var complete = true
            for scalar in word {
                if odd(Self.script(scalar)) {
                    guard let twin = Self.latinTwin[scalar] else { complete = false; break }
                    meant.append(twin)
                } else {
                    meant.append(scalar)
                }
            }
            let wordText = String(word)
            let fix = complete && latin >= other ? "; retype it in Latin letters: '\(String(meant))'" : "; retype the word in one alphabet"
            findings.append(
                Finding(
                    file: value.file, location: SourceLocation(line: value.location.line, column: value.column(ofCharacter: start)),
                    code: .mixedScript,
                    message: "\(value.what) \(SourceText.shown(value.text)): the word '\(wordText)' mixes alphabets, with \(named.joined(separator: ", ")) that looks like a Latin letter but does not match one\(fix)",
                    suggestion: complete && latin >= other ? String(meant) : nil))
            return
        }
    }

    private static func script(_ scalar: Unicode.Scalar) -> Script? {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: return .latin
        case 0x400...0x52F: return .cyrillic
        case 0x370...0x3FF: return .greek
        default: return nil
        }
    }

    private static func name(_ script: Script?) -> String {
        switch script {
        case .cyrillic: return "Cyrillic"
        case .greek: return "Greek"
        default: return "Latin"
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
