import Foundation
import Testing
@testable import PartnerRules

@Suite("Breaking changes against a baseline")
struct BreakingChangesTests {
    static let before = """
        id: acme
        name: Acme
        media_sources: [acme_int]
        auth: credentials
        per_user: true
        credentials:
          - {key: email, label: Email, kind: email}
          - {key: region, label: Region, kind: text, required: false}
        ad_types: {unsupported: []}
        """

    private func documents(_ text: String) throws -> [PartnerDocument] {
        let (document, findings) = CatalogLoader.decodePartner(Array(text.utf8), file: "acme.yaml")
        #expect(findings.allSatisfy { $0.severity == .warning }, "\(findings)")
        return [try #require(document)]
    }

    @Test("no change, no warning")
    func unchanged() throws {
        #expect(BreakingChanges.compare(baseline: try documents(Self.before), current: try documents(Self.before)).isEmpty)
    }

    @Test(
        "each breaking edit is named at the line to look at",
        arguments: [
            ("{key: email, label: Email, kind: email}", "{key: login, label: Email, kind: email}", "'email' was removed or renamed"),
            ("{key: region, label: Region, kind: text, required: false}", "{key: region, label: Region, kind: text}", "'region' became required"),
            ("ad_types: {unsupported: []}", "  - {key: pin, label: PIN, kind: password}\nad_types: {unsupported: []}", "new required credential 'pin'"),
            ("per_user: true", "per_user: false", "per_user changed to false"),
            ("media_sources: [acme_int]", "media_sources: [acme_new_int]", "media source 'acme_int' was removed"),
        ])
    func breakingEdit(old: String, new: String, message: String) throws {
        let findings = BreakingChanges.compare(
            baseline: try documents(Self.before), current: try documents(Self.before.replacingOccurrences(of: old, with: new)))
        #expect(findings.contains { $0.message.contains(message) && $0.code == .breakingChange && $0.severity == .warning }, "\(findings)")
        #expect(findings.allSatisfy { $0.line > 1 })
    }

    @Test("a removed partner is a warning unless its media sources live on elsewhere")
    func removedPartner() throws {
        let old = try documents(Self.before)
        #expect(BreakingChanges.compare(baseline: old, current: []).count == 1)
        let successor = Self.before.replacingOccurrences(of: "id: acme", with: "id: acme-two")
        let (moved, _) = CatalogLoader.decodePartner(Array(successor.utf8), file: "acme-two.yaml")
        #expect(BreakingChanges.compare(baseline: old, current: [try #require(moved)]).isEmpty)
    }
}
