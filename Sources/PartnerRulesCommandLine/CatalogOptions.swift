package import ArgumentParser
package import PartnerRules

/// `--partners DIR`, shared by every command that reads the catalog.
package struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The partners folder.", valueName: "dir"))
    package var partners: String = "partners"

    package init() {}

    /// Loads the catalog, or prints why it cannot be loaded and exits.
    ///
    /// An unreadable folder exits 2. A catalog with errors exits 2 too, for commands that only use the catalog;
    /// a command whose input is the catalog itself names what it did not do (`refusing`) and exits 1, as lint does.
    package func loadCatalog(refusing consequence: String? = nil) throws -> Catalog {
        do {
            return try CatalogLoader.load(directory: partners)
        } catch .unreadable(let path, let reason) {
            printError("partner-rules: cannot read the partners folder '\(path)': \(reason)")
            throw ExitCode(2)
        } catch .invalid(let findings) {
            guard let consequence else {
                printError(FindingFormatter.render(findings, as: .text) + "partner-rules: the partner files in '\(partners)' have errors; run 'partner-rules lint \(partners)'")
                throw ExitCode(2)
            }
            printError(
                FindingFormatter.render(findings, as: .text)
                    + "partner-rules: the partner files in '\(partners)' have errors, so \(consequence); fix them ('partner-rules lint \(partners)' shows the same findings)")
            throw ExitCode(1)
        }
    }
}
