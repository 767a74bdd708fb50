// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "PartnerRules",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "PartnerRules", targets: ["PartnerRules"]),
        .library(name: "PartnerRulesAudiences", targets: ["PartnerRulesAudiences"]),
        .executable(name: "partner-rules", targets: ["partner-rules"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // libyaml, from the system (Debian: libyaml-dev).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // The engine: YAML, catalog, integration checks, performance rows. No heavy dependencies.
        .target(
            name: "PartnerRules",
            dependencies: ["CYAML"],
            swiftSettings: swiftSettings
        ),
        // Audience connections: segment files (SHA-256), S3 delivery, the partner API client.
        .target(
            name: "PartnerRulesAudiences",
            dependencies: [
                "PartnerRules",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP servers: the reference audience partner and `serve`.
        .target(
            name: "PartnerRulesServer",
            dependencies: [
                "PartnerRules",
                "PartnerRulesAudiences",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // The command-line tool: parses arguments, calls the libraries, prints.
        .executableTarget(
            name: "partner-rules",
            dependencies: [
                "PartnerRules",
                "PartnerRulesAudiences",
                "PartnerRulesServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PartnerRulesTests",
            dependencies: ["PartnerRules"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PartnerRulesAudiencesTests",
            dependencies: ["PartnerRulesAudiences", "PartnerRulesServer"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["PartnerRules"],
            exclude: ["Fixtures", "Golden"],
            swiftSettings: swiftSettings
        ),
    ]
)
