import Foundation
import PartnerRules
import PartnerRulesTestSupport
import Testing

/// `classify` and the generated SQL give the same rows on every real engine.
///
/// Each engine runs as a subprocess (sqlite3 CLI, psql against the server `tools/services/postgres`
/// starts, DuckDB and PySpark through one Python process each). Without its engine a test is skipped
/// with the reason; under `tools/test` (`PARTNER_RULES_REQUIRE_SERVICES=1`) it fails with it.
@Suite("SQL equivalence on real engines")
struct EngineEquivalenceTests {
    /// A data set: the rows, and what `classify` made of them (drop mode), parsed.
    struct DataSet {
        var name: String
        var rules: RowRules
        var header: [String]
        var csv: String
        var expected: [[String]]
    }

    static func dataSets() throws -> [DataSet] {
        var sets: [DataSet] = []
        func add(_ name: String, _ catalog: Catalog) throws {
            let (header, rows) = PerformanceFixtures.rows(for: catalog)
            let csv = PerformanceFixtures.csv(header, rows)
            let output = try PerformanceFixtures.classify(csv, catalog: catalog).output
            sets.append(DataSet(name: name, rules: RowRules(catalog: catalog), header: header, csv: csv, expected: parseCSV(output)))
        }
        try add("made-up", PerformanceFixtures.catalog())
        try add("catalog", PerformanceFixtures.realCatalog())
        return sets
    }

    func check(_ dialect: SQLDialect) async throws {
        let directory = try PerformanceFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sets = try Self.dataSets()
        let table = try #require(SQLTableName(EngineHarness.table))
        var cases: [EngineHarness.Case] = []
        for set in sets {
            let csv = directory.appendingPathComponent("\(set.name).csv")
            try Data(set.csv.utf8).write(to: csv)
            cases.append(
                EngineHarness.Case(
                    name: set.name, csv: csv, header: set.header,
                    sql: PerformanceSQL.query(set.rules, dialect: dialect, table: table),
                    output: directory.appendingPathComponent("\(set.name).\(dialect).out.csv")))
        }
        try await EngineHarness.run(dialect, cases, in: directory)
        for (set, item) in zip(sets, cases) {
            let actual = parseCSV(try String(contentsOf: item.output, encoding: .utf8))
            #expect(actual.first == set.expected.first, "\(dialect) \(set.name): header")
            let sortedActual = actual.dropFirst().sorted { $0.lexicographicallyPrecedes($1) }
            let sortedExpected = set.expected.dropFirst().sorted { $0.lexicographicallyPrecedes($1) }
            #expect(sortedActual.count == sortedExpected.count, "\(dialect) \(set.name): row count")
            for (a, e) in zip(sortedActual, sortedExpected) where a != e {
                Issue.record("\(dialect) \(set.name): \(a) != \(e)")
                break
            }
            #expect(sortedExpected.count > 100)
        }
    }

    @Test(.requires(.sqlite)) func sqlite() async throws {
        try await check(.sqlite)
    }

    @Test(.requires(.postgres)) func postgres() async throws {
        try await check(.postgres)
    }

    @Test(.requires(.duckdb)) func duckdb() async throws {
        try await check(.duckdb)
    }

    @Test(.requires(.spark), .timeLimit(.minutes(10)))
    func spark() async throws {
        try await check(.spark)
    }
}
