import Foundation
import PartnerRulesTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Partner tests are the gate (SPEC 19), and the project's own tests hold no catalog policy: the edits staff
/// make (a new partner without cases, a test file saved as `.yml`, a case that fails) get their answer from
/// `partner-rules test`, while `swift test` stays green.
@Suite("partner-rules test: the gate")
struct PartnerTestGateTests {
    /// A valid partner file nobody has written cases for.
    static let newPartner = """
        # yaml-language-server: $schema=../schemas/partner.schema.json
        id: zz-made-up
        name: ZZ Made Up
        media_sources: [zz_made_up_int]
        auth: oauth
        ad_types:
          unsupported: [Screen]

        """

    /// A copy of the repository's partners folder (tests included) and of `docs/partners.md` beside it.
    static func copyOfRepository() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory(prefix: "partner-rules-gate")
        try FileManager.default.copyItem(atPath: Repository.partners, toPath: folder.file("partners"))
        try folder.write("docs/partners.md", try String(contentsOfFile: Repository.path("docs/partners.md"), encoding: .utf8))
        return folder
    }

    @Test("a valid new partner without cases and with a stale guide: the catalog checks stay green; lint and the gate say what to do")
    func newPartnerWithoutCases() async throws {
        let folder = try Self.copyOfRepository()
        defer { folder.cleanup() }
        try folder.write("partners/zz-made-up.yaml", Self.newPartner)

        // The checks the project's own suites make over the catalog, run over this copy: all green.
        let lint = try await CLI.run(["lint", "partners"], in: folder.url)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        #expect(!lint.stdout.contains(": error: "), "\(lint.stdout)")
        let warnings = lint.stdout.split(separator: "\n").count { $0.contains(": warning: ") }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.file("partners")).count { $0.hasSuffix(".yaml") }
        #expect(lint.stderr.contains("0 errors, \(warnings) warning\(warnings == 1 ? "" : "s") in \(files) files"), "\(lint.stderr)")
        let run = try await CLI.run(["test", "--coverage"], in: folder.url)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("FAIL "))
        #expect(run.stderr.contains(" 0 failed;"), "\(run.stderr)")

        // The policies staff see: the guide is stale (lint's warning with the command), and the gate refuses
        // a partner without cases, naming the file to write.
        #expect(lint.stdout.contains("docs/partners.md:"), "\(lint.stdout)")
        #expect(lint.stdout.contains("partner-rules guide --partners partners --output docs/partners.md [guide-stale]"), "\(lint.stdout)")
        #expect(run.stderr.contains("warning: no case tests zz-made-up"), "\(run.stderr)")
        let gate = try await CLI.run(["test", "--threshold", "100"], in: folder.url)
        #expect(gate.status == 1, "\(gate.stderr)")
        #expect(
            gate.stderr.contains(
                "partner-rules test: error: no case tests 'zz-made-up' (partners/zz-made-up.yaml), so none of its rules is tested; "
                    + "write cases for it in partners/tests/zz-made-up.yaml until 'partner-rules test --threshold 100' passes"),
            "\(gate.stderr)")
        #expect(!gate.stderr.contains("warning: no case tests"), "named once, as the error: \(gate.stderr)")

        // One case about it, and it counts: the gate then asks only for coverage, naming its facts not covered.
        try folder.write(
            "partners/tests/zz-made-up.yaml",
            """
            # yaml-language-server: $schema=../../schemas/partner-test.schema.json
            cases:
              - name: screen ads stay at ad level
                rows:
                  - {media_source: zz_made_up_int, ad_type: Screen, expect: ad}

            """)
        let some = try await CLI.run(["test", "--threshold", "0"], in: folder.url)
        #expect(some.status == 0, "\(some.stderr)")
        #expect(!some.stderr.contains("no case tests"), "\(some.stderr)")
        let below = try await CLI.run(["test", "--threshold", "100"], in: folder.url)
        #expect(below.status == 1)
        #expect(!below.stderr.contains("no case tests"), "\(below.stderr)")
        #expect(below.stderr.contains("is below the threshold of 100 %"), "\(below.stderr)")
        #expect(below.stderr.contains("  partners/zz-made-up.yaml:5: auth: oauth"), "\(below.stderr)")
        #expect(!below.stderr.contains("ad type 'Screen'"), "the case covers the ad type: \(below.stderr)")
    }

    @Test("a test file saved as x.yml or x.YAML is an error naming the file and the rename, never skipped", arguments: ["x.yml", "x.YAML"])
    func misnamedTestFile(name: String) async throws {
        let folder = try Self.copyOfRepository()
        defer { folder.cleanup() }
        let stem = "x"
        try folder.write(
            "partners/tests/\(name)",
            "# yaml-language-server: $schema=../../schemas/partner-test.schema.json\ncases:\n  - name: CTV\n    rows:\n      - {media_source: moloco_int, ad_type: CTV, expect: creative}\n")
        let result = try await CLI.run(["test"], in: folder.url)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        let written = String(name.dropFirst(stem.count))
        #expect(
            result.stderr.contains(
                "partners/tests/\(name):1:1: error: '\(name)' ends in '\(written)', so it is not read: test files end in '.yaml' in lower case; "
                    + "rename it to 'x.yaml' [file-extension]"),
            "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        // Renamed as told, it is read: its wrong expectation now fails.
        try FileManager.default.moveItem(atPath: folder.file("partners/tests/\(name)"), toPath: folder.file("partners/tests/x.yaml"))
        let renamed = try await CLI.run(["test"], in: folder.url)
        #expect(renamed.status == 1, "\(renamed.stderr)")
        #expect(renamed.stdout.contains("FAIL partners/tests/x.yaml:3: CTV"), "\(renamed.stdout)")
    }

    @Test("a failing role case names the roles and the partner-file line that decided it, in text, json and JUnit")
    func failingRoleCase() async throws {
        let folder = try Self.copyOfRepository()
        defer { folder.cleanup() }
        let moloco = try folder.read("partners/moloco.yaml").split(separator: "\n", omittingEmptySubsequences: false)
        let roleLine = try #require(moloco.firstIndex { $0.contains("any_of:") }) + 1
        try folder.write(
            "partners/tests/zz-roles.yaml",
            """
            # yaml-language-server: $schema=../../schemas/partner-test.schema.json
            cases:
              - name: a Viewer may integrate
                request:
                  partner: moloco
                  apps: [com.acme.game]
                  credentials: {email: ana@acme.example, password: s3cret, workplace_id: AcmeGames}
                  roles: [Viewer]
                expect: {valid: true, errors: []}

            """)
        let arguments = ["test", "partners/tests/zz-roles.yaml", "--today", "2026-01-15"]
        let text = try await CLI.run(arguments, in: folder.url)
        #expect(text.status == 1)
        let line = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("    errors: ") }.map(String.init), "\(text.stdout)")
        #expect(line.hasPrefix("    errors: expected none, got missing_role — \""), "\(line)")
        #expect(line.contains("'Workplace Owner'") && line.contains("'Ad Account Owner'"), "\(line)")
        #expect(line.hasSuffix("\" (partners/moloco.yaml:\(roleLine))"), "\(line)")
        // The errors' words are told once, on the errors line.
        #expect(text.stdout.contains("    valid: expected true, got false\n"), "\(text.stdout)")

        let json = try await CLI.run(arguments + ["--format", "json"], in: folder.url)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any])
        let cases = try #require(object["cases"] as? [[String: Any]])
        let differences = try #require(cases.first?["differences"] as? [[String: Any]])
        let errors = try #require(differences.first { $0["key"] as? String == "errors" })
        #expect(errors["expected"] as? String == "none" && errors["got"] as? String == "missing_role")
        #expect((errors["message"] as? String)?.contains("'Workplace Owner'") == true)
        let because = try #require((errors["because"] as? [[String: Any]])?.first)
        #expect(because["file"] as? String == "partners/moloco.yaml" && because["line"] as? Int == roleLine)
        #expect(errors["text"] as? String == line.trimmingCharacters(in: .whitespaces))

        let junit = try await CLI.run(arguments + ["--format", "junit"], in: folder.url)
        #expect(XMLParser(data: junit.stdoutBytes).parse(), "\(junit.stdout)")
        #expect(junit.stdout.contains("got missing_role — &quot;"), "\(junit.stdout)")
        #expect(junit.stdout.contains("(partners/moloco.yaml:\(roleLine))"), "\(junit.stdout)")
    }
}
