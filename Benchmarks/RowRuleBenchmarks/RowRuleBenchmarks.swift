import Benchmark
import PartnerRules

/// The row rule alone, in process: media source and ad type to granularity, over a mix of the catalog's
/// media sources (live and superseded), every listed ad-type spelling, unlisted types and unknown sources.
/// Run from `Benchmarks/`: `swift package benchmark --target RowRuleBenchmarks`.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .mega)

    Benchmark("row rule") { benchmark in
        guard let catalog = try? RowRuleInput.catalog() else { return }
        let rows = RowRuleInput.rows(catalog)
        let rules = RowRules(catalog: catalog)
        benchmark.startMeasurement()
        var index = 0
        for _ in benchmark.scaledIterations {
            let row = rows[index]
            blackHole(rules.granularity(mediaSource: row.0, adType: row.1))
            index = (index + 1) & (rows.count - 1)
        }
    }

    Benchmark("compile the rules") { benchmark in
        guard let catalog = try? RowRuleInput.catalog() else { return }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(RowRules(catalog: catalog))
        }
    }
}

enum RowRuleInput {
    /// The catalog in `../partners` when it loads, else a made-up one of the same shape.
    static func catalog() throws -> Catalog {
        for directory in ["../partners", "partners"] {
            if let catalog = try? CatalogLoader.load(directory: directory) { return catalog }
        }
        let definitions = (0..<15).map { index in
            PartnerDefinition(
                id: "p\(index)", name: "P\(index)", mediaSources: ["p\(index)_int"], auth: .oauth,
                adTypes: index % 5 == 0 ? .supported([AdTypeName(name: "aci"), AdTypeName(name: "ace")])
                    : .unsupported([AdTypeName(name: "ctv"), AdTypeName(name: "catalog", aliases: ["dpa", "Catalog/DPA"])]),
                supersedes: index == 3 ? [SupersededSource(mediaSource: "p3_legacy", name: "[Legacy] P3", duplicates: [.performance])] : [])
        }
        return try Catalog(definitions: definitions)
    }

    /// 4,096 (media source, ad type) pairs.
    static func rows(_ catalog: Catalog) -> [(String, String)] {
        var sources = catalog.partners.flatMap { $0.definition.mediaSources + $0.definition.supersedes.map(\.mediaSource) }
        sources += ["unknown_int", "organic"]
        var adTypes = catalog.partners.flatMap { $0.definition.adTypes.names.flatMap(\.spellings) }
        adTypes += ["banner", "Rewarded Video", "", "interstitial", "PLAYABLE"]
        var generator = SystemRandomNumberGenerator()
        return (0..<4096).map { _ in
            (sources.randomElement(using: &generator) ?? "", adTypes.randomElement(using: &generator) ?? "")
        }
    }
}
