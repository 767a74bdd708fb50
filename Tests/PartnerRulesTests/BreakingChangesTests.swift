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
        "each breaking edit is named at the place that now refuses, with the refused request",
        arguments: [
            ("{key: email, label: Email, kind: email}", "{key: login, label: Email, kind: email}", "credentials.login"),
            ("{key: region, label: Region, kind: text, required: false}", "{key: region, label: Region, kind: text}", "credentials.region"),
            ("partner_metrics:", "  - {key: pin, label: PIN, kind: password}\npartner_metrics:", "credentials.pin"),
            ("per_user: true", "per_user: false", "already integrated"),
            ("media_sources: [acme_int]", "media_sources: [acme_new_int]", "acme_int"),
            ("credentials_mutable: true", "credentials_mutable: false", "cannot be changed"),
            ("agency: true", "agency: false", "agencies cannot integrate"),
            ("auth: credentials", "auth: oauth", "log in with"),
            ("all_of: [Viewer]", "all_of: [Viewer, Billing]", "'Billing'"),
            ("any_of: [Admin, Owner]", "any_of: [Admin]", "one of the roles"),
            ("pattern: \"[0-9]+\"", "pattern: \"[0-9]{5,}\"", "expected form"),
            ("min_length: 4", "min_length: 5", "shorter than 5"),
            ("max_length: 12", "max_length: 11", "longer than 11"),
            ("deprecated: 2025-06-30", "deprecated: 2025-01-31", "since 2025-01-31"),
        ])
    func breakingEdit(old: String, new: String, message: String) throws {
        let findings = BreakingChanges.compare(
            baseline: try documents(Self.before), current: try documents(Self.before.replacingOccurrences(of: old, with: new)))
        #expect(findings.contains { $0.message.contains(message) && $0.code == .breakingChange && $0.severity == .warning }, "\(findings)")
        #expect(findings.allSatisfy { $0.line > 1 })
        // Each carries the request that shows it, as check reads it.
        for finding in findings {
            let example = try #require(finding.suggestion?.split(separator: ": ", maxSplits: 1).last)
            #expect((try? CheckBody.decode(json: Array(example.utf8))) != nil, "\(example)")
        }
    }

    /// These were breaking by category before; by SPEC 20's definition (a valid request becomes invalid or gets
    /// another plan) they are not: the first two change no answer, the rest add to an optional step only.
    @Test(
        "edits that refuse no valid request are not breaking",
        arguments: [
            ("pattern: \"[0-9]+\"", "pattern: \"[0-9]{4,}\""),
            ("pattern: \"[0-9]+\"", "pattern: \"[0-9]*\""),
            ("    - {key: report", "    - {key: token, label: Token, kind: token}\n    - {key: report"),
            ("required: false\n  credentials:", "required: true\n  credentials:"),
            ("{key: report, label: Report, kind: identifier, required: false}", "{key: report, label: Report, kind: identifier}"),
        ])
    func notBreaking(old: String, new: String) throws {
        let findings = BreakingChanges.compare(
            baseline: try documents(Self.before), current: try documents(Self.before.replacingOccurrences(of: old, with: new)))
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test("a role added to all_of is never answered with any_of: the advice names the migration")
    func adviceKeepsMeaning() throws {
        let findings = BreakingChanges.compare(
            baseline: try documents(Self.before),
            current: try documents(Self.before.replacingOccurrences(of: "all_of: [Viewer]", with: "all_of: [Viewer, Billing]")))
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { !$0.message.contains("any_of") && $0.message.contains("migration") }, "\(findings)")
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
