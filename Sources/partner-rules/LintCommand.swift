public import ArgumentParser
import PartnerRules
import PartnerRulesCommandLine

extension FindingFormat: ExpressibleByArgument {}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check partner files against the schema and the catalog-wide rules.",
        discussion: """
            A folder means every *.yaml file in it; files whose name starts with '_' hold catalog-wide settings.
            Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage or an unreadable path.
            """
    )

    @Argument(help: ArgumentHelp("Partner files or folders (default: the --partners folder).", valueName: "path"))
    var paths: [String] = []

    @Option(name: .long, help: "Output format: text, json, sarif or github.")
    var format: FindingFormat = .text

    @Option(name: .long, help: ArgumentHelp("The partners folder, used when no path is given.", valueName: "dir"))
    var partners: String = "partners"

    @Option(name: .long, help: ArgumentHelp("An earlier partners folder: warn about changes that would break existing integrations.", valueName: "dir"))
    var baseline: String?

    @Flag(name: .long, help: "List every finding code with its meaning, then exit.")
    var explain = false

    func run() throws {
        if explain {
            for code in RuleCode.allCases where code.family != .request {
                writeOut("\(code.rawValue) (\(code.severity.rawValue)): \(code.summary)\n")
            }
            return
        }
        var report: LintReport
        do {
            report = try CatalogLoader.lint(paths: paths.isEmpty ? [partners] : paths)
            if let baseline {
                let earlier = try CatalogLoader.lint(paths: [baseline])
                report.findings = (report.findings + BreakingChanges.compare(baseline: earlier.documents, current: report.documents)).sorted()
            }
        } catch {
            printError("partner-rules: \(error)")
            throw ExitCode(2)
        }
        writeOut(FindingFormatter.render(report.findings, as: format))
        if format == .text {
            let files = report.fileCount == 1 ? "1 file" : "\(report.fileCount) files"
            printError("\(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), \(report.warningCount) warning\(report.warningCount == 1 ? "" : "s") in \(files)")
        }
        if report.errorCount > 0 { throw ExitCode(1) }
    }
}
