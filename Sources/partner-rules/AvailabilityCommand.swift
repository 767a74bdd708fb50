import ArgumentParser
import PartnerRules
import PartnerRulesCommandLine

/// `partner-rules availability`: when a new integration's data appears (SPEC 12).
struct AvailabilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "availability",
        abstract: "Show when a new integration's data appears, from _catalog.yaml's data_availability.",
        discussion: """
            For an integration created at TIMESTAMP: the first day of history pulled, when the first data is there, \
            how often creative and performance data are pulled, the next dashboard refresh and the first dashboard \
            that shows data. TIMESTAMP is RFC 3339 with any offset (2026-11-20T08:00:00Z, \
            2026-11-20T09:00:00+01:00); the answer is in UTC. Exit 2 for a timestamp in another form.
            """
    )

    @Option(help: ArgumentHelp("When the integration was created (RFC 3339).", valueName: "timestamp"))
    var created: String

    @Option(help: "Output format: text or json.")
    var format: AvailabilityFormat = .text

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        let moment: UTCTimestamp
        do throws(TimestampError) {
            moment = try UTCTimestamp.parse(created)
        } catch {
            printError("partner-rules: --created \(error)")
            throw ExitCode(2)
        }
        let timeline = try catalogOptions.loadCatalog().settings.dataAvailability.timeline(created: moment)
        switch format {
        case .text: writeOut(timeline.text)
        case .json: writeOut(String(decoding: timeline.jsonBytes(pretty: true), as: UTF8.self) + "\n")
        }
    }
}

/// How `availability` prints the timeline.
enum AvailabilityFormat: String, CaseIterable, ExpressibleByArgument {
    /// Lines for a person.
    case text
    /// SPEC 12's JSON object.
    case json
}
