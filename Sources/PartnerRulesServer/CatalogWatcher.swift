#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import ServiceLifecycle
import UnixSignals

/// `serve --watch`: looks at the catalog's files once a second and reloads when they changed.
///
/// Polling, not inotify: it works the same on Linux and macOS, sees a folder that is deleted and made again, a
/// file replaced by rename (as editors and `git checkout` save), and files on network mounts, and costs one
/// `stat` per file a second. What is compared is each `*.yaml` file's name, size, modification time and inode;
/// a change seen is reloaded once, and a change that leaves the files broken keeps the last good catalog
/// (``RulesServer/reload(trigger:)``) until the next change.
struct CatalogWatcher: Service, CustomStringConvertible {
    // swift-service-lifecycle logs its services by description: name them, never their members.
    var description: String { "CatalogWatcher" }

    let paths: [String]
    let interval: Duration
    let server: RulesServer

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var seen = Self.fingerprint(paths)
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                let now = Self.fingerprint(paths)
                guard now != seen else { continue }
                seen = now
                server.reload(trigger: "watch")
            }
        }
    }

    /// Name, size, modification time and inode of each path, and of each `*.yaml` file in each folder.
    static func fingerprint(_ paths: [String]) -> [String] {
        var result: [String] = []
        for path in paths {
            result.append(path + " " + describe(path))
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            for name in names {
                result.append(name + " " + describe(path + "/" + name))
            }
        }
        return result
    }

    private static func describe(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        #if canImport(Darwin)
            let modified = info.st_mtimespec
        #else
            let modified = info.st_mtim
        #endif
        return "\(info.st_size) \(modified.tv_sec).\(modified.tv_nsec) \(info.st_ino)"
    }
}

/// Reloads the catalog on every SIGHUP until the server stops.
struct HangupReloader: Service, CustomStringConvertible {
    var description: String { "HangupReloader" }

    let server: RulesServer

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            server.reload(trigger: "SIGHUP")
        }
    }
}
