import Foundation
import PartnerRules
import PartnerRulesTestSupport
import Testing

/// Differential testing of `classify` against `partner-rules sql` (issue 15): for each seed a random catalog
/// (partners, media sources, ad types with non-ASCII letters, spaces, `-`, `_`, `/` and mixed case,
/// supersessions with dates) and random performance rows (the catalog's spellings bent with case, tabs and
/// separators, and strangers); classify's rows must equal the SQL's on each real engine.
///
/// The seeds are `start ..< start + count`: `start` is random and printed, `PARTNER_RULES_SEED=N` replays from N,
/// `PARTNER_RULES_DIFFERENTIAL_SEEDS=N` changes the count (200; PostgreSQL runs a quarter). A failing seed is
/// shrunk (fewer partners, rows, shorter strings) and the small case printed.
@Suite("classify equals the SQL on random catalogs", .serialized)
struct DifferentialTests {
    /// One generated case.
    struct Case: CustomStringConvertible {
        var seed: UInt64
        var definitions: [PartnerDefinition]
        var rows: [[String]]

        static let header = ["campaign", "app_id", "media_source", "date", "ad_type"]

        var catalog: Catalog? { try? Catalog(definitions: definitions) }
        var csv: String { PerformanceFixtures.csv(Self.header, rows) }

        var description: String {
            var lines = ["seed \(seed): \(definitions.count) partner(s), \(rows.count) row(s)"]
            for definition in definitions {
                let adTypes = definition.adTypes.names.map { ([$0.name] + $0.aliases).map(\.debugDescription).joined(separator: "|") }
                let kind = if case .supported = definition.adTypes { "supported" } else { "unsupported" }
                lines.append("  partner \(definition.id): media_sources \(definition.mediaSources.map(\.debugDescription)), \(kind) \(adTypes)")
                for legacy in definition.supersedes {
                    lines.append("    supersedes \(legacy.mediaSource.debugDescription) duplicates \(legacy.duplicates.map(\.rawValue))")
                }
            }
            for row in rows { lines.append("  row \(row.map(\.debugDescription).joined(separator: ", "))") }
            return lines.joined(separator: "\n")
        }
    }

    /// Letters of generated names: ASCII of both cases, separators the key removes, and non-ASCII letters with and
    /// without case (which the key keeps as written).
    static let nameAlphabet: [String] = [
        "a", "B", "c", "D", "x", "Y", "0", "7", " ", "-", "_", "/", ".", "'", "É", "é", "ß", "Ж", "ж", "Σ", "σ", "ı", "İ",
        "日", "🎯", "&", "%", ",", "\"",
    ]

    /// Generates the case of `seed`.
    static func generate(seed: UInt64) -> Case {
        var random = SeededRandom(seed: seed)
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
        func name(_ length: ClosedRange<Int>) -> String {
            let count = length.lowerBound + Int(random.next() % UInt64(length.count))
            var text = (0..<count).map { _ in pick(nameAlphabet) }.joined()
            text = text.trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? "z" : text
        }
        var definitions: [PartnerDefinition] = []
        var usedSources: Set<String> = []
        func source() -> String {
            var id = name(1...8).replacingOccurrences(of: "/", with: "_")
            while usedSources.contains(id) { id += "_\(usedSources.count)" }
            usedSources.insert(id)
            return id
        }
        for index in 0..<(1 + Int(random.next() % 4)) {
            let live = (0..<(1 + Int(random.next() % 2))).map { _ in source() }
            var adTypes: [AdTypeName] = []
            var keys: Set<String> = []
            for _ in 0..<Int(random.next() % 5) {
                let spellings = (0...Int(random.next() % 3)).map { _ in name(1...10) }
                let fresh = spellings.filter { keys.insert(AdTypeKey.make($0)).inserted && !AdTypeKey.make($0).isEmpty }
                if let first = fresh.first { adTypes.append(AdTypeName(name: first, aliases: Array(fresh.dropFirst()))) }
            }
            var supersedes: [SupersededSource] = []
            if chance(50) {
                for number in 0..<(1 + Int(random.next() % 2)) {
                    let introduced = CalendarDate(year: 2020 + Int(random.next() % 5), month: 1 + Int(random.next() % 12), day: 1 + Int(random.next() % 28))
                    supersedes.append(SupersededSource(
                        mediaSource: source(), name: "[Legacy] P\(index) \(number)", introduced: introduced,
                        deprecated: chance(50) ? CalendarDate(year: 2026, month: 1, day: 1) : nil,
                        duplicates: chance(70) ? [.performance] : [.creatives]))
                }
            }
            definitions.append(PartnerDefinition(
                id: "p\(index)", name: "P\(index)", mediaSources: live, auth: .oauth,
                adTypes: chance(50) ? .supported(adTypes) : .unsupported(adTypes), supersedes: supersedes))
        }
        // Rows: the catalog's media sources (now and then in another case) and strangers; its ad-type spellings bent
        // with case and separators (tabs too: they appear only on the row side), and strangers.
        let sources = definitions.flatMap { $0.mediaSources + $0.supersedes.map(\.mediaSource) }
        let spellings = definitions.flatMap { $0.adTypes.names.flatMap(\.spellings) }
        func bend(_ text: String) -> String {
            var out = ""
            for character in text {
                if chance(15) { out += pick([" ", "\t", "-", "_", "/"]) }
                if character.isASCII, chance(30) {
                    out += character.isUppercase ? character.lowercased() : character.uppercased()
                } else {
                    out.append(character)
                }
            }
            return chance(20) ? " \(out)\t" : out
        }
        var rows: [[String]] = []
        for row in 0..<(5 + Int(random.next() % 40)) {
            let mediaSource: String
            switch random.next() % 10 {
            case 0: mediaSource = name(1...6)
            case 1: mediaSource = pick(sources).uppercased()
            default: mediaSource = pick(sources)
            }
            let adType: String
            switch random.next() % 10 {
            case 0: adType = ""
            case 1, 2: adType = name(0...6)
            default: adType = spellings.isEmpty ? name(0...4) : bend(pick(spellings))
            }
            rows.append(["c\(row)", pick(["a1", "a2", ""]), mediaSource, pick(["2024-05-01", "2024-05-02", ""]), adType])
        }
        return Case(seed: seed, definitions: definitions, rows: rows)
    }

