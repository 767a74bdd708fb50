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
        credentials_mutable: true
        agency: true
        roles:
          all_of: [Viewer]
          any_of: [Admin, Owner]
        credentials:
          - {key: email, label: Email, kind: email}
          - {key: region, label: Region, kind: text, required: false}
          - {key: account, label: Account, kind: identifier, pattern: "[0-9]+", min_length: 4, max_length: 12}
        partner_metrics:
          required: false
          credentials:
            - {key: report, label: Report, kind: identifier, required: false}
        ad_types: {unsupported: []}
        supersedes:
          - {media_source: acme_old, name: Old Acme, deprecated: 2025-06-30}
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
            ("partner_metrics:", "  - {key: pin, label: PIN, kind: password}\npartner_metrics:", "new required credential 'pin'"),
            ("    - {key: report", "    - {key: token, label: Token, kind: token}\n    - {key: report", "new required credential 'token'"),
            ("per_user: true", "per_user: false", "per_user changed to false"),
            ("media_sources: [acme_int]", "media_sources: [acme_new_int]", "media source 'acme_int' was removed"),
            ("credentials_mutable: true", "credentials_mutable: false", "credentials_mutable changed to false"),
            ("agency: true", "agency: false", "agency changed to false"),
            ("auth: credentials", "auth: oauth", "auth changed from credentials to oauth"),
            ("all_of: [Viewer]", "all_of: [Viewer, Billing]", "role 'Billing' was added to all_of"),
            ("any_of: [Admin, Owner]", "any_of: [Admin]", "any_of no longer accepts 'Owner'"),
            ("pattern: \"[0-9]+\"", "pattern: \"[0-9]{4,}\"", "the pattern of 'account' changed"),
            ("pattern: \"[0-9]+\"", "pattern: \"[0-9]*\"", "the pattern of 'account' changed"),
            ("min_length: 4", "min_length: 5", "min_length of 'account' went up to 5"),
            ("max_length: 12", "max_length: 11", "max_length of 'account' went down to 11"),
            ("deprecated: 2025-06-30", "deprecated: 2025-01-31", "moved from 2025-06-30 to 2025-01-31"),
            ("required: false\n  credentials:", "required: true\n  credentials:", "partner_metrics became required"),
            ("{key: report, label: Report, kind: identifier, required: false}", "{key: report, label: Report, kind: identifier}", "'report' became required"),
        ])
    func breakingEdit(old: String, new: String, message: String) throws {
        let findings = BreakingChanges.compare(
            baseline: try documents(Self.before), current: try documents(Self.before.replacingOccurrences(of: old, with: new)))
        #expect(findings.contains { $0.message.contains(message) && $0.code == .breakingChange && $0.severity == .warning }, "\(findings)")
        #expect(findings.allSatisfy { $0.line > 1 })
    }

    @Test("a removed partner is a warning; a renamed one (its media sources under another id) too, in the new file")
    func removedPartner() throws {
        let old = try documents(Self.before)
        #expect(BreakingChanges.compare(baseline: old, current: []).count == 1)
        let successor = Self.before.replacingOccurrences(of: "id: acme", with: "id: acme-two")
        let (moved, _) = CatalogLoader.decodePartner(Array(successor.utf8), file: "acme-two.yaml")
        let findings = BreakingChanges.compare(baseline: old, current: [try #require(moved)])
        #expect(findings.count == 1)
        #expect(findings.first?.file == "acme-two.yaml" && findings.first?.message.contains("renamed to 'acme-two'") == true, "\(findings)")
    }

    @Test("loosening changes are not breaking")
    func loosening() throws {
        for (old, new) in [
            ("min_length: 4", "min_length: 3"), ("max_length: 12", "max_length: 13"), ("any_of: [Admin, Owner]", "any_of: [Admin, Owner, Editor]"),
            ("deprecated: 2025-06-30", "deprecated: 2025-07-31"), ("per_user: true", "per_user: true\n"),
            ("credentials_mutable: true", "credentials_mutable: true"),
        ] {
            let findings = BreakingChanges.compare(
                baseline: try documents(Self.before), current: try documents(Self.before.replacingOccurrences(of: old, with: new)))
            #expect(findings.isEmpty, "\(old) → \(new): \(findings)")
        }
    }
}
