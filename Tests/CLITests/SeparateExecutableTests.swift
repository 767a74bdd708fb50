import Foundation
import PartnerRulesTestSupport
import Testing

/// `partner-rules serve`, `audiences` and `bundle` are executables of their own (SPEC 16, 17); the lean
/// `partner-rules` runs them as git runs its subcommands. These tests copy the lean binary into a folder of its
/// own, so what lies beside it is exactly what each test puts there.
@Suite("commands in separate executables")
struct SeparateExecutableTests {
    static let separate = ["serve", "audiences", "bundle"]

    /// A folder holding a copy of the built `partner-rules`, alone.
    static func lonelyCopy() throws -> (folder: TemporaryDirectory, binary: URL) {
        let folder = try TemporaryDirectory(prefix: "separate")
        let binary = folder.url.appendingPathComponent("partner-rules")
        try FileManager.default.copyItem(at: try BuiltProducts.executable("partner-rules"), to: binary)
        return (folder, binary)
    }

    /// A stand-in `partner-rules-NAME` that prints its arguments one a line and exits 7.
    static func writeStandIn(_ name: String, in folder: TemporaryDirectory) throws {
        let path = try folder.write(
            "bin/partner-rules-\(name)", "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\nexit 7\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    @Test("--help lists every separate command with the program it runs")
    func helpListsThem() async throws {
        let result = try await CLI.run(["--help"])
        #expect(result.status == 0)
        for name in Self.separate {
            #expect(result.stdout.contains("partner-rules-\(name)"), "--help does not mention partner-rules-\(name)")
        }
    }

    @Test("without the executable, the command says the one command that builds it", arguments: separate)
    func missingSaysHowToBuild(_ name: String) async throws {
        let (folder, binary) = try Self.lonelyCopy()
        defer { folder.cleanup() }
        let result = try await ProcessRunner.run(binary, [name, "--help"], environment: ["PATH": folder.file("empty")])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrText.contains("swift build --product partner-rules-\(name)"), "\(result.stderrText)")
        #expect(!result.stderrText.contains("Fatal"), "\(result.stderrText)")
    }

    @Test("on PATH, it runs with the arguments, and its exit status passes through", arguments: separate)
    func foundOnPath(_ name: String) async throws {
        let (folder, binary) = try Self.lonelyCopy()
        defer { folder.cleanup() }
        try Self.writeStandIn(name, in: folder)
        let arguments = ["--port", "0", "two words", "--flag=x"]
        let result = try await ProcessRunner.run(binary, [name] + arguments, environment: ["PATH": folder.file("bin")])
        #expect(result.status == 7)
        #expect(result.stdoutText == arguments.map { $0 + "\n" }.joined())
    }

    @Test("'help NAME' shows the separate program's own help")
    func helpSubcommand() async throws {
        let (folder, binary) = try Self.lonelyCopy()
        defer { folder.cleanup() }
        try Self.writeStandIn("serve", in: folder)
        let result = try await ProcessRunner.run(binary, ["help", "serve"], environment: ["PATH": folder.file("bin")])
        #expect(result.status == 7)
        #expect(result.stdoutText == "--help\n")
    }

    @Test("built beside partner-rules, each runs as a subcommand", arguments: separate)
    func builtBeside(_ name: String) async throws {
        let result = try await CLI.run([name, "--help"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("USAGE: partner-rules \(name)"), "\(result.stdout)")
    }
}
