public import Foundation
public import Testing

/// A test target's `Fixtures` folder, copied into its resource bundle (`.copy("Fixtures")` in Package.swift).
public struct FixtureFolder: Sendable {
    /// The folder inside the built resource bundle.
    public let url: URL

    /// The folder `name` at the root of `bundle` (a test target's `Bundle.module`).
    public init(_ bundle: Bundle, _ name: String = "Fixtures") {
        url = bundle.resourceURL?.appendingPathComponent(name) ?? bundle.bundleURL.appendingPathComponent(name)
        precondition(FileManager.default.fileExists(atPath: url.path), "no \(name) in \(bundle.bundlePath)")
    }

    /// The folder `name` inside a bundle found at `bundleURL` (see ``BuiltProducts/resourceBundle(package:target:)``).
    public init(bundleURL: URL, _ name: String = "Fixtures") {
        self.init(Bundle(url: bundleURL) ?? Bundle.main, name)
    }

    public func url(_ name: String) -> URL { url.appendingPathComponent(name) }
    public func path(_ name: String) -> String { url(name).path }
    public func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }
    public func text(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }

    /// The names in the subfolder `name` (the whole folder for ""), sorted.
    public func names(in name: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: name.isEmpty ? url.path : path(name)).sorted()
    }
}

/// Golden files: read from the built resources, compared byte for byte; `UPDATE_GOLDEN=1` rewrites the copy in
/// the source tree instead (rebuild before comparing again).
public struct GoldenFolder: Sendable {
    public let bundled: FixtureFolder
    /// The same folder in the source tree, e.g. `Tests/CLITests/Golden`.
    public let source: URL

    public init(_ bundle: Bundle, _ name: String = "Golden", source relative: String) {
        bundled = FixtureFolder(bundle, name)
        source = Repository.rootURL.appendingPathComponent(relative)
    }

    public static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    public func path(_ name: String) -> String { bundled.path(name) }
    public func data(_ name: String) throws -> Data { try bundled.data(name) }

    /// Expects `output` to equal the golden file `name` byte for byte.
    public func expect(_ output: Data, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if Self.updating {
            try output.write(to: source.appendingPathComponent(name))
            return
        }
        let expected = try bundled.data(name)
        #expect(
            output == expected,
            "output differs from \(source.lastPathComponent)/\(name):\n\(String(decoding: output, as: UTF8.self))\nrun with UPDATE_GOLDEN=1 to accept",
            sourceLocation: sourceLocation)
    }

    public func expect(_ output: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try expect(Data(output.utf8), name, sourceLocation: sourceLocation)
    }
}
