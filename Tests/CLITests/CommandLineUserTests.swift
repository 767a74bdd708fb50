import Foundation
import PartnerRulesCommandLine
import PartnerRulesTestSupport
import Testing

/// What a command-line user expects of every executable: `--version`, and a progress line only on a terminal.
@Suite("what a command-line user expects")
struct CommandLineUserTests {
    /// `0.0.0-dev` from a clone; a release says `git describe --tags --always --dirty`: a tag or an abbreviated
    /// commit, maybe `-N-gHASH`, maybe `-dirty`.
    static var versionPattern: Regex<Substring> { /[0-9A-Za-z._+-]+/ }

    @Test("--version prints one line: the version, and nothing else", arguments: [[], ["serve"], ["audiences"]])
    func version(_ command: [String]) async throws {
        let result = try await CLI.run(command + ["--version"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let line = try #require(result.stdout.split(separator: "\n", omittingEmptySubsequences: false).first)
        #expect(result.stdout == line + "\n")
        #expect(line.wholeMatch(of: Self.versionPattern) != nil, "\(line)")
        #expect(String(line) == Version.current)
    }

    @Test("the progress line is wanted only when standard error is a terminal, outside CI, on a capable terminal")
    func progressWanted() {
        let terminal: (Int32) -> Bool = { _ in true }
        let pipes: (Int32) -> Bool = { _ in false }
        let onlyStandardError: (Int32) -> Bool = { $0 == STDERR_FILENO }
        #expect(ProgressLine.isWanted(writesToStandardOutput: false, environment: [:], isTerminal: terminal))
        #expect(!ProgressLine.isWanted(writesToStandardOutput: false, environment: [:], isTerminal: pipes))
        #expect(!ProgressLine.isWanted(writesToStandardOutput: false, environment: ["CI": "true"], isTerminal: terminal))
        #expect(ProgressLine.isWanted(writesToStandardOutput: false, environment: ["CI": ""], isTerminal: terminal))
        #expect(!ProgressLine.isWanted(writesToStandardOutput: false, environment: ["TERM": "dumb"], isTerminal: terminal))
        // Output rows on the same terminal would be torn by the line; into a pipe or file they are not.
        #expect(!ProgressLine.isWanted(writesToStandardOutput: true, environment: [:], isTerminal: terminal))
        #expect(ProgressLine.isWanted(writesToStandardOutput: true, environment: [:], isTerminal: onlyStandardError))
    }

    @Test("the progress line reads as bytes of bytes, percent and rate")
    func progressText() {
        #expect(ProgressLine.render(label: "classify", done: 412 << 20, expected: 2 << 30, seconds: 2)
            == "classify: 412 MiB of 2.0 GiB (20 %), 206 MiB/s")
        #expect(ProgressLine.render(label: "hash", done: 1536, expected: nil, seconds: 0) == "hash: 1.5 KiB")
        #expect(ProgressLine.render(label: "publish", done: 10, expected: 5, seconds: 1) == "publish: 10 B of 5 B (100 %), 10 B/s")
        #expect(ProgressLine.bytes(0) == "0 B")
        #expect(ProgressLine.bytes(1023) == "1023 B")
        #expect(ProgressLine.bytes(5 << 40) == "5.0 TiB")
    }

    @Test("classify writes no progress into a pipe, however long it runs")
    func noProgressInPipes() async throws {
        let folder = try TemporaryDirectory(prefix: "progress")
        defer { folder.cleanup() }
        var csv = "app_id,media_source,date,ad_type\n"
        for row in 0..<20_000 { csv += "app\(row % 10),source\(row % 3),2026-01-01,banner\n" }
        let input = try folder.write("rows.csv", csv)
        let result = try await CLI.run(["classify", "--input", input, "--output", folder.file("out.csv")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("\r"))
        #expect(!result.stderr.contains("\u{1B}"))
    }
}

@Suite("availability on the command line")
struct AvailabilityCommandTests {
    @Test("json equals SPEC 12's example; text names each moment")
    func answers() async throws {
        let json = try await CLI.run(["availability", "--created", "2026-11-20T09:00:00+01:00", "--format", "json"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any]
        #expect(object?["created"] as? String == "2026-11-20T08:00:00Z")
        #expect(object?["backfill_from"] as? String == "2026-08-22")
        #expect(object?["first_dashboard_with_data"] as? String == "2026-11-21T10:00:00Z")
        let text = try await CLI.run(["availability", "--created", "2026-11-20T08:00:00Z"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Next dashboard refresh:     2026-11-20T10:00:00Z"))
    }

    @Test("a timestamp in another form exits 2 with the expected form, and prints nothing on standard output")
    func badTimestamp() async throws {
        let result = try await CLI.run(["availability", "--created", "20 November 2026"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("write it as RFC 3339, like 2026-11-20T08:00:00Z"))
    }
}
