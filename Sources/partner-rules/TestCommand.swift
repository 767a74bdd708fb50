public import ArgumentParser
import PartnerRules
import PartnerRulesCommandLine

extension PartnerTestFormat: ExpressibleByArgument {}

/// `partner-rules test`: runs the behaviour tests staff write next to the partner files (SPEC section 11).
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the partner behaviour tests in partners/tests/*.yaml, with fact coverage.",
        discussion: """
            Each case is an integration request with the verdict it must get, or performance rows with the level each must \
            reach. Exit status: 0 every case passes (and, with --threshold, every partner has cases and coverage meets it), \
            1 a case fails, a partner has no cases under --threshold, or coverage is below the threshold, 2 bad usage or a \
            test file with errors.
            """)

    @Argument(help: ArgumentHelp("Test files or folders (default: the tests folder inside --partners).", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var catalogOptions: CatalogOptions

    @Flag(help: "List every partner fact and whether a passing case consulted it.")
    var coverage = false

    @Option(help: ArgumentHelp("Fail when a partner has no cases, or fewer than N percent of the facts are covered.", valueName: "N"))
    var threshold: Double?

    @Option(help: "Output format: text, json or junit.")
    var format: PartnerTestFormat = .text

    @Option(help: ArgumentHelp("The day deprecation is judged against in cases without 'today' (default: today, UTC).", valueName: "YYYY-MM-DD"))
    var today: String?

    func validate() throws {
        if let threshold, !(0...100).contains(threshold) {
            throw ValidationError("--threshold takes a percentage from 0 to 100, not \(threshold)")
        }
        if let today, CalendarDate(today) == nil {
            throw ValidationError("--today '\(today)' is not a date; write it as YYYY-MM-DD")
        }
    }

    func run() throws {
        let catalog = try catalogOptions.loadCatalog()
        let paths = paths.isEmpty ? [PartnerTestLoader.defaultFolder(partners: catalogOptions.partners)] : paths
        let loaded: (files: [PartnerTestFile], findings: [Finding])
        do {
            loaded = try PartnerTestLoader.load(paths: paths, catalog: catalog)
        } catch {
            printError("partner-rules test: \(error)")
            throw ExitCode(2)
        }
        if !loaded.findings.isEmpty {
            printError(FindingFormatter.render(loaded.findings, as: .text))
        }
        let errors = loaded.findings.count(where: { $0.severity == .error })
        if errors > 0 {
            printError("partner-rules test: the test files have \(errors) error\(errors == 1 ? "" : "s"); fix them and run again")
            throw ExitCode(2)
        }
        let runner = PartnerTestRunner(catalog: catalog, today: today.flatMap { CalendarDate($0) } ?? .todayUTC())
        let results = runner.run(loaded.files) + runner.runExamples()
        let report = PartnerTestReport(results: results, coverage: PartnerTestCoverage(catalog: catalog, results: results))
        writeOut(report.render(as: format, listCoverage: coverage))
        // Under --threshold a partner without cases fails the run; without it, it is named only.
        if threshold == nil, !report.coverage.partnersWithoutCases.isEmpty {
            printError(
                "partner-rules test: warning: no case tests \(report.coverage.partnersWithoutCases.joined(separator: ", ")); their facts are not counted")
        }
        printError(report.summary)
        var status: Int32 = report.failed > 0 ? 1 : 0
        if let threshold {
            // Where the missing cases belong: the folder the tests were read from (the default one, or the first given).
            var testsFolder = paths[0].hasSuffix("/") ? String(paths[0].dropLast()) : paths[0]
            if testsFolder.hasSuffix(".yaml") {
                let parts = testsFolder.split(separator: "/", omittingEmptySubsequences: false).dropLast()
                testsFolder = parts.isEmpty ? "." : parts.joined(separator: "/")
            }
            for message in report.gateFailures(threshold: threshold, testsFolder: testsFolder) {
                printError("partner-rules test: error: \(message)")
                status = 1
            }
        }
        if status != 0 { throw ExitCode(status) }
    }
}