    /// classify's rows (drop mode) for `item`, header first; `nil` when the generated catalog is refused.
    static func classified(_ item: Case) throws -> [[String]]? {
        guard let catalog = item.catalog else { return nil }
        return parseCSV(try PerformanceFixtures.classify(item.csv, catalog: catalog).output)
    }

    /// What differs between classify's rows and the engine's, or `nil` when they agree (order aside).
    static func difference(expected: [[String]], actual: [[String]]) -> String? {
        guard actual.first == expected.first else { return "header \(actual.first ?? []) != \(expected.first ?? [])" }
        let sortedActual = actual.dropFirst().sorted { $0.lexicographicallyPrecedes($1) }
        let sortedExpected = expected.dropFirst().sorted { $0.lexicographicallyPrecedes($1) }
        guard sortedActual.count == sortedExpected.count else {
            return "\(sortedActual.count) rows from the SQL, \(sortedExpected.count) from classify"
        }
        for (a, e) in zip(sortedActual, sortedExpected) where a != e {
            return "SQL row \(a.map(\.debugDescription)) != classify row \(e.map(\.debugDescription))"
        }
        return nil
    }

    /// Runs `items` through `dialect`'s engine and returns each one's difference (`nil` when equal).
    static func run(_ items: [(Case, [[String]])], dialect: SQLDialect) async throws -> [String?] {
        let directory = try PerformanceFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let table = try #require(SQLTableName(EngineHarness.table))
        var cases: [EngineHarness.Case] = []
        for (item, _) in items {
            let csv = directory.appendingPathComponent("seed-\(item.seed)-\(cases.count).csv")
            try Data(item.csv.utf8).write(to: csv)
            let rules = RowRules(catalog: try #require(item.catalog))
            cases.append(EngineHarness.Case(
                name: "seed-\(item.seed)-\(cases.count)", csv: csv, header: Case.header,
                sql: PerformanceSQL.query(rules, dialect: dialect, table: table),
                output: directory.appendingPathComponent("seed-\(item.seed)-\(cases.count).\(dialect).out.csv")))
        }
        try await EngineHarness.run(dialect, cases, in: directory)
        return try zip(items, cases).map { item, engineCase in
            difference(expected: item.1, actual: parseCSV(try String(contentsOf: engineCase.output, encoding: .utf8)))
        }
    }

    /// Smaller cases than `item`: a partner less, half or one row less, a character less in a row's field or an ad
    /// type's spelling.
    static func smaller(_ item: Case) -> [Case] {
        var candidates: [Case] = []
        for index in item.definitions.indices where item.definitions.count > 1 {
            var next = item
            next.definitions.remove(at: index)
            candidates.append(next)
        }
        if item.rows.count > 1 {
            var first = item, second = item
            first.rows = Array(item.rows.prefix(item.rows.count / 2))
            second.rows = Array(item.rows.suffix(item.rows.count - item.rows.count / 2))
            candidates += [first, second]
            for index in item.rows.indices {
                var next = item
                next.rows.remove(at: index)
                candidates.append(next)
            }
        }
        for (row, fields) in item.rows.enumerated() {
            for column in [0, 1, 3, 4] where !fields[column].isEmpty {
                var next = item
                next.rows[row][column] = column == 4 ? String(fields[column].dropFirst()) : ""
                candidates.append(next)
                if column == 4 {
                    next.rows[row][column] = String(fields[column].dropLast())
                    candidates.append(next)
                }
            }
        }
        for (partner, definition) in item.definitions.enumerated() {
            let names = definition.adTypes.names
            for (index, adType) in names.enumerated() {
                var shorter = names
                shorter.remove(at: index)
                if adType.name.count > 1 { shorter.insert(AdTypeName(name: String(adType.name.dropLast()), aliases: adType.aliases), at: index) }
                var next = item
                let rule: AdTypeRule = if case .supported = definition.adTypes { .supported(shorter) } else { .unsupported(shorter) }
                next.definitions[partner] = PartnerDefinition(
                    id: definition.id, name: definition.name, mediaSources: definition.mediaSources, auth: definition.auth,
                    adTypes: rule, supersedes: definition.supersedes)
                candidates.append(next)
            }
        }
        return candidates
    }

    /// Shrinks a failing `item`: takes any smaller case that still fails, until none does (at most 400 tries).
    static func shrink(_ item: Case, dialect: SQLDialect) async -> Case {
        var current = item
        var tries = 0
        var progress = true
        while progress, tries < 400 {
            progress = false
            for candidate in smaller(current) where tries < 400 {
                tries += 1
                guard let expected = try? classified(candidate),
                    let failure = try? await run([(candidate, expected)], dialect: dialect).first, failure != nil
                else { continue }
                current = candidate
                progress = true
                break
            }
        }
        return current
    }

    /// The seeds of this run.
    static func seeds(count: Int) -> Range<UInt64> {
        let environment = ProcessInfo.processInfo.environment
        let start = environment["PARTNER_RULES_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...(UInt64.max / 2))
        let total = environment["PARTNER_RULES_DIFFERENTIAL_SEEDS"].flatMap { Int($0) } ?? count
        return start..<(start + UInt64(total))
    }

    func check(_ dialect: SQLDialect, count: Int) async throws {
        let seeds = Self.seeds(count: count)
        print("differential \(dialect): seeds \(seeds.lowerBound) ..< \(seeds.upperBound) (replay: PARTNER_RULES_SEED=\(seeds.lowerBound))")
        var items: [(Case, [[String]])] = []
        for seed in seeds {
            let item = Self.generate(seed: seed)
            guard let expected = try Self.classified(item) else { continue }
            items.append((item, expected))
        }
        #expect(items.count * 10 >= seeds.count * 9, "most generated catalogs must be valid: \(items.count) of \(seeds.count)")
        let differences = try await Self.run(items, dialect: dialect)
        var failures = 0
        for ((item, _), difference) in zip(items, differences) {
            guard let difference else { continue }
            failures += 1
            guard failures <= 3 else { continue }
            let small = await Self.shrink(item, dialect: dialect)
            Issue.record("""
                \(dialect): seed \(item.seed) (replay: PARTNER_RULES_SEED=\(item.seed) PARTNER_RULES_DIFFERENTIAL_SEEDS=1): \(difference)
                shrunk to:
                \(small)
                """)
        }
        #expect(failures == 0, "\(dialect): \(failures) of \(items.count) seeds disagree")
    }

    @Test(.requires(.sqlite)) func sqlite() async throws {
        try await check(.sqlite, count: 200)
    }

    @Test(.requires(.duckdb)) func duckdb() async throws {
        try await check(.duckdb, count: 200)
    }

    @Test(.requires(.postgres)) func postgres() async throws {
        try await check(.postgres, count: 50)
    }

    @Test("the generator is fixed by its seed and makes valid catalogs")
    func generator() throws {
        #expect(Self.generate(seed: 42).description == Self.generate(seed: 42).description)
        #expect(Self.generate(seed: 42).description != Self.generate(seed: 43).description)
        let valid = (1...50).count { Self.generate(seed: UInt64($0)).catalog != nil }
        #expect(valid >= 45, "\(valid) of 50 generated catalogs are valid")
    }
}
