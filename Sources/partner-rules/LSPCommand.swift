import ArgumentParser
import PartnerRulesCommandLine
import PartnerRulesLanguageServer

/// `partner-rules lsp`: the language server for partner files and partner test files (SPEC 21).
struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server for partner files (LSP over standard input and output).",
        discussion: """
            Editors start this command and talk to it over standard input and output (LSP 3.17). It lints the \
            workspace folder's partners/ with the unsaved buffers in place of their files, as 'lint' does, and \
            offers quick fixes, hover, completion, definition, references and the outline. docs/editors.md sets \
            it up in VS Code, Neovim, Helix, Emacs and Zed.
            """)

    @Option(help: ArgumentHelp("The partners folder (default: partners/ of the editor's workspace folder).", valueName: "DIR"))
    var partners: String?

    @Option(help: ArgumentHelp("How long changes rest before the buffers are linted, in milliseconds.", valueName: "MS"))
    var debounce: Int = 150

    func validate() throws {
        guard (0...10_000).contains(debounce) else {
            throw ValidationError("--debounce is in milliseconds, from 0 to 10000")
        }
    }

    func run() throws {
        let status = ServerLoop.run(partners: partners, debounce: .milliseconds(debounce))
        if status != 0 { throw ExitCode(status) }
    }
}
