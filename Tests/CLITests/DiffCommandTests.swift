import Foundation
import PartnerRulesTestSupport
import Testing

/// `partner-rules diff` as CI runs it (SPEC 20), on a copy of the real catalog committed to a fresh git repository.
@Suite("partner-rules diff")
struct DiffCommandTests {
    typealias Checkout = LintContextTests.Checkout

    func diff(_ checkout: Checkout, _ arguments: [String]) async throws -> CLI.Result {
        try await CLI.run(["diff"] + arguments, in: checkout.root)
    }

    /// A partner file whose `all_of` is empty, edited to need a role.
    func addRole(_ checkout: Checkout) throws -> String {
        let name = try #require(try LintContextTests.partnerNames().first { (try? checkout.text($0).contains("  all_of: []\n")) == true })
        try checkout.write(name, try checkout.text(name).replacingOccurrences(of: "  all_of: []\n", with: "  all_of: [Billing Viewer]\n"))
        return String(name.dropLast(".yaml".count))
    }

    @Test("against git:HEAD by default: nothing changed says so; a role added to all_of is stricter, and --fail-on stricter fails")
    func defaultBaseline() async throws {
        let checkout = try Checkout()
        defer { checkout.cleanup() }
        try await checkout.commit()
        let unchanged = try await diff(checkout, [])
        #expect(unchanged.status == 0, "\(unchanged.stderr)")
        #expect(unchanged.stdout.contains("no request or row gets another answer"), "\(unchanged.stdout)")

        let id = try addRole(checkout)
        let json = try await diff(checkout, ["--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any])
        let partners = try #require(object["partners"] as? [[String: Any]])
        let changed = try #require(partners.first { $0["partner"] as? String == id })
        #expect(changed["change"] as? String == "stricter", "\(changed)")
        #expect(partners.filter { $0["partner"] as? String != id }.allSatisfy { $0["change"] as? String == "unchanged" })

        let markdown = try await diff(checkout, ["--format", "markdown"])
        #expect(markdown.stdout.contains("**\(id)**: stricter") && markdown.stdout.contains("```json"), "\(markdown.stdout)")
        #expect(try await diff(checkout, ["--fail-on", "stricter"]).status == 1)

        let lint = try await checkout.lint(["partners", "--baseline", "git:HEAD", "--format", "json"])
        let findings = try #require(try JSONSerialization.jsonObject(with: lint.stdoutBytes) as? [[String: Any]])
        let breaking = findings.filter { $0["code"] as? String == "breaking-change" }
        #expect(breaking.contains { ($0["message"] as? String ?? "").contains("Billing Viewer") && $0["suggestion"] != nil }, "\(breaking)")
        #expect(breaking.allSatisfy { !($0["message"] as? String ?? "").contains("any_of") })
    }

    @Test("bad input: an unknown ref is named, a baseline with errors compares nothing, a malformed replay line is counted")
    func badInput() async throws {
        let checkout = try Checkout()
        defer { checkout.cleanup() }
        try await checkout.commit()
        let missing = try await diff(checkout, ["--baseline", "git:no-such-branch"])
        #expect(missing.status == 2 && missing.stderr.contains("git:no-such-branch"), "\(missing.stderr)")

        let broken = try TemporaryDirectory(prefix: "diff-broken", files: ["broken.yaml": "id: broken\nname: [\n"])
        defer { broken.cleanup() }
        let invalid = try await diff(checkout, ["--baseline", broken.path])
        #expect(invalid.status == 2 && invalid.stderr.contains("have errors") && invalid.stdout.isEmpty, "\(invalid.stderr)")

        try checkout.directory.write("recorded.ndjson", "{\"request\": {\"partner\": \"nobody\", \"apps\": [\"com.acme.game\"]}}\n{\"request\": \n")
        let replay = try await diff(checkout, ["--integrations", "recorded.ndjson"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("recorded.ndjson:2:"), "\(replay.stdout)")
        #expect(try await diff(checkout, ["--format", "yaml"]).status == 2)
    }

    @Test("the JSON holds to schemas/diff.schema.json", .requires(.checkJSONSchema))
    func schema() async throws {
        let checkout = try Checkout()
        defer { checkout.cleanup() }
        try await checkout.commit()
        _ = try addRole(checkout)
        try checkout.directory.write("rows.csv", "app_id,media_source,date,ad_type\ncom.acme.game,nobody_int,2026-01-01,video\n")
        try checkout.directory.write("recorded.ndjson", "{\"request\": {\"partner\": \"nobody\", \"apps\": [\"com.acme.game\"]}}\nnot json\n")
        let json = try await diff(checkout, ["--format", "json", "--rows", "rows.csv", "--integrations", "recorded.ndjson"])
        #expect(json.status == 0, "\(json.stderr)")
        let output = try checkout.directory.write("diff.json", json.stdoutBytes)
        let result = try await ProcessRunner.run(
            program: "check-jsonschema", ["--schemafile", Repository.path("schemas/diff.schema.json"), output], timeout: .seconds(120))
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
    }
}
