public import ArgumentParser
import Foundation
public import PartnerRules
import PartnerRulesCommandLine
import PartnerRulesAudiences
import PartnerRulesServer

/// `partner-rules audiences …`: segment files, delivery, and both ends of a partner connection.
struct AudiencesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: SeparateCommand.audiences.commandName,
        abstract: SeparateCommand.audiences.abstract,
        version: Version.current,
        subcommands: [
            AudiencesHashCommand.self, AudiencesMatchCommand.self, AudiencesPublishCommand.self,
            AudiencesConformanceCommand.self, AudiencesMockPartnerCommand.self,
        ]
    )
}

/// `partner-rules-audiences`, run directly or as `partner-rules audiences`.
@main
enum Main {
    static func main() async {
        await EntryPoint.run(AudiencesCommand.self)
    }
}

extension AudienceIdentifier: ExpressibleByArgument {}

/// Prints `message` to standard error as `error: …` (or as is when it already reads `file:line: error: …`) and exits 1.
func fail(_ message: String) -> ExitCode {
    let line = message.contains(": error: ") ? message : "error: \(message)"
    FileHandle.standardError.write(Data("\(line)\n".utf8))
    return ExitCode(1)
}

func note(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

/// The identifiers partner `name` receives, from the catalog in `directory`.
func audienceIdentifiers(partner name: String, partners directory: String) throws(ExitCode) -> [AudienceIdentifier] {
    let catalog: Catalog
    do {
        catalog = try CatalogLoader.load(directory: directory)
    } catch {
        throw fail("cannot load the catalog in '\(directory)': \(error)")
    }
    guard let partner = catalog.partner(named: name) else { throw fail("no partner '\(name)' in '\(directory)'") }
    guard let audiences = partner.definition.audiences else {
        throw fail("partner '\(partner.id)' has no audiences section; it receives no segment files")
    }
    return audiences.identifiers
}

