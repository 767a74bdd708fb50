public import Foundation

/// What the build that produced these tests put beside them: the `partner-rules` executable and the resource
/// bundles of the test targets.
///
/// SwiftPM writes every product of one build into one folder (`.build/debug`, `.build/release`, a custom
/// `--scratch-path`, a cross-compilation triple's folder), the test bundle among them. So the folder holding
/// the running test bundle is the folder to look in, whatever the configuration; nothing is hard-coded.
public enum BuiltProducts {
    /// The folders that may hold this build's products, most specific first: the folder of each loaded
    /// `.xctest` bundle (macOS), then the folder of the running test executable (Linux).
    public static let folders: [URL] = {
        var folders: [URL] = []
        func add(_ url: URL?) {
            guard let url else { return }
            let folder = url.resolvingSymlinksInPath().deletingLastPathComponent()
            if !folders.contains(folder) { folders.append(folder) }
        }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" { add(bundle.bundleURL) }
        add(Bundle.main.executableURL)
        if let first = CommandLine.arguments.first { add(URL(fileURLWithPath: first)) }
        return folders
    }()

    /// The executable product `name` (e.g. `partner-rules`) built beside the tests.
    public static func executable(_ name: String) throws -> URL {
        for folder in folders {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw ProcessRunner.Failure(
            "'\(name)' is not built beside the tests (looked in \(folders.map(\.path).joined(separator: ", "))); "
                + "build it with the same configuration: swift build --build-tests")
    }

    /// The resource bundle of another test target of this package (`PartnerRules_<target>`), for a fixture
    /// set that two targets share.
    public static func resourceBundle(package: String = "PartnerRules", target: String) throws -> URL {
        for folder in folders {
            for suffix in ["resources", "bundle"] {
                let candidate = folder.appendingPathComponent("\(package)_\(target).\(suffix)")
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            }
        }
        throw ProcessRunner.Failure("the resources of \(target) are not built beside the tests; run swift build --build-tests")
    }
}
