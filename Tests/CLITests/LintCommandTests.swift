import Foundation
import PartnerRulesTestSupport
import Testing

@Suite("partner-rules lint")
struct LintCommandTests {
    /// The lint fixtures, as a path relative to ``lint(_:)``'s working folder (the resource bundle), so the
    /// paths in the output, and the goldens, are the same wherever the build lives.
    static let fixture = "Fixtures/lint"

    /// Runs `partner-rules lint` from the folder that holds this target's fixtures.
    static func lint(_ arguments: [String]) async throws -> CLI.Result {
        try await CLI.run(["lint"] + arguments, in: CLI.resources)
    }

    @Test("the catalog as it stands lints without errors, every file of it counted")
    func catalogIsClean() async throws {
        let result = try await CLI.run(["lint", "partners"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        // Warnings (`guide-stale` when a partner was added without renewing docs/partners.md) are lint's to show
        // staff, not a failing Swift test: only their count is checked against the summary.
        let warnings = result.stdout.split(separator: "\n").count { $0.contains(": warning: ") }
        #expect(!result.stdout.contains(": error: "), "\(result.stdout)")
        let files = try Repository.partnerFileNames().count
        #expect(result.stderr.contains("0 errors, \(warnings) warning\(warnings == 1 ? "" : "s") in \(files) files"), "\(result.stderr)")
    }

    @Test("no path means the --partners folder")
    func defaultPath() async throws {
        let result = try await Self.lint(["--partners", Self.fixture])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("\(Self.fixture)/acme.yaml:"))
    }

    @Test("each output format matches its golden file", arguments: ["text", "json", "sarif", "github"])
    func formats(format: String) async throws {
        let result = try await Self.lint([Self.fixture, "--format", format])
        #expect(result.status == 1)
        try CLI.expectGolden(result.stdout, "lint.\(format)")
    }

    @Test("json and sarif output parse as JSON")
    func jsonParses() async throws {
        for format in ["json", "sarif"] {
            let result = try await Self.lint([Self.fixture, "--format", format])
            #expect(!result.stdoutBytes.isEmpty)
            #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: result.stdoutBytes) }
        }
    }

    @Test("text findings are sorted by file, line and column, one line each in the contract's format")
    func textFormat() async throws {
        let result = try await Self.lint([Self.fixture])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(!lines.isEmpty)
        let pattern = /^(.+):(\d+):(\d+): (error|warning): (.+) \[([a-z0-9-]+)\]$/
        var keys: [(String, Int, Int)] = []
        for line in lines {
            let match = try #require(line.wholeMatch(of: pattern), "line not in contract format: \(line)")
            keys.append((String(match.1), Int(match.2)!, Int(match.3)!))
        }
        #expect(keys.map { "\($0.0)" } == keys.map { "\($0.0)" }.sorted())
        for (a, b) in zip(keys, keys.dropFirst()) where a.0 == b.0 {
            #expect((a.1, a.2) <= (b.1, b.2))
        }
    }

    @Test("exit 2 for a path that does not exist or a bad option, with a message and no stack trace")
    func badUsage() async throws {
        let missing = try await CLI.run(["lint", "no/such/folder"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no/such/folder"))
        let badFormat = try await CLI.run(["lint", "partners", "--format", "xml"])
        #expect(badFormat.status == 2)
        #expect(badFormat.stderr.contains("xml"))
        let unknown = try await CLI.run(["lint", "--frobnicate"])
        #expect(unknown.status == 2)
    }

    @Test("every bad-input fixture gets a finding and exit 1, never a crash")
    func badFixtures() async throws {
        // The bad-input files are the engine tests' fixtures, read from their resource bundle.
        let fixtures = FixtureFolder(bundleURL: try BuiltProducts.resourceBundle(target: "PartnerRulesTests"))
        let names = try fixtures.names(in: "bad")
        #expect(!names.isEmpty)
        let folder = "Fixtures/bad"
        for name in names {
            let result = try await CLI.run(["lint", "\(folder)/\(name)"], in: fixtures.url.deletingLastPathComponent())
            #expect([0, 1].contains(result.status), "\(name): \(result.stderr)")
            #expect(result.stdout.hasPrefix("\(folder)/\(name):"), "\(name): \(result.stdout)")
            #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"))
        }
    }

    @Test("a file over 1 MiB is refused without reading it whole")
    func tooLarge() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = try directory.write("big.yaml", Data(repeating: UInt8(ascii: "#"), count: 3 << 20))
        let result = try await CLI.run(["lint", path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("[yaml-too-large]"))
        #expect(result.stdout.contains("3145728 bytes"))
    }

    @Test("--explain lists every code")
    func explain() async throws {
        let result = try await CLI.run(["lint", "--explain"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("duplicate-media-source (error):"))
        #expect(result.stdout.contains("secret-not-marked (error):"))
    }
}
