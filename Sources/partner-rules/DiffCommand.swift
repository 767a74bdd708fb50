import ArgumentParser
import PartnerRules
import PartnerRulesCommandLine

extension DiffFormat: ExpressibleByArgument {}

/// `partner-rules diff`: what a change of the partner files does to the answers (SPEC 20).
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show which requests and rows get another answer after a change of the partner files.",
        discussion: """
            Both catalogs are built and every partner's decisions are tried on both: each decision whose answer \
            changed is shown once, with an example and its answer before and after. The baseline defaults to \
            git:HEAD (the committed files) inside a git work tree.
            Exit status: 0 (also when answers changed), 1 with --fail-on stricter when a partner got stricter, \
            2 bad usage, an unreadable path, or a catalog with errors.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The earlier catalog: a partners folder, or git:REF for the --partners folder at a git revision (default git:HEAD).", valueName: "dir|git:ref"))
    var baseline: String?

    @Option(name: .long, help: ArgumentHelp("The partners folder as it is now.", valueName: "dir"))
    var partners: String = "partners"

    @Option(name: .long, help: ArgumentHelp("Recorded integrations to replay: NDJSON, one {\"request\", \"existing\"?, \"today\"?} a line.", valueName: "file"))
    var integrations: String?

    @Option(name: .long, help: ArgumentHelp("Performance rows to replay: a CSV as classify reads it.", valueName: "file"))
    var rows: String?

    @Option(name: .long, help: "Output format: text, markdown (a pull-request comment) or json.")
    var format: DiffFormat = .text

    @Option(name: .long, help: ArgumentHelp("Exit 1 when a partner got stricter (or stricter and looser).", valueName: "stricter"))
    var failOn: FailOn?

    @Option(help: ArgumentHelp("The day requests are judged on (default: today, UTC).", valueName: "YYYY-MM-DD"))
    var today: String?

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case stricter
    }

    func run() throws {
        var day = CalendarDate.todayUTC()
        if let today {
            guard let parsed = CalendarDate(today) else { try fail("--today '\(today)' is not a date; write it as YYYY-MM-DD") }
            day = parsed
        }
        let spec: String
        if let baseline {
            spec = baseline
        } else if BaselineReader.isInGitWorkTree(partners) {
            spec = "\(Baseline.gitPrefix)HEAD"
        } else {
            try fail("'\(partners)' is not inside a git work tree; name the earlier catalog with --baseline DIR")
        }
        let current = try catalog("the partner files in '\(partners)'") { () throws(CatalogError) in try Baseline.report(folder: partners) }
        let earlier = try catalog("the baseline '\(spec)'") { () throws(CatalogError) in try BaselineReader.load(spec, partners: partners) }
        var diff = CatalogDiff(baseline: earlier, current: current, today: day)
        var malformed: [Replay.Malformed] = []
        if let integrations {
            let bytes: [UInt8]
            do { bytes = try CheckInput.read(integrations) } catch { try fail(error.message) }
            malformed += diff.replayIntegrations(bytes, file: integrations, baseline: earlier, current: current, today: day)
        }
        if let rows {
            guard (try? CheckInput.open(rows)) != nil else { try fail("cannot read \(rows)") }
            malformed += diff.replayRows(path: rows, baseline: earlier, current: current)
        }
        writeOut(diff.render(as: format, malformed: malformed))
        if failOn == .stricter, diff.hasStricter { throw ExitCode(1) }
    }

    /// Reads a catalog; an unreadable one, or one with errors, is reported (its findings) and ends the run with 2.
    private func catalog(_ what: String, _ read: () throws(CatalogError) -> LintReport) throws -> Catalog {
        do {
            return try read().catalog()
        } catch .unreadable(let path, let reason) {
            try fail("cannot read \(path): \(reason)")
        } catch .invalid(let findings) {
            printError(FindingFormatter.render(findings, as: .text) + "partner-rules: \(what) have errors, so nothing was compared; fix them first")
            throw ExitCode(2)
        }
    }

    private func fail(_ message: String) throws -> Never {
        printError("partner-rules: \(message)")
        throw ExitCode(2)
    }
}
