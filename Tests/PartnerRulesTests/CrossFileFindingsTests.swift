import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// SPEC 4a: a finding across files is reported in every file involved, each naming the others, so
/// whoever edited one of them sees it there.
@Suite("Cross-file findings are reported in every file involved")
struct CrossFileFindingsTests {
    static let header = "# yaml-language-server: $schema=../schemas/partner.schema.json\n"

    static func partner(_ id: String, _ source: String, _ extra: String = "") -> String {
        header + "id: \(id)\nname: Partner \(id)\nmedia_sources: [\(source)]\nauth: oauth\nad_types:\n  unsupported: []\n\(extra)\n"
    }

    static let cases: [(name: String, code: RuleCode, acme: String, beta: String)] = [
        ("media source listed twice", .duplicateMediaSource, partner("acme", "shared_int"), partner("beta", "shared_int")),
        ("alias of two partners", .aliasCollision, partner("acme", "acme_int", "aliases: [Classic]"), partner("beta", "beta_int", "aliases: [classic]")),
        ("alias naming another partner", .aliasCollision, partner("acme", "acme_int", "aliases: [Partner beta]"), partner("beta", "beta_int")),
        (
            "source superseded twice", .duplicateMediaSource,
            partner("acme", "acme_int", "supersedes:\n  - {media_source: old_int, name: Old}"),
            partner("beta", "beta_int", "supersedes:\n  - {media_source: old_int, name: Old}")
        ),
        (
            "superseded source still live", .supersededLiveSource, partner("acme", "acme_int", "supersedes:\n  - {media_source: beta_int, name: Old}"),
            partner("beta", "beta_int")
        ),
    ]

    @Test("each file gets the finding, naming the other file's place", arguments: cases.map(\.name))
    func everyFile(name: String) throws {
        let example = try #require(Self.cases.first { $0.name == name })
        let folder = try TemporaryDirectory(files: ["acme.yaml": example.acme, "beta.yaml": example.beta])
        defer { folder.cleanup() }
        let findings = try CatalogLoader.lint(paths: [folder.path]).findings.filter { $0.code == example.code }
        for (file, other) in [("acme.yaml", "beta.yaml"), ("beta.yaml", "acme.yaml")] {
            let here = findings.filter { $0.file.hasSuffix("/" + file) }
            #expect(!here.isEmpty, "\(name): nothing reported in \(file): \(findings)")
            for finding in here {
                #expect(finding.related.contains { $0.file.hasSuffix("/" + other) && $0.line > 1 }, "\(finding)")
                #expect(finding.message.contains("/\(other):"), "\(finding)")
            }
        }
        // Linted alone, each file still gets its finding (the folder is its context), and only its own.
        for file in ["acme.yaml", "beta.yaml"] {
            let alone = try CatalogLoader.lint(paths: [folder.file(file)]).findings
            #expect(alone.contains { $0.code == example.code }, "\(name): \(file) alone: \(alone)")
            #expect(alone.allSatisfy { $0.file == folder.file(file) })
        }
    }
}
