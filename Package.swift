// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "PartnerRules",
    // macOS 15: the lowest with Synchronization's Mutex and String(validating:as:), which the code uses. The code is
    // POSIX, not Linux-only, and the C kernels detect CPU features on Linux and macOS alike.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PartnerRules", targets: ["PartnerRules"]),
        .library(name: "PartnerRulesAudiences", targets: ["PartnerRulesAudiences"]),
        // The audience code that needs no network or crypto stack; the fuzz targets (Fuzz/) build against it.
        .library(name: "PartnerRulesAudiencesCore", targets: ["PartnerRulesAudiencesCore"]),
        .executable(name: "partner-rules", targets: ["partner-rules"]),
        .executable(name: "partner-rules-serve", targets: ["partner-rules-serve"]),
        .executable(name: "partner-rules-audiences", targets: ["partner-rules-audiences"]),
        .executable(name: "partner-rules-bundle", targets: ["partner-rules-bundle"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // libyaml, from the system (Debian: libyaml-dev).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // Byte kernels for hot loops (SSE2 on x86-64, plain C elsewhere): CSV block classification, ASCII
        // lower-casing, hex encoding.
        .target(name: "CByteKernels"),
        // The byte layer, not a product: the one reader, line splitter, buffered writer, atomic writer and errno text
        // that every command reads and writes through.
        .target(name: "ByteIO", swiftSettings: swiftSettings),
        // The engine: YAML, catalog, integration checks, performance rows. No heavy dependencies.
        .target(
            name: "PartnerRules",
            dependencies: ["CYAML", "CByteKernels", "ByteIO"],
            swiftSettings: swiftSettings
        ),
        // What audience connections compute without a network: identifier normalization, segment files (SHA-256
        // of the C kernels), SigV4's canonical request and percent-encoding, S3 answers. No NIO, no swift-crypto,
        // so the fuzz targets build it quickly.
        .target(
            name: "PartnerRulesAudiencesCore",
            dependencies: ["PartnerRules", "CByteKernels", "ByteIO"],
            swiftSettings: swiftSettings
        ),
        // Audience connections: S3 delivery, signing, the partner API client.
        .target(
            name: "PartnerRulesAudiences",
            dependencies: [
                "PartnerRules",
                "PartnerRulesAudiencesCore",
                "CByteKernels",
                "ByteIO",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Ed25519 keys for catalog bundles: reading key files, the signer and the verifier. Its own target so that the
        // core library stays free of swift-crypto (SPEC 16) while `bundle` and `serve` sign and verify.
        .target(
            name: "PartnerRulesSigning",
            dependencies: ["PartnerRules", "ByteIO", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // HTTP servers: the reference audience partner and `serve`.
        .target(
            name: "PartnerRulesServer",
            dependencies: [
                "ByteIO",
                "PartnerRules",
                "PartnerRulesAudiences",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            // The playground's page files; tools/playground-assets embeds them as Playground/PlaygroundPage.swift.
            exclude: ["Playground/page"],
            swiftSettings: swiftSettings
        ),
        // JSON-RPC framing and the few LSP 3.17 messages the language server uses (SPEC 23: no LSP package resolves
        // here). Foundation only; the boundary a maintained LSP package could replace.
        .target(name: "LanguageServerProtocol", swiftSettings: swiftSettings),
        // `partner-rules lsp`: the partner language server over the core library (SPEC 21).
        .target(
            name: "PartnerRulesLanguageServer",
            dependencies: ["PartnerRules", "LanguageServerProtocol"],
            swiftSettings: swiftSettings
        ),
        // What the executables share: `--partners`, the entry point and its exit codes, standard output and error,
        // and the table of commands that live in executables of their own. Core library and argument parsing only.
        .target(
            name: "PartnerRulesCommandLine",
            dependencies: ["ByteIO", "PartnerRules", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        // The command-line tool CI runs: lint, check, classify, sql, guide, yaml. It builds from the core library
        // and argument parsing alone (SPEC 16), so a fresh clone reaches `lint` without compiling SwiftNIO,
        // BoringSSL or Hummingbird; `serve` and `audiences` run the executables below.
        .executableTarget(
            name: "partner-rules",
            dependencies: [
                "ByteIO",
                "PartnerRules",
                "PartnerRulesCommandLine",
                "PartnerRulesLanguageServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // `partner-rules serve`: the HTTP service.
        .executableTarget(
            name: "partner-rules-serve",
            dependencies: [
                "ByteIO",
                "PartnerRules",
                "PartnerRulesCommandLine",
                "PartnerRulesServer",
                "PartnerRulesSigning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // `partner-rules audiences`: segment files, S3 delivery, the mock partner and the conformance run.
        .executableTarget(
            name: "partner-rules-audiences",
            dependencies: [
                "PartnerRules",
                "PartnerRulesCommandLine",
                "PartnerRulesAudiences",
                "PartnerRulesServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // `partner-rules bundle`: the catalog in one file, signed with swift-crypto's Ed25519.
        .executableTarget(
            name: "partner-rules-bundle",
            dependencies: [
                "ByteIO",
                "PartnerRules",
                "PartnerRulesCommandLine",
                "PartnerRulesSigning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // What every test target shares: the repository's place, temporary folders, running a process, the
        // built products, fixtures, and which services (PostgreSQL, moto, sqlite3, DuckDB, Spark) are there.
        .target(
            name: "PartnerRulesTestSupport",
            path: "Tests/PartnerRulesTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PartnerRulesTests",
            dependencies: ["PartnerRules", "PartnerRulesAudiencesCore", "CByteKernels", "PartnerRulesTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PartnerRulesAudiencesTests",
            dependencies: [
                "PartnerRules", "PartnerRulesAudiences", "PartnerRulesAudiencesCore", "PartnerRulesServer", "PartnerRulesTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BundleTests",
            dependencies: ["PartnerRules", "PartnerRulesSigning", "ByteIO", "PartnerRulesTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ByteIOTests", dependencies: ["ByteIO"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LanguageServerTests",
            dependencies: ["LanguageServerProtocol", "PartnerRulesLanguageServer", "PartnerRules", "PartnerRulesTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["PartnerRules", "PartnerRulesCommandLine", "PartnerRulesTestSupport"],
            resources: [.copy("Fixtures"), .copy("Golden")],
            swiftSettings: swiftSettings
        ),
    ]
)
