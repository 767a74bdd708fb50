import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// One ad-type key everywhere: ``AdTypeKey`` in Swift equals the key each SQL dialect computes
/// (`PerformanceSQL`'s expression), on the real engines, for generated strings full of what tends
/// to go wrong: non-ASCII letters with case, tabs, `/`, `-`, `_`, spaces, mixed case, quotes.
@Suite("The ad-type key on real engines")
struct AdTypeKeyEngineTests {
    /// Characters the generated ad types are made of. No combining marks: a CSV quote followed by
    /// one would merge with it into one character for the test's own CSV reader.
    static let alphabet: [String] = [
        "a", "B", "c", "Z", "x", "Q", "0", "7", " ", "\t", "-", "_", "/", ".", ",", "\"", "'", "É", "é", "ß", "İ", "ı", "Σ",
        "σ", "ς", "Ä", "ä", "ﬁ", "\u{212A}", "\u{00A0}", "\u{200B}", "Ж", "ж", "🎯", "Ǆ", "ǅ", "Ω", "ω", "&", "%",
    ]

    /// `count` ad types from a seeded generator, the awkward fixed ones first.
    static func adTypes(count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        func next() -> UInt64 { random.next() }
        var result = ["", " ", "\t", "Catalog/DPA", "CTV ads", "Écran", "écran", "Playable\tAds", "\u{212A}elvin", "SS", "ß"]
        while result.count < count {
            let length = Int(next() % 13)
            result.append((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }.joined())
        }
        return result
    }

    func check(_ dialect: SQLDialect) async throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        let values = Self.adTypes(count: 500, seed: seed)
        let directory = try PerformanceFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("keys.csv")
        let header = ["id", "ad_type"]
        let rows = values.enumerated().map { [String($0.offset), $0.element] }
        try Data(PerformanceFixtures.csv(header, rows, quoteAll: true).utf8).write(to: csv)
        let column = "t.\(dialect.identifier("ad_type"))"
        let sql = "SELECT t.\(dialect.identifier("id")) AS id, \(dialect.adTypeKey(column)) AS k FROM \(EngineHarness.table) AS t"
        let item = EngineHarness.Case(
            name: "keys", csv: csv, header: header, sql: sql, output: directory.appendingPathComponent("keys.\(dialect).out.csv"))
        try await EngineHarness.run(dialect, [item], in: directory)
        let result = parseCSV(try String(contentsOf: item.output, encoding: .utf8)).dropFirst()
        #expect(result.count == values.count, "\(dialect), seed \(seed): row count")
        var mismatches = 0
        for row in result where row.count == 2 {
            guard let index = Int(row[0]), values.indices.contains(index) else { continue }
            let expected = AdTypeKey.make(values[index])
            if row[1] != expected {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("\(dialect), seed \(seed): key of \(values[index].debugDescription) is \(row[1].debugDescription), Swift's \(expected.debugDescription)")
                }
            }
        }
        #expect(mismatches == 0, "\(dialect), seed \(seed): \(mismatches) keys differ")
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

    @Test("the key in Swift: ASCII folds, the rest stays as written")
    func swiftKey() {
        #expect(AdTypeKey.make(" Catalog/DPA ") == "catalogdpa")
        #expect(AdTypeKey.make("Playable\tAds") == "playableads")
        #expect(AdTypeKey.make("Écran") == "Écran")
        #expect(AdTypeKey.make("Écran") != AdTypeKey.make("écran"))
        #expect(AdTypeKey.make("\u{212A}") == "\u{212A}")
    }

    @Test("lint, the API and classify give one answer for a made-up partner with non-ASCII ad types")
    func oneAnswer() throws {
        let file = """
            # yaml-language-server: $schema=../schemas/partner.schema.json
            id: ecran
            name: Écran Ads
            media_sources: [ecran_int]
            auth: oauth
            ad_types:
              unsupported: [Écran, {name: "Vidéo", aliases: ["vidéo/courte"]}, Playable Ads]
            """
        let folder = try temporaryFolder(["ecran.yaml": file])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CatalogLoader.lint(paths: [folder]).errorCount == 0)
        let catalog = try CatalogLoader.load(directory: folder)
        let partner = try #require(catalog.partner(named: "ecran_int"))
        let rules = RowRules(catalog: catalog)
        for adType in ["Écran", "écran", "ÉCRAN", "Vidéo", "VIDéO", "vidéo courte", "Vidéo/Courte", "playable\tads", "PLAYABLE-ADS", "x"] {
            let api = partner.reachesCreativeLevel(adType: adType) ? Granularity.creative : .ad
            #expect(rules.granularity(mediaSource: "ecran_int", adType: adType) == api, "\(adType)")
        }
        #expect(!partner.reachesCreativeLevel(adType: "Écran"))
        #expect(partner.reachesCreativeLevel(adType: "écran"))
        #expect(!partner.reachesCreativeLevel(adType: "Playable\tAds"))
    }
}
