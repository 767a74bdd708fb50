import Foundation
import PartnerRulesTestSupport
import Testing

/// Issue 22's edit: a pattern the editors' dialect refuses fails lint, and a value is checked with that dialect.
@Suite("patterns in lint and check")
struct PatternLintTests {
    static func partner(pattern: String) -> String {
        """
        # yaml-language-server: $schema=../schemas/partner.schema.json
        id: acme
        name: Acme
        media_sources: [acme_int]
        auth: credentials
        credentials:
          - key: account_id
            label: Account ID
            kind: identifier
            pattern: "\(pattern)"
        ad_types:
          unsupported: []
        """
    }

    @Test("'^[0-9]{6,$' fails lint with invalid-pattern, naming the place in the pattern")
    func unclosedCount() async throws {
        let folder = try TemporaryDirectory(prefix: "pattern-lint", files: ["acme.yaml": Self.partner(pattern: "^[0-9]{6,$")])
        let result = try await CLI.run(["lint", folder.file("acme.yaml")])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasSuffix("[invalid-pattern]") }, "\(result.stdout)")
        #expect(line.contains(":10:"), "the finding points at the pattern's line: \(line)")
        #expect(line.contains(": error: "))
        #expect(line.contains("at character 7, '{6,' opens a count of repeats that is never closed with '}'"), "\(line)")
        for word in ["regular expression", "regex", "compile", "quantifier"] { #expect(!line.lowercased().contains(word)) }
    }

    @Test("a pattern that can blow up is a warning, and a good pattern is silent")
    func slowAndGood() async throws {
        let slow = try TemporaryDirectory(prefix: "pattern-lint", files: ["acme.yaml": Self.partner(pattern: "^(?=[a-z])([a-z]+[0-9]?)+$")])
        let warned = try await CLI.run(["lint", slow.file("acme.yaml")])
        #expect(warned.status == 0, "\(warned.stdout)\(warned.stderr)")
        #expect(warned.stdout.contains("warning: pattern '^(?=[a-z])([a-z]+[0-9]?)+$' repeats a part that itself repeats"), "\(warned.stdout)")
        // Without lookaround or backreferences the same shape runs in time proportional to the value: no warning.
        for pattern in ["^[0-9]{6,}$", "^([a-z]+[0-9]?)+$"] {
            let good = try TemporaryDirectory(prefix: "pattern-lint", files: ["acme.yaml": Self.partner(pattern: pattern)])
            let clean = try await CLI.run(["lint", good.file("acme.yaml")])
            #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
            #expect(!clean.stdout.contains("invalid-pattern"), "\(pattern): \(clean.stdout)")
        }
    }
}
