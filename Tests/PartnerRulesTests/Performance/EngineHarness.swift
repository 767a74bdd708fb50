import Foundation
import PartnerRules
import PartnerRulesTestSupport

/// Runs the generated SQL on real engines (as subprocesses) and reads their results back as rows.
enum EngineHarness {
    /// The table the data sets are loaded into.
    static let table = "perf_rows"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One data set: a CSV file and the query for the engine's dialect.
    struct Case {
        var name: String
        var csv: URL
        var header: [String]
        var sql: String
        var output: URL
    }

    /// Runs a program found on `PATH`; fails with its stderr when it exits non-zero or outlives `timeout`.
    @discardableResult
    static func run(
        _ arguments: [String], stdin: URL? = nil, stdout: URL? = nil, timeout: TimeInterval,
        environment: [String: String] = [:]
    ) async throws -> String {
        let input = try stdin.map { try Data(contentsOf: $0) }
        let result = try await ProcessRunner.run(
            program: arguments[0], Array(arguments.dropFirst()), input: input,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            stdout: stdout.map { .file($0) } ?? .capture, timeout: .seconds(timeout))
        if result.timedOut {
            throw Failure(description: "\(arguments[0]) did not finish within \(Int(timeout)) s")
        }
        guard result.status == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) exited \(result.status): \(result.stderrText.suffix(4000))")
        }
        return result.stderrText
    }

    /// sqlite3 CLI: `.import --csv`, then the query with CSV output.
    private static func sqlite(_ cases: [Case], in directory: URL) async throws {
        for item in cases {
            let script = directory.appendingPathComponent("\(item.name).sqlite.txt")
            let commands = """
                .bail on
                .mode csv
                .import --csv '\(item.csv.path)' \(table)
                .headers on
                \(item.sql.trimmingCharacters(in: .whitespacesAndNewlines));

                """
            try Data(commands.utf8).write(to: script)
            try await run(["sqlite3", ":memory:"], stdin: script, stdout: item.output, timeout: 60)
        }
    }

    /// PostgreSQL through psql, at the server `tools/services/postgres` started (`PARTNER_RULES_PG_URL`; the
    /// test says `.requires(.postgres)`, which checks it is there).
    private static func postgres(_ cases: [Case], in directory: URL) async throws {
        let url = ProcessInfo.processInfo.environment["PARTNER_RULES_PG_URL"] ?? ""
        for item in cases {
            let script = directory.appendingPathComponent("\(item.name).psql")
            let columns = item.header.map { "\"\($0)\" text" }.joined(separator: ", ")
            let commands = """
                \\set ON_ERROR_STOP on
                CREATE TEMP TABLE \(table) (\(columns));
                \\copy \(table) FROM '\(item.csv.path)' WITH (FORMAT csv, HEADER true)
                COPY (\(item.sql.trimmingCharacters(in: .whitespacesAndNewlines))) TO STDOUT WITH (FORMAT csv, HEADER true);

                """
            try Data(commands.utf8).write(to: script)
            var arguments = ["psql", "-X", "-q", "-f", script.path]
            if !url.isEmpty { arguments.insert(url, at: 1) }
            try await run(arguments, stdout: item.output, timeout: 60)
        }
    }

    /// Runs `cases` on the engine of `dialect`: the one place a dialect picks its engine.
    static func run(_ dialect: SQLDialect, _ cases: [Case], in directory: URL) async throws {
        switch dialect {
        case .sqlite: try await sqlite(cases, in: directory)
        case .postgres: try await postgres(cases, in: directory)
        case .duckdb, .spark: try await python(engine: dialect.rawValue, cases, in: directory)
        }
    }

    /// DuckDB (Python module) or Spark in local mode (PySpark): one Python process runs every case, so Spark
    /// starts one JVM per test run.
    private static func python(engine: String, _ cases: [Case], in directory: URL) async throws {
        let driver = directory.appendingPathComponent("engines.py")
        try Data(pythonDriver.utf8).write(to: driver)
        let manifest = directory.appendingPathComponent("\(engine).json")
        let entries = cases.map { ["csv": $0.csv.path, "sql": $0.sql, "out": $0.output.path] }
        try JSONSerialization.data(withJSONObject: ["engine": engine, "table": table, "cases": entries]).write(to: manifest)
        try await run(["python3", driver.path, manifest.path], timeout: engine == "spark" ? 600 : 120)
    }

    private static let pythonDriver = #"""
        import csv, json, sys

        manifest = json.load(open(sys.argv[1]))
        engine, table = manifest["engine"], manifest["table"]

        def load(path):
            with open(path, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
            return rows[0], rows[1:]

        def write(path, header, rows):
            with open(path, "w", newline="", encoding="utf-8") as f:
                out = csv.writer(f, lineterminator="\n")
                out.writerow(header)
                for row in rows:
                    out.writerow(["" if v is None else v for v in row])

        if engine == "duckdb":
            import duckdb
            for case in manifest["cases"]:
                header, rows = load(case["csv"])
                con = duckdb.connect()
                con.execute("CREATE TABLE %s (%s)" % (table, ", ".join('"%s" VARCHAR' % h for h in header)))
                if rows:
                    con.executemany("INSERT INTO %s VALUES (%s)" % (table, ", ".join("?" for _ in header)), rows)
                result = con.execute(case["sql"])
                write(case["out"], [d[0] for d in result.description], result.fetchall())
                con.close()
        elif engine == "spark":
            from pyspark.sql import SparkSession
            from pyspark.sql.types import StructType, StructField, StringType
            spark = (SparkSession.builder.master("local[1]").appName("partner-rules-equivalence")
                     .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
                     .config("spark.driver.memory", "512m").getOrCreate())
            spark.sparkContext.setLogLevel("ERROR")
            for case in manifest["cases"]:
                header, rows = load(case["csv"])
                schema = StructType([StructField(h, StringType(), True) for h in header])
                spark.createDataFrame(rows, schema).createOrReplaceTempView(table)
                result = spark.sql(case["sql"])
                write(case["out"], result.columns, [list(r) for r in result.collect()])
            spark.stop()
        else:
            sys.exit("unknown engine " + engine)
        """#
}
