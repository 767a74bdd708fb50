import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// Lint and `schemas/partner.schema.json` accept and refuse the same partner files (issue 10, item 8):
/// check-jsonschema and lint run over every partner file the repository holds (the catalog, the lint
/// fixtures, the bad-input fixtures, the schema-agreement fixtures) and must agree file by file.
///
/// Compared is what the schema can say: lint's errors of one file, without the rules that go beyond
/// a schema (an id equal to the file name, a pattern that compiles, …). Files that lint refuses at the
/// YAML level where other YAML readers go on (anchors, aliases, tags, quoted keys, …) are left aside.
/// A value listed twice is refused by both; a number or true/false where text is expected is text
/// to both (`name: 360`).
@Suite("Schema and lint agree", .requires(.checkJSONSchema))
struct SchemaAgreementTests {
    /// Codes of rules that check what a JSON schema cannot express.
    static let beyondTheSchema: Set<RuleCode> = [
        .idMismatch, .invalidPattern, .lengthRange, .supersessionDates, .duplicateCredentialKey, .authCredentials,
        .duplicateAdType, .adTypeCase, .secretNotMarked, .secretUnmasked, .audienceEndpoint, .schemaComment,
    ]

    /// YAML that lint refuses on purpose and other YAML readers read.
    static let yamlRefusals: Set<RuleCode> = [
        .yamlAnchor, .yamlAlias, .yamlTag, .yamlKey, .yamlTab, .yamlTooDeep, .yamlTooLarge, .yamlMultipleDocuments, .yamlEncoding,
    ]

    /// Every partner file of the repository: the catalog and the fixtures of both test targets.
    static func corpus() throws -> [String] {
        var files: [String] = []
        let folders = [Repository.partners, Repository.path("Tests/CLITests/Fixtures/lint")]
            + ["bad", "made-up", "schema-agreement"].map { fixtures.path($0) }
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            where name.hasSuffix(".yaml") && !name.hasPrefix("_") {
                files.append("\(folder)/\(name)")
            }
        }
        return files
    }

    @Test("lint and check-jsonschema accept and refuse the same files")
    func agree() async throws {
        let files = try Self.corpus()
        #expect(files.contains { $0.hasSuffix("/role-listed-twice.yaml") } && files.contains { $0.hasSuffix("/name-is-a-number.yaml") })
        let schema = Repository.path("schemas/partner.schema.json")
        let result = try await ProcessRunner.run(
            program: "check-jsonschema", ["--schemafile", schema, "--output-format", "json"] + files, timeout: .seconds(300))
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderrText)")
        var refusedBySchema: Set<String> = []
        for entry in (report["errors"] as? [[String: Any]] ?? []) + (report["parse_errors"] as? [[String: Any]] ?? []) {
            if let file = entry["filename"] as? String { refusedBySchema.insert(file) }
        }
        var compared = 0
        for file in files {
            let findings = try CatalogLoader.lint(paths: [file]).findings.filter { $0.file == file }
            if findings.contains(where: { Self.yamlRefusals.contains($0.code) }) { continue }
            let refusals = findings.filter {
                $0.severity == .error && $0.code.family == .file && !Self.beyondTheSchema.contains($0.code)
            }
            compared += 1
            let name = file.replacingOccurrences(of: Repository.root + "/", with: "")
            #expect(
                refusals.isEmpty != refusedBySchema.contains(file),
                "\(name): lint \(refusals.isEmpty ? "accepts" : "refuses (\(refusals.map(\.description)))"), the schema \(refusedBySchema.contains(file) ? "refuses" : "accepts")")
        }
        #expect(compared > 10)
    }
}
