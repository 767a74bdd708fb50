import Foundation
import PartnerRulesTestSupport
import Testing

/// `partner-rules classify` and `partner-rules sql`, run as a user runs them: the built binary, compared byte
/// for byte with `Golden/classify-*`.
@Suite("classify and sql commands")
struct ClassifyCommandTests {
    static let partners = CLI.golden.path("classify-partners")
    static let input = CLI.golden.path("classify-input.csv")

    static func run(_ arguments: [String], stdin: Data? = nil) async throws -> CLI.Result {
        try await CLI.run(arguments, input: stdin)
    }

    static func temporaryDirectory() throws -> URL {
        try TemporaryDirectory(prefix: "partner-rules-cli").url
    }

    @Test func classifiesAFileToStandardOutput() async throws {
        let result = try await Self.run(["classify", "--input", Self.input, "--partners", Self.partners])
        #expect(result.status == 0, "\(result.stderr)")
        try CLI.golden.expect(result.stdoutBytes, "classify-drop.csv")
    }

    @Test func classifiesAPipe() async throws {
        let input = try Data(contentsOf: URL(fileURLWithPath: Self.input))
        let result = try await Self.run(["classify", "--partners", Self.partners], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        try CLI.golden.expect(result.stdoutBytes, "classify-drop.csv")
    }

    @Test func marksDuplicatesAndWritesTheSummary() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.csv")
        let summary = directory.appendingPathComponent("summary.json")
        let result = try await Self.run([
            "classify", "--input", Self.input, "--output", output.path, "--duplicates", "mark",
            "--summary", summary.path, "--partners", Self.partners,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutBytes.isEmpty)
        try CLI.golden.expect(try Data(contentsOf: output), "classify-mark.csv")
        try CLI.golden.expect(try Data(contentsOf: summary), "classify-summary.json")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["out.csv", "summary.json"])
    }

    /// `--explain` adds `because` last: the partner-file line of the ad-type entry (or the `supported` list) behind an
    /// ad-level row, of the `supersedes` entry behind a duplicate, nothing for the rest. Run from the resource folder
    /// with relative paths, so the places read `Golden/classify-partners/….yaml` wherever the build lives.
    @Test func explainsAdLevelAndDuplicateRows() async throws {
        let result = try await CLI.run(
            ["classify", "--input", "Golden/classify-input.csv", "--duplicates", "mark", "--explain", "--partners", "Golden/classify-partners"],
            in: CLI.resources)
        #expect(result.status == 0, "\(result.stderr)")
        try CLI.golden.expect(result.stdoutBytes, "classify-explain.csv")
        let plain = try await Self.run(["classify", "--input", Self.input, "--duplicates", "mark", "--partners", Self.partners])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let plainLines = plain.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == plainLines.count, "--explain adds a column, never a row")
    }

    @Test func badCSVStopsWithTheLineAndWritesNothing() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("bad.csv")
        try Data("app_id,media_source,date,ad_type\na,alpha_int,d,ctv\nb,alpha_int,d\n".utf8).write(to: input)
        let output = directory.appendingPathComponent("out.csv")
        let result = try await Self.run(["classify", "--input", input.path, "--output", output.path, "--partners", Self.partners])
        #expect(result.status == 1)
        #expect(result.stderr == "partner-rules: \(input.path):3: error: 3 fields, the header has 4\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["bad.csv"])
    }

    @Test func unreadableInputIsExit2() async throws {
        let result = try await Self.run(["classify", "--input", "/nonexistent/rows.csv", "--partners", Self.partners])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/rows.csv: cannot read"))
    }

    @Test(arguments: SQLGolden.allCases)
    func sqlMatchesGolden(dialect: SQLGolden) async throws {
        let result = try await Self.run(["sql", "--dialect", dialect.rawValue, "--table", "analytics.perf", "--partners", Self.partners])
        #expect(result.status == 0, "\(result.stderr)")
        try CLI.golden.expect(result.stdoutBytes, "classify-sql-\(dialect.rawValue).sql")
    }

    @Test(arguments: [["--table", "perf; DROP TABLE x"], ["--table", "a.b.c"], ["--dialect", "oracle"]])
    func sqlRefusesBadUsage(arguments: [String]) async throws {
        let dialect = arguments.contains("--dialect") ? [] : ["--dialect", "postgres"]
        let result = try await Self.run(["sql"] + dialect + arguments + ["--partners", Self.partners])
        #expect(result.status == 2)
        #expect(result.stdoutBytes.isEmpty)
    }

    enum SQLGolden: String, CaseIterable {
        case postgres, sqlite, duckdb, spark
    }
}
