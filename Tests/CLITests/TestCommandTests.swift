import Foundation
import PartnerRulesTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("partner-rules test")
struct TestCommandTests {
    /// A copy of the repository's partners folder (its tests included) in a temporary folder.
    static func copyOfPartners() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory(prefix: "partner-rules-test-command")
        try FileManager.default.copyItem(atPath: Repository.partners, toPath: folder.file("partners"))
        return folder
    }

    /// Whether every partner has cases is `partner-rules test --threshold 100`'s to say (in .ci/run), not this test's:
    /// a partner added without cases leaves it green.
    @Test("the repository's partner tests pass, and lint still reads only partner files")
    func repositoryPasses() async throws {
        let result = try await CLI.run(["test", "--coverage"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("FAIL "))
        #expect(result.stdout.contains("PASS partners/tests/moloco.yaml:"))
        #expect(result.stdout.contains(": covered: credential field 'workplace_id'"))
        #expect(result.stderr.contains(" 0 failed;"), "\(result.stderr)")
    }

    @Test("mutation: removing an ad type from a copy of the partner files makes the tests fail")
    func mutation() async throws {
        let folder = try Self.copyOfPartners()
        defer { folder.cleanup() }
        let original = try folder.read("partners/moloco.yaml")
        let mutated = original.replacingOccurrences(of: "unsupported: [{name: CTV, aliases: [CTV Ads]}]", with: "unsupported: []")
        try #require(mutated != original, "moloco.yaml no longer lists CTV as the test expects")
        try folder.write("partners/moloco.yaml", mutated)
        let result = try await CLI.run(["test", "--partners", "partners"], in: folder.url)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("FAIL partners/tests/moloco.yaml:"), "\(result.stdout)")
        #expect(result.stdout.contains("'CTV'): expected ad, got creative"), "\(result.stdout)")
    }

    @Test("a test file with errors stops the run with exit 2 and lint's findings, each with its place and fix")
    func badTestFile() async throws {
        let folder = try Self.copyOfPartners()
        defer { folder.cleanup() }
        try folder.write(
            "partners/tests/zz-broken.yaml",
            "# yaml-language-server: $schema=../../schemas/partner-test.schema.json\ncases:\n  - name: typo\n    rows:\n      - {media_source: moloco_int, ad_typ: CTV, expect: ad}\n")
        let result = try await CLI.run(["test", "--partners", "partners"], in: folder.url)
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("partners/tests/zz-broken.yaml:5:36: error: unknown key 'ad_typ'; did you mean 'ad_type'? [unknown-key]"),
            "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("bad usage exits 2: a threshold out of range, a path that does not exist")
    func badUsage() async throws {
        #expect(try await CLI.run(["test", "--threshold", "101"]).status == 2)
        let missing = try await CLI.run(["test", "no/such/folder"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no/such/folder"))
    }

    @Test("a threshold above the coverage fails and names the facts not covered")
    func threshold() async throws {
        let folder = try Self.copyOfPartners()
        defer { folder.cleanup() }
        // Only the rows of one partner: most of its facts stay uncovered.
        let tests = try FileManager.default.contentsOfDirectory(atPath: folder.file("partners/tests"))
        for name in tests where name != "moloco.yaml" { try FileManager.default.removeItem(atPath: folder.file("partners/tests/\(name)")) }
        try folder.write(
            "partners/tests/moloco.yaml",
            "# yaml-language-server: $schema=../../schemas/partner-test.schema.json\ncases:\n  - name: CTV\n    rows:\n      - {media_source: moloco_int, ad_type: CTV, expect: ad}\n")
        let result = try await CLI.run(["test", "--partners", "partners", "--threshold", "100"], in: folder.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("is below the threshold of 100"), "\(result.stderr)")
        #expect(result.stderr.contains("partners/moloco.yaml:"), "\(result.stderr)")
        #expect(result.stderr.contains("credential field 'workplace_id'"), "\(result.stderr)")
        #expect(result.stderr.contains("error: no case tests 'adjoe'"), "partners without cases fail the gate: \(result.stderr)")
    }

    @Test("json and junit outputs parse")
    func formats() async throws {
        let json = try await CLI.run(["test", "--format", "json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any])
        #expect(Set(object.keys) == ["cases", "coverage"])
        let junit = try await CLI.run(["test", "--format", "junit"])
        #expect(junit.status == 0)
        #expect(XMLParser(data: junit.stdoutBytes).parse(), "\(junit.stdout)")
    }
}
