public import Foundation

/// The repository this test build came from, found from this file's place so tests run from any folder.
///
/// Tests read the project's real inputs here (`partners/`, `schemas/`, `docs/`); their own inputs are
/// resources (see ``FixtureFolder``).
public enum Repository {
    /// The repository root: three levels above `Tests/PartnerRulesTestSupport/Repository.swift`.
    public static let rootURL: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The repository root as a path.
    public static var root: String { rootURL.path }

    /// A path inside the repository, e.g. `Repository.path("schemas/verdict.schema.json")`.
    public static func path(_ relative: String) -> String { rootURL.appendingPathComponent(relative).path }

    /// The real partner catalog.
    public static var partners: String { path("partners") }

    /// The JSON Schemas.
    public static var schemas: String { path("schemas") }

    /// The names of the `*.yaml` files directly in `partners/` (catalog settings included), sorted: what
    /// `lint partners` reads. Tests count these instead of pinning the size of the catalog.
    public static func partnerFileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: partners).filter { $0.hasSuffix(".yaml") }.sorted()
    }
}
