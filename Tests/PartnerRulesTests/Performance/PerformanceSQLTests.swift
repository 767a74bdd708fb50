import PartnerRules
import Testing

@Suite("sql")
struct PerformanceSQLTests {
    let rules: RowRules

    init() throws {
        rules = RowRules(catalog: try PerformanceFixtures.catalog())
    }

    @Test(arguments: ["perf", "_x1", "analytics.perf_rows", "A.b"])
    func plainTableNamesAreAccepted(name: String) {
        #expect(SQLTableName(name)?.description == name)
    }

    @Test(arguments: ["", "1abc", "a.b.c", "a.", ".a", "perf; DROP TABLE x", "\"perf\"", "per-f", "pérf", "a b"])
    func otherTableNamesAreRefused(name: String) {
        #expect(SQLTableName(name) == nil)
    }

    @Test func literalsAreQuotedPerDialect() throws {
        let table = try #require(SQLTableName("perf"))
        for dialect in [SQLDialect.postgres, .sqlite, .duckdb] {
            #expect(PerformanceSQL.query(rules, dialect: dialect, table: table).contains("'o''brien\\spot'"))
        }
        #expect(PerformanceSQL.query(rules, dialect: .spark, table: table).contains("'o\\'brien\\\\spot'"))
    }

    @Test func selectsEveryColumnThenGranularity() throws {
        let sql = PerformanceSQL.query(rules, dialect: .postgres, table: try #require(SQLTableName("s.perf")))
        #expect(sql.contains("SELECT t.*,"))
        #expect(sql.contains("END AS \"granularity\"\nFROM s.perf AS t"))
        #expect(sql.contains("WHEN t.\"media_source\" IN ('gamma_new', 'gamma_new2', 'gamma_old', 'gamma_older') THEN"))
        #expect(sql.contains("SELECT DISTINCT CASE WHEN s.\"media_source\" IN ('gamma_new', 'gamma_new2') THEN 'gamma' END AS k_partner"))
        #expect(sql.contains("WHERE k.k_partner = CASE WHEN t.\"media_source\" IN ('gamma_old', 'gamma_older') THEN 'gamma' END"))
        #expect(!sql.contains("THEN 'delta' END"))
    }

    @Test func noSupersedingPartnersMeansNoSubquery() throws {
        let catalog = try Catalog(definitions: [PerformanceFixtures.definitions[0]])
        let sql = PerformanceSQL.query(RowRules(catalog: catalog), dialect: .sqlite, table: try #require(SQLTableName("p")))
        #expect(!sql.contains("NOT EXISTS"))
    }
}
