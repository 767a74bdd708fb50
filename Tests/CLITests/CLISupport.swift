import Foundation
import PartnerRulesTestSupport
import Testing

/// Runs the built `partner-rules` binary as a user would: the one this build produced (found beside the test
/// bundle, whatever the configuration or scratch path), from the repository root unless told otherwise.
enum CLI {
    static let root = Repository.root

    /// This target's fixtures and golden files, from its resource bundle.
    static let fixtures = FixtureFolder(Bundle.module)
    static let golden = GoldenFolder(Bundle.module, source: "Tests/CLITests/Golden")

    /// The folder that holds `Fixtures/` and `Golden/` in the resource bundle: tests that print fixture paths
    /// run from here and pass `Fixtures/...`, so the output does not depend on where the build lives.
    static var resources: URL { fixtures.url.deletingLastPathComponent() }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutBytes: Data
    }

    /// Runs the tool with `arguments`, feeding `input` on standard input, in `directory` (the repository root
    /// when nil).
    static func run(
        _ arguments: [String], input: Data? = nil, environment: [String: String]? = nil, in directory: URL? = nil
    ) async throws -> Result {
        let result = try await ProcessRunner.run(
            try BuiltProducts.executable("partner-rules"), arguments, input: input ?? Data(), environment: environment,
            currentDirectory: directory ?? Repository.rootURL, timeout: .seconds(300))
        if result.timedOut { Issue.record("partner-rules \(arguments.joined(separator: " ")) did not finish in 300 s") }
        return Result(status: result.status, stdout: result.stdoutText, stderr: result.stderrText, stdoutBytes: result.stdout)
    }

    /// Compares output with a golden file byte for byte; `UPDATE_GOLDEN=1` rewrites the file instead.
    static func expectGolden(_ output: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try golden.expect(output, name, sourceLocation: sourceLocation)
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
