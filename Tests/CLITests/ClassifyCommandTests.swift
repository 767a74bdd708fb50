import Foundation
import Testing

/// `partner-rules classify` and `partner-rules sql`, run as a user runs them: the built binary, compared byte
/// for byte with `Golden/classify-*`.
@Suite("classify and sql commands")
struct ClassifyCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let golden = root.appendingPathComponent("Tests/CLITests/Golden")
    static let partners = golden.appendingPathComponent("classify-partners").path
    static let input = golden.appendingPathComponent("classify-input.csv").path

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    /// Runs `.build/debug/partner-rules` with `arguments`, feeding `stdin` through a pipe.
    static func run(_ arguments: [String], stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = root.appendingPathComponent(".build/debug/partner-rules")
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : inPipe
        try process.run()
        if let stdin {
            DispatchQueue.global().async {
                inPipe.fileHandleForWriting.write(stdin)
                try? inPipe.fileHandleForWriting.close()
            }
        }
        let errors = Collected()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errors.data = err.fileHandleForReading.readDataToEndOfFile() }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: output, stderr: String(decoding: errors.data, as: UTF8.self))
    }

    /// Bytes read on another thread; read only after the group is waited for.
    final class Collected: @unchecked Sendable {
        var data = Data()
    }

    static func golden(_ name: String) throws -> Data {
        try Data(contentsOf: golden.appendingPathComponent(name))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("partner-rules-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func classifiesAFileToStandardOutput() throws {
        let result = try Self.run(["classify", "--input", Self.input, "--partners", Self.partners])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try Self.golden("classify-drop.csv")))
    }

    @Test func classifiesAPipe() throws {
        let input = try Data(contentsOf: URL(fileURLWithPath: Self.input))
        let result = try Self.run(["classify", "--partners", Self.partners], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try Self.golden("classify-drop.csv")))
    }

    @Test func marksDuplicatesAndWritesTheSummary() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.csv")
        let summary = directory.appendingPathComponent("summary.json")
        let result = try Self.run([
            "classify", "--input", Self.input, "--output", output.path, "--duplicates", "mark",
            "--summary", summary.path, "--partners", Self.partners,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try Data(contentsOf: output) == (try Self.golden("classify-mark.csv")))
        #expect(try Data(contentsOf: summary) == (try Self.golden("classify-summary.json")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["out.csv", "summary.json"])
    }

    @Test func badCSVStopsWithTheLineAndWritesNothing() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("bad.csv")
        try Data("app_id,media_source,date,ad_type\na,alpha_int,d,ctv\nb,alpha_int,d\n".utf8).write(to: input)
        let output = directory.appendingPathComponent("out.csv")
        let result = try Self.run(["classify", "--input", input.path, "--output", output.path, "--partners", Self.partners])
        #expect(result.status == 1)
        #expect(result.stderr == "partner-rules: \(input.path):3: error: 3 fields, the header has 4\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["bad.csv"])
    }

    @Test func unreadableInputIsExit2() throws {
        let result = try Self.run(["classify", "--input", "/nonexistent/rows.csv", "--partners", Self.partners])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/rows.csv: cannot read"))
    }

    @Test(arguments: SQLGolden.allCases)
    func sqlMatchesGolden(dialect: SQLGolden) throws {
        let result = try Self.run(["sql", "--dialect", dialect.rawValue, "--table", "analytics.perf", "--partners", Self.partners])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try Self.golden("classify-sql-\(dialect.rawValue).sql")))
    }

    @Test(arguments: [["--table", "perf; DROP TABLE x"], ["--table", "a.b.c"], ["--dialect", "oracle"]])
    func sqlRefusesBadUsage(arguments: [String]) throws {
        let dialect = arguments.contains("--dialect") ? [] : ["--dialect", "postgres"]
        let result = try Self.run(["sql"] + dialect + arguments + ["--partners", Self.partners])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
    }

    enum SQLGolden: String, CaseIterable {
        case postgres, sqlite, duckdb, spark
    }
}
