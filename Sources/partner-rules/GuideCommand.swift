import ArgumentParser
import ByteIO
import PartnerRules
import PartnerRulesCommandLine

struct GuideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guide",
        abstract: "Render the partner files as a Markdown set-up guide."
    )

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(name: .long, help: ArgumentHelp("Write the guide to this file instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        let text = GuideRenderer.markdown(try catalogOptions.loadCatalog())
        guard let output else {
            writeOut(text)
            return
        }
        do {
            try AtomicFile.write(text, to: output)
        } catch {
            printError("partner-rules: cannot write '\(output)': \(error.reason)")
            throw ExitCode(2)
        }
    }
}
