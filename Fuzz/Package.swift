// swift-tools-version:6.2
// The libFuzzer targets (issue 15), a package of their own so that neither `swift build` nor `swift test` of the
// project compiles them. Build and run one with `tools/fuzz TARGET [SECONDS]`; `tools/fuzz` lists them.
// Each target is an executable whose `LLVMFuzzerTestOneInput` feeds one input to the library's public API (or an
// `@_spi(Fuzzing)` entry) and checks more than "no crash" (see docs/fuzzing.md).
import Foundation
import PackageDescription

// The project, by path. SwiftPM names a path dependency after its folder, which is whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let project = root.lastPathComponent

/// Target name → what it needs of the project besides FuzzSupport.
let targets: [(String, [String])] = [
    ("yaml-partner", ["PartnerRules"]),
    ("catalog", ["PartnerRules"]),
    ("request-json", ["PartnerRules"]),
    ("ndjson-check", ["PartnerRules"]),
    ("csv-classify", ["PartnerRules"]),
    ("identifiers", ["PartnerRules", "PartnerRulesAudiencesCore"]),
    ("s3-answer", ["PartnerRulesAudiencesCore"]),
    ("sigv4", ["PartnerRulesAudiencesCore"]),
    ("partner-test", ["PartnerRules"]),
]

let package = Package(
    name: "PartnerRulesFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "PartnerRules", package: project)], path: "Sources/FuzzSupport"),
    ] + targets.map { name, products in
        .executableTarget(
            name: name,
            dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: project) },
            path: "Sources/\(name)"
        )
    }
)
