import Foundation
import PartnerRulesTestSupport
import Testing

/// `partner-rules lsp` driven end to end by real LSP clients over standard input and output: pytest-lsp runs
/// Tests/LSP against the built executable, and Debian's Neovim headless (Tests/LSP/neovim.lua) as a second client
/// (SPEC 21, 23). Under `tools/test` a missing pytest-lsp or nvim fails the run.
@Suite struct EditorClientTests {
    @Test(.requires(.pytestLSP), .timeLimit(.minutes(10)))
    func aRealClientGetsEveryFeature() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PARTNER_RULES_CLI"] = try BuiltProducts.executable("partner-rules").path
        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-m", "pytest", Repository.path("Tests/LSP"), "-q", "-p", "no:cacheprovider"],
            environment: environment, currentDirectory: Repository.rootURL, timeout: .seconds(540))
        print(result.stdoutText)
        #expect(!result.timedOut, "the editor tests did not finish in 9 minutes")
        #expect(result.status == 0, "the editor tests failed:\n\(result.stdoutText)\n\(result.stderrText)")
    }
}
