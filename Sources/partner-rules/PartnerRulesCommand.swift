import ArgumentParser

@main
struct PartnerRulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner-rules",
        abstract: "Check, apply and serve the rules of ad-network integrations kept as YAML.",
        subcommands: [AudiencesCommand.self]
    )
}
