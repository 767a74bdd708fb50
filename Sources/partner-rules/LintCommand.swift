public import ArgumentParser
import PartnerRules
import PartnerRulesCommandLine

extension FindingFormat: ExpressibleByArgument {}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check partner files against the schema and the catalog-wide rules.",
        discussion: """
            A folder means every *.yaml file in it (not its subfolders); files whose name starts with '_' hold \
            catalog-wide settings. A file given alone is checked with the rest of its folder, so the rules across \
            files still run; findings are reported for the files given. 'lint --explain [CODE ...]' explains codes.
            Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage or an unreadable path.
            """
    )

    @Argument(help: ArgumentHelp("Partner files or folders (default: the --partners folder).", valueName: "path"))
    var paths: [String] = []

    @Option(name: .long, help: "Output format: text, json, sarif or github.")
    var format: FindingFormat = .text

    @Option(name: .long, help: ArgumentHelp("The partners folder, used when no path is given.", valueName: "dir"))
    var partners: String = "partners"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "An earlier catalog: a partners folder, or git:REF for the linted folder at a git revision (git:main). Warns about changes that would break existing integrations.",
            valueName: "dir|git:ref"))
    var baseline: String?

    @Option(name: .long, help: ArgumentHelp("Make these warnings errors: breaking (the --baseline findings).", valueName: "kind"))
    var failOn: [FailOn] = []

    @Flag(name: .long, help: "Explain the finding codes given as arguments (every code when none is given), then exit.")
    var explain = false

    @Flag(
        name: .long,
        help: "Write each finding's proven fix into its file (in place, atomically; a file changed since it was checked is left alone), then check again and report what is left.")
    var fix = false

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case breaking
    }

    func run() throws {
        if explain {
            let lintCodes = RuleCode.allCases.filter { $0.family != .request }
            var codes: [RuleCode] = []
            for name in paths {
                guard let code = RuleCode(rawValue: name), code.family != .request else {
                    let hint = Suggestions.nearest(to: name, in: lintCodes.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? "; 'partner-rules lint --explain' lists every code"
                    printError("partner-rules: unknown finding code '\(name)'\(hint)")
                    throw ExitCode(2)
                }
                codes.append(code)
            }
            writeOut(FindingFormatter.explain(codes.isEmpty ? lintCodes : codes, as: format))
            return
        }
        var report: LintReport
        var earlier: LintReport?
        var fixRefused = false
        let targets = paths.isEmpty ? [partners] : paths
        do {
            report = try CatalogLoader.lint(paths: targets)
            if fix {
                let outcome = applyFixes(report)
                fixRefused = outcome.refused
                if outcome.written { report = try CatalogLoader.lint(paths: targets) }
            }
            if let baseline { earlier = try BaselineReader.load(baseline, partners: CatalogLoader.folder(of: targets[0])) }
        } catch {
            printError("partner-rules: \(error)")
            throw ExitCode(2)
        }
        if let baseline, let earlier {
            guard earlier.errorCount == 0 else {
                printError(
                    FindingFormatter.render(earlier.findings.filter { $0.severity == .error }, as: .text)
                        + "partner-rules: the baseline '\(baseline)' has errors, so nothing was compared with it; compare with a revision that lints")
                throw ExitCode(2)
            }
            var breaking = BreakingChanges.compare(baseline: earlier, current: report)
            if failOn.contains(.breaking) {
                for index in breaking.indices { breaking[index].severity = .error }
            }
            report.findings = (report.findings + breaking).sorted()
        }
        writeOut(FindingFormatter.render(report.findings, as: format))
        if format == .text {
            let files = report.fileCount == 1 ? "1 file" : "\(report.fileCount) files"
            printError("\(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), \(report.warningCount) warning\(report.warningCount == 1 ? "" : "s") in \(files)")
        }
        if report.errorCount > 0 || fixRefused { throw ExitCode(1) }
    }

    /// Writes the proven fixes of `report` and says so on standard error: whether a file was written, and whether
    /// a file with fixes was left untouched (the run then fails, though the file may have no error left).
    private func applyFixes(_ report: LintReport) -> (written: Bool, refused: Bool) {
        var result = (written: false, refused: false)
        for outcome in FixApplier.apply(report) {
            if let refused = outcome.refused {
                printError("partner-rules: \(outcome.file) not fixed: \(refused)")
                result.refused = true
            } else {
                result.written = true
                for fix in outcome.applied { printError("fixed \(outcome.file): \(fix.description)") }
            }
        }
        return result
    }
}
