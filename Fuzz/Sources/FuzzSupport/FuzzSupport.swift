import Foundation
public import PartnerRules

/// Stops the run with `message` when `condition` is false: libFuzzer saves the input as a crash, and
/// `tools/fuzz` turns it into a regression fixture.
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    guard condition() else {
        FileHandle.standardError.write(Data("fuzz property broken: \(message())\n".utf8))
        abort()
    }
}

public enum Fuzz {
    /// The repository: from `PARTNER_RULES_ROOT` (tools/fuzz sets it) or this file's place.
    public static let root: String = {
        if let root = ProcessInfo.processInfo.environment["PARTNER_RULES_ROOT"], !root.isEmpty { return root }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// The repository's partner catalog, loaded once.
    public static let catalog: Catalog = {
        do { return try CatalogLoader.load(directory: root + "/partners") } catch {
            FileHandle.standardError.write(Data("cannot load \(root)/partners: \(error)\n".utf8))
            exit(2)
        }
    }()

    /// A folder of this process's own, emptied on request: for the code paths that read and write files.
    public static let scratch: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = "\(base)/partner-rules-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Fuzz.scratch) }
        return path
    }()

    /// Removes every file in ``scratch``.
    public static func clearScratch() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? [] {
            try? FileManager.default.removeItem(atPath: scratch + "/" + name)
        }
    }

    /// Whether `bytes` are one JSON value (Foundation's parser, independent of the library's own).
    public static func isJSON(_ bytes: [UInt8]) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil
    }

    /// The bytes of the fuzzer's input.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// A fixed day, so a run is repeatable.
    public static let today = CalendarDate(year: 2026, month: 6, day: 1)
}

extension Fuzz {
    /// Writes `bytes` to `path`, replacing it.
    public static func write(_ bytes: [UInt8], to path: String) {
        require(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "cannot write \(path)")
    }

    /// The bytes at `path`, empty when it cannot be read.
    public static func read(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { Array($0) } ?? []
    }

    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
