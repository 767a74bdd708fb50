import Foundation
import PartnerRulesTestSupport
import Testing
import PartnerRules

/// A partner edit that changes the guide is a lint warning with the command that fixes it, never
/// a failing Swift test: adding a partner file stays a YAML-only change.
@Suite("guide-stale")
struct GuideFreshnessTests {
    /// A copy of the real partners folder, with `docs/partners.md` beside it holding `guide`.
    private func repository(guide: (String) -> String) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("partner-rules-guide-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: "\(root)/docs", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.partners, toPath: "\(root)/partners")
        try? FileManager.default.removeItem(atPath: "\(root)/partners/tests")
        let rendered = GuideRenderer.markdown(try CatalogLoader.load(directory: "\(root)/partners"))
        try Data(guide(rendered).utf8).write(to: URL(fileURLWithPath: "\(root)/docs/partners.md"))
        return root
    }

    @Test("a current guide gives no finding")
    func current() throws {
        let root = try repository { $0 }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let report = try CatalogLoader.lint(paths: ["\(root)/partners"])
        #expect(!report.findings.contains { $0.code == .guideStale })
    }

    @Test("a stale guide is a warning at the first line that differs, with the command that renews it")
    func stale() throws {
        let root = try repository { $0.replacingOccurrences(of: "## Partners", with: "## Partner list") }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let report = try CatalogLoader.lint(paths: ["\(root)/partners"])
        let finding = try #require(report.findings.first { $0.code == .guideStale })
        #expect(finding.severity == .warning)
        #expect(finding.file == "\(root)/docs/partners.md")
        let lines = try String(contentsOfFile: finding.file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[finding.line - 1] == "## Partner list")
        #expect(finding.message.contains("partner-rules guide --partners \(root)/partners --output \(root)/docs/partners.md"))
        #expect(report.errorCount == 0)
    }

    @Test("a new partner file makes the committed guide stale, and the named command renews it")
    func newPartner() throws {
        let root = try repository { $0 }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let file = """
            # yaml-language-server: $schema=../schemas/partner.schema.json
            id: zz-made-up
            name: ZZ Made Up
            media_sources: [zz_made_up_int]
            auth: oauth
            ad_types:
              unsupported: [Écran]
            """
        try Data(file.utf8).write(to: URL(fileURLWithPath: "\(root)/partners/zz-made-up.yaml"))
        let before = try CatalogLoader.lint(paths: ["\(root)/partners"])
        #expect(before.errorCount == 0, "\(before.findings)")
        #expect(before.findings.contains { $0.code == .guideStale })
        let rendered = GuideRenderer.markdown(try CatalogLoader.load(directory: "\(root)/partners"))
        try Data(rendered.utf8).write(to: URL(fileURLWithPath: "\(root)/docs/partners.md"))
        #expect(!(try CatalogLoader.lint(paths: ["\(root)/partners"])).findings.contains { $0.code == .guideStale })
    }

    @Test("no guide beside the folder, no finding")
    func absent() throws {
        let folder = try temporaryFolder(["acme.yaml": "# yaml-language-server: $schema=../schemas/partner.schema.json\n" + "id: acme\nname: Acme\nmedia_sources: [acme_int]\nauth: oauth\nad_types: {unsupported: []}\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CatalogLoader.lint(paths: [folder]).findings.isEmpty)
    }
}
