import ArgumentParser
import PartnerRules
import PartnerRulesCommandLine

/// `partner-rules sql`: the classify rules as one query for a warehouse or Spark.
struct SqlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Print one SQL query that gives what 'classify' gives (drop mode).",
        discussion: """
            The table needs the columns app_id, media_source, date and ad_type (text; NULL counts as empty). \
            The query returns every column of the table (t.*) and then granularity, without the legacy \
            duplicates. Exit 2 for a table name that is not a plain identifier (optionally schema.table).
            """
    )

    @Option(
        help: ArgumentHelp("The SQL dialect.", valueName: "postgres|sqlite|duckdb|spark"),
        transform: { try parseEnum($0, as: SQLDialect.self, option: "--dialect") })
    var dialect: SQLDialect

    @Option(help: ArgumentHelp("The table of performance rows: name or schema.name.", valueName: "name"))
    var table: String = "performance_rows"

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        guard let name = SQLTableName(table) else {
            printError("partner-rules: table name '\(table)' is not a plain identifier; use letters, digits and _ (not first), optionally schema.table")
            throw ExitCode(2)
        }
        let catalog = try catalogOptions.loadCatalog()
        writeOut(PerformanceSQL.query(RowRules(catalog: catalog), dialect: dialect, table: name))
    }
}
