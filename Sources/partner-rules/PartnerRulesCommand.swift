import ArgumentParser
import Foundation

struct PartnerRulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner-rules",
        abstract: "Check, apply and serve the rules of ad-network integrations kept as YAML.",
        discussion: "Each partner is one YAML file in a partners folder; every command reads it (--partners, default 'partners').",
        subcommands: [
            LintCommand.self, CheckCommand.self, ClassifyCommand.self, SqlCommand.self, AudiencesCommand.self,
            ServeCommand.self, GuideCommand.self, YAMLCommand.self,
        ]
    )
}

/// The entry point. Maps ArgumentParser's outcomes onto the exit codes the contract fixes:
/// 0 success, 1 the input has problems, 2 bad usage or unreadable input.
@main
enum Main {
    static func main() async {
        do {
            var command = try PartnerRulesCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(with: error)
        }
    }

    static func exit(with error: any Error) -> Never {
        if let code = error as? ExitCode {
            Foundation.exit(code.rawValue)
        }
        let code = PartnerRulesCommand.exitCode(for: error)
        let message = PartnerRulesCommand.fullMessage(for: error)
        if code == .success {
            print(message)
            Foundation.exit(0)
        }
        if !message.isEmpty {
            FileHandle.standardError.write(Data((message + "\n").utf8))
        }
        Foundation.exit(code == .validationFailure ? 2 : (code.rawValue == 1 ? 1 : 2))
    }
}

/// Writes text to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Writes text to standard output without a trailing newline of its own.
func writeOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
