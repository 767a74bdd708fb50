import ArgumentParser
import Foundation
import PartnerRules
import PartnerRulesCommandLine

struct PartnerRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner-rules",
        abstract: "Check, apply and serve the rules of ad-network integrations kept as YAML.",
        discussion: """
            Each partner is one YAML file in a partners folder; every command reads it (--partners, default 'partners'). \
            'serve', 'audiences' and 'bundle' are programs of their own (partner-rules-serve, partner-rules-audiences, \
            partner-rules-bundle) that this one runs when they are built beside it or on PATH.
            """,
        version: Version.current,
        subcommands: [
            LintCommand.self, CheckCommand.self, ClassifyCommand.self, SqlCommand.self, Launcher<Audiences>.self,
            Launcher<Serve>.self, Launcher<BundleName>.self, GuideCommand.self, YAMLCommand.self, TestCommand.self,
            AvailabilityCommand.self, DiffCommand.self, LSPCommand.self,
        ]
    )
}

@main
enum Main {
    static func main() async {
        if let (command, arguments) = SeparateCommand.requested(by: CommandLine.arguments) {
            printError(command.run(arguments))
            exit(2)
        }
        if let unknown = PartnerRulesCommand.unknownCommand(in: CommandLine.arguments) {
            printError(unknown)
            exit(2)
        }
        await EntryPoint.run(PartnerRulesCommand.self)
    }
}

extension PartnerRulesCommand {
    /// "unknown command 'lnt'; did you mean 'lint'?" when the first argument names no command.
    static func unknownCommand(in arguments: [String]) -> String? {
        guard arguments.count > 1, let word = arguments.dropFirst().first, !word.hasPrefix("-") else { return nil }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        guard !names.contains(word) else { return nil }
        let hint = Suggestions.nearest(to: word, in: names).map { "; did you mean '\($0)'?" } ?? ""
        return "partner-rules: unknown command '\(word)'\(hint) ('partner-rules --help' lists the commands)"
    }
}

/// Names a command of a separate executable, for ``Launcher``.
protocol SeparateCommandName {
    static var command: SeparateCommand { get }
}

enum Serve: SeparateCommandName { static var command: SeparateCommand { .serve } }
enum Audiences: SeparateCommandName { static var command: SeparateCommand { .audiences } }
enum BundleName: SeparateCommandName { static var command: SeparateCommand { .bundle } }

/// The stand-in that lists a separate executable's command in `partner-rules --help`. `Main` hands such commands
/// to their executable before parsing, so this runs only if that was bypassed; it does the same.
struct Launcher<Name: SeparateCommandName>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Name.command.name,
            abstract: "\(Name.command.abstract.dropLast(Name.command.abstract.hasSuffix(".") ? 1 : 0)) (runs \(Name.command.executable)).")
    }

    @Argument(parsing: .captureForPassthrough, help: "Its arguments; see 'partner-rules \(Name.command.name) --help'.")
    var arguments: [String] = []

    func run() throws {
        printError(Name.command.run(arguments))
        throw ExitCode(2)
    }
}
