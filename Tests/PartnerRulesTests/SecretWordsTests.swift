import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// SPEC 3a's "looks secret": a secret word inside the key or label once case, spaces, `_` and `-` are ignored. The
/// matcher folds ASCII as bytes; these tests hold it to the plain definition, written here with Unicode's lower case.
@Suite("secret words")
struct SecretWordsTests {
    /// The definition, as SPEC 3a states it.
    static func reference(_ text: String) -> String? {
        let folded = String(text.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" })
        return SecretWords.words.first { folded.contains($0) }
    }

    @Test(
        "keys and labels that look secret, and ones that do not",
        arguments: [
            ("api_key", "key"), ("Secret-Key", "secret"), ("app_signature", "signature"), ("refresh_token", "token"),
            ("P A S S W O R D", "password"), ("pass-wd", "passwd"), ("AUTH", "auth"), ("ac\u{212A}ey", "key"),
            ("account", nil), ("Workspace", nil), ("", nil), ("ke", nil), ("Kölner Konto", nil),
        ] as [(String, String?)])
    func examples(text: String, word: String?) {
        #expect(SecretWords.match(text) == word)
        #expect(Self.reference(text) == word)
    }

    @Test("the byte matcher agrees with the definition on 20,000 random keys and labels")
    func agreesWithTheDefinition() {
        var generator = SeededRandom(seed: 0x5EC2E7)
        let pieces = SecretWords.words + ["PASS", "Word", "tok", "EN", "k", "ey", "a", "Z", " ", "_", "-", "é", "\u{212A}", "İ"]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0..<6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(SecretWords.match(text) == Self.reference(text), "\(text)")
        }
    }
}
