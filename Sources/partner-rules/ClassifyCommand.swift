import ArgumentParser
import PartnerRules
import PartnerRulesCommandLine

/// `partner-rules classify`: performance rows in, the same rows with `granularity` out.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Label performance rows creative or ad level and drop legacy duplicates.",
        discussion: """
            Reads CSV with a header that has app_id, media_source, date and ad_type; every column passes \
            through in order, and granularity (creative or ad) is added. Rows of a superseded media source \
            for an app and date its replacement also has rows for are duplicates: dropped, or kept with \
            duplicate=true under --duplicates mark. Exit 0: done; 1: bad CSV (the message names the line) \
            or the output cannot be written; 2: bad usage, unreadable input or partners folder.
            """
    )

    @Option(help: ArgumentHelp("The CSV to read; '-' for standard input.", valueName: "file"))
    var input: String = "-"

    @Option(help: ArgumentHelp("Where to write; '-' for standard output. A file appears only when complete.", valueName: "file"))
    var output: String = "-"

    @Option(
        help: ArgumentHelp("What to do with legacy duplicates: drop or mark.", valueName: "drop|mark"),
        transform: { try parseEnum($0, as: DuplicateMode.self, option: "--duplicates") })
    var duplicates: DuplicateMode = .drop

    @Option(help: ArgumentHelp("Also write row counts per media source and app as JSON here ('-': standard output, when --output is a file).", valueName: "file"))
    var summary: String?

    @OptionGroup var catalogOptions: CatalogOptions

    @Flag(help: "Add a last column, 'because': the partner-file line that made an ad-level row ad level, or a duplicate a duplicate.")
    var explain = false

    func run() throws {
        if summary == "-" && output == "-" {
            printError("partner-rules: --summary - needs --output FILE; the rows already go to standard output")
            throw ExitCode(2)
        }
        let catalog = try catalogOptions.loadCatalog()
        var classifier = Classifier(rules: RowRules(catalog: catalog), duplicates: duplicates)
        classifier.explain = explain
        do {
            let counts = try ProgressLine.during("classify", writesToStandardOutput: output == "-") { (progress) throws(ClassifyError) in
                classifier.progress = progress
                return try classifier.run(
                    input: input == "-" ? .standardInput : .file(input),
                    output: output == "-" ? .standardOutput : .file(output),
                    summarize: summary != nil)
            }
            if let summary {
                if summary == "-" { writeOut(counts.json) } else { try counts.write(to: summary) }
            }
        } catch {
            printError("partner-rules: \(error)")
            throw ExitCode(error.exitCode)
        }
    }
}

/// Parses a library enum given on the command line, naming the valid values when it is not one.
func parseEnum<Value: RawRepresentable & CaseIterable>(_ text: String, as: Value.Type, option: String) throws -> Value
where Value.RawValue == String {
    guard let value = Value(rawValue: text) else {
        throw ValidationError("\(option) takes \(Value.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
    }
    return value
}
