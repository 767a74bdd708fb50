package import ArgumentParser
package import PartnerRules

/// `--partners DIR`, shared by every command that reads the catalog.
package struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The partners folder.", valueName: "dir"))
    package var partners: String = "partners"

    package init() {}

    /// Loads the catalog, or prints why it cannot be loaded and exits 2.
    package func loadCatalog() throws -> Catalog {
        do {
            return try CatalogLoader.load(directory: partners)
        } catch .unreadable(let path, let reason) {
            printError("partner-rules: cannot read the partners folder '\(path)': \(reason)")
            throw ExitCode(2)
        } catch .invalid(let findings) {
            printError(FindingFormatter.render(findings, as: .text) + "partner-rules: the partner files in '\(partners)' have errors; run 'partner-rules lint \(partners)'")
            throw ExitCode(2)
        }
    }
}
