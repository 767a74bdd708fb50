public import Foundation

/// A fresh folder under the system's temporary folder; `cleanup()` removes it.
public struct TemporaryDirectory: Sendable {
    public let url: URL
    public var path: String { url.path }

    /// Creates the folder, named `prefix-UUID`.
    public init(prefix: String = "partner-rules-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Creates the folder and writes `files` (name → text) into it; names may contain `/`.
    public init(prefix: String = "partner-rules-test", files: [String: String]) throws {
        try self.init(prefix: prefix)
        for (name, text) in files { try write(name, text) }
    }

    /// The path of `name` inside the folder.
    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` (creating subfolders) and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    /// Writes `data` to `name` (creating subfolders) and returns its path.
    @discardableResult
    public func write(_ name: String, _ data: Data) throws -> String {
        let target = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: target)
        return target.path
    }

    public func read(_ name: String) throws -> String {
        try String(contentsOfFile: file(name), encoding: .utf8)
    }

    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }

    /// The names in the folder, sorted.
    public func contents() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: path).sorted()) ?? [] }

    public func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// Writes `files` (name → text) into a fresh temporary folder and returns its path; the caller removes it.
public func temporaryFolder(_ files: [String: String]) throws -> String {
    try TemporaryDirectory(prefix: "partner-rules", files: files).path
}
