import Foundation
@testable import PartnerRules

/// Paths inside the repository, found from this file's place so tests run from any folder.
enum Repository {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var partners: String { "\(root)/partners" }
    static var schemas: String { "\(root)/schemas" }
    static func fixture(_ name: String) -> String { "\(root)/Tests/PartnerRulesTests/Fixtures/\(name)" }
}

/// Writes files into a fresh temporary folder and returns its path.
func temporaryFolder(_ files: [String: String]) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("partner-rules-\(UUID().uuidString)")
    for (name, text) in files {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    return folder.path
}

/// Composes YAML text, returning the error when it fails.
func composeError(_ text: String, limits: YAMLLimits = .default) -> YAMLError? {
    do {
        _ = try YAMLComposer.compose(Array(text.utf8), limits: limits)
        return nil
    } catch {
        return error
    }
}
