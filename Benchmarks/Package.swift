// swift-tools-version:6.2
// Benchmarks live in their own package so that the main package's build and tests never
// depend on package-benchmark. Run: `cd Benchmarks && swift package benchmark`.
import PackageDescription

let benchmarkDependencies: [Target.Dependency] = [
    .product(name: "Benchmark", package: "package-benchmark"),
    .product(name: "PartnerRules", package: "PartnerRules"),
]

let package = Package(
    name: "PartnerRulesBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "PartnerRules", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: ["CatalogBenchmarks", "CheckBenchmarks", "RowRuleBenchmarks"].map { name in
        .executableTarget(
            name: name,
            dependencies: benchmarkDependencies,
            path: name,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        )
    }
)
