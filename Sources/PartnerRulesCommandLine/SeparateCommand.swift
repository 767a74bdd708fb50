import ByteIO
import Foundation

/// A command that lives in an executable of its own, `partner-rules-NAME`, because it needs the network stack or
/// swift-crypto (signing bundles), which the lean `partner-rules` does not link (SPEC 16).
///
/// `partner-rules NAME ARGS…` runs it as git and cargo run their subcommands: it looks beside the running
/// `partner-rules` (the build folder, or the `bin/` of an unpacked release), then on `PATH`, and replaces itself
/// with the first found, so arguments, standard streams, signals and the exit status pass through unchanged.
/// When none is found it says the one command that builds it.
package struct SeparateCommand: Sendable {
    /// The subcommand's name, as typed after `partner-rules`.
    package let name: String
    /// One line for `partner-rules --help`; the executable's own help uses it too.
    package let abstract: String

    /// The executable's file name.
    package var executable: String { "partner-rules-\(name)" }

    /// How the command is typed, for the executable's help and usage lines.
    package var commandName: String { "partner-rules \(name)" }

    package static let serve = SeparateCommand(
        name: "serve",
        abstract: "Serve the engine over HTTP on 127.0.0.1, for services not written in Swift.")
    package static let audiences = SeparateCommand(
        name: "audiences",
        abstract: "Segment files, S3 delivery, and both ends of an audience connection.")

    package static let bundle = SeparateCommand(
        name: "bundle",
        abstract: "Write the catalog to one file, optionally signed, for 'serve --bundle' and the library.")

    /// Every command that lives in an executable of its own.
    package static let all: [SeparateCommand] = [.serve, .audiences, .bundle]

    /// The separate command `arguments` (the process's, program name first) asks for, with the arguments to pass
    /// it: `partner-rules NAME ARGS…`, and `partner-rules help NAME` as `NAME --help`.
    package static func requested(by arguments: [String]) -> (command: SeparateCommand, arguments: [String])? {
        guard arguments.count > 1 else { return nil }
        if let command = all.first(where: { $0.name == arguments[1] }) {
            return (command, Array(arguments.dropFirst(2)))
        }
        if arguments[1] == "help", arguments.count > 2, let command = all.first(where: { $0.name == arguments[2] }) {
            return (command, ["--help"])
        }
        return nil
    }

    /// The command that builds the executable from this package's sources.
    package var buildCommand: String { "swift build --product \(executable)" }

    /// The executable's path: beside the running program (as invoked, then with links resolved), else on `PATH`.
    package func locate(
        program: String = CommandLine.arguments.first ?? "",
        path: String? = ProcessInfo.processInfo.environment["PATH"]
    ) -> String? {
        var folders: [String] = []
        if program.contains("/") {
            let invoked = URL(fileURLWithPath: program)
            folders.append(invoked.deletingLastPathComponent().path)
            folders.append(invoked.resolvingSymlinksInPath().deletingLastPathComponent().path)
        }
        if let running = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            folders.append(running.deletingLastPathComponent().path)
        }
        // An empty entry of PATH means the current folder, as the shell reads it; no PATH means no folder.
        if let path, !path.isEmpty {
            folders += path.split(separator: ":", omittingEmptySubsequences: false).map { $0.isEmpty ? "." : String($0) }
        }
        for folder in folders {
            let candidate = (folder as NSString).appendingPathComponent(executable)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Replaces this process with the executable, passing `arguments` (those after the subcommand's name). Returns
    /// only with a message for standard error when the executable cannot be found or started.
    package func run(_ arguments: [String]) -> String {
        guard let path = locate() else {
            return """
                partner-rules: '\(name)' is a separate program, \(executable), and it is not built beside \
                partner-rules or on PATH. Build it with: \(buildCommand)
                """
        }
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) }
        argv.append(nil)
        execv(path, argv)
        let reason = SystemError.describe(errno)
        for pointer in argv { free(pointer) }
        return "partner-rules: cannot start \(path): \(reason)"
    }
}
