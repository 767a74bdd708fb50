package import ArgumentParser
import Foundation

/// The entry point every executable of the package shares. It maps ArgumentParser's outcomes onto the exit codes
/// the contract fixes: 0 success, 1 the input has problems, 2 bad usage or unreadable input.
package enum EntryPoint {
    /// Parses `arguments` (default: the process's) as `Root`, runs the command chosen, and exits.
    package static func run<Root: ParsableCommand>(_ root: Root.Type, arguments: [String]? = nil) async -> Never {
        do {
            var command = try Root.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            fail(Root.self, with: error)
        }
    }

    private static func fail<Root: ParsableCommand>(_ root: Root.Type, with error: any Error) -> Never {
        if let code = error as? ExitCode {
            Foundation.exit(code.rawValue)
        }
        let code = Root.exitCode(for: error)
        let message = Root.fullMessage(for: error)
        if code == .success {
            print(message)
            Foundation.exit(0)
        }
        if !message.isEmpty {
            printError(message)
        }
        Foundation.exit(code == .validationFailure ? 2 : (code.rawValue == 1 ? 1 : 2))
    }
}

/// Writes text to standard error, ending it with a newline.
package func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Writes text to standard output without a trailing newline of its own.
package func writeOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
