import Benchmark
import Foundation
import PartnerRules

/// The repository root, found from this file so the benchmark runs from any folder.
private let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// A 10 MB YAML document in the shape of partner files: many mappings, lists and scalars.
private let bigDocument: [UInt8] = {
    var text = "partners:\n"
    var index = 0
    while text.utf8.count < 10_000_000 {
        text += """
              - id: partner-\(index)
                name: "Partner \(index)"
                media_sources: [p\(index)_int, p\(index)_legacy]
                per_user: false
                credentials:
                  - {key: email, label: Email, kind: email}
                  - key: password
                    label: Password
                    kind: password
                ad_types:
                  unsupported: [CTV, {name: Catalog, aliases: [DPA, Catalog/DPA]}]

            """
        index += 1
    }
    return Array(text.utf8)
}()

/// The repository's catalog as a bundle file (`partner-rules bundle`), written once to a temporary folder.
private let bundlePath: String = {
    let path = NSTemporaryDirectory() + "partner-rules-benchmark-\(getpid()).bundle"
    do {
        try CatalogBundle.write(try CatalogLoader.load(directory: "\(root)/partners"), to: path)
    } catch {
        fatalError("cannot write the benchmark's bundle: \(error)")
    }
    return path
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration.maxDuration = .seconds(5)

    Benchmark("load the partner catalog", configuration: .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident])) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try CatalogLoader.load(directory: "\(root)/partners"))
        }
    }

    // The same catalog from its bundle: no YAML, the same compiled catalog (docs/bundles.md). Target: at least 10x
    // faster than the folder above.
    Benchmark("load the partner catalog from its bundle", configuration: .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident])) { benchmark in
        let path = bundlePath
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try CatalogBundle.read(path: path))
        }
    }

    Benchmark(
        "compose a 10 MB YAML document",
        configuration: .init(metrics: [.wallClock, .throughput, .peakMemoryResident], maxIterations: 10)
    ) { benchmark in
        let limits = YAMLLimits(maxBytes: 64 << 20, maxDepth: 64)
        for _ in benchmark.scaledIterations {
            // The composer is package-level; the partner decoder is its public door. It composes the whole document,
            // then stops at the first level (a list under `partners` is not a partner), so composing is what is timed.
            blackHole(CatalogLoader.decodePartner(bigDocument, file: "big.yaml", limits: limits))
        }
    }
}
