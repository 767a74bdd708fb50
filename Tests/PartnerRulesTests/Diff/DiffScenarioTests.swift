import Foundation
import Testing
@testable import PartnerRules

/// `partner-rules diff` on edits staff make (SPEC 20): each edit shows as the change it really is, with an example
/// whose answers before and after are the ones stated.
@Suite("Diff: what an edit changes")
struct DiffScenarioTests {
    static let before = """
        id: acme
        name: Acme
        media_sources: [acme_int]
        auth: credentials
        per_user: false
        credentials_mutable: true
        agency: true
        roles:
          all_of: [Viewer]
          any_of: [Admin, Owner]
        credentials:
          - {key: email, label: Email, kind: email}
          - {key: account, label: Account, kind: identifier, pattern: "[0-9]+", normalize: [remove_whitespace], help: The account number.}
        ad_types:
          unsupported: [CTV, {name: Playable, aliases: [playables]}]
        supersedes:
          - {media_source: acme_old, name: Old Acme, introduced: 2024-01-01, deprecated: 2025-06-30, duplicates: [performance]}
        """

    static let today = CalendarDate(year: 2026, month: 1, day: 15)

    /// The catalog of one partner file, built the one way catalogs are built.
    static func catalog(_ text: String) throws -> Catalog {
        try Baseline.report(files: [CatalogSourceFile(name: "acme.yaml", bytes: Array(text.utf8))], folder: "partners").catalog()
    }

    static func diff(_ old: String, _ new: String) throws -> PartnerChange {
        let edited = before.replacingOccurrences(of: old, with: new)
        #expect(edited != before, "the edit \(old) → \(new) did not apply")
        let diff = CatalogDiff(baseline: try catalog(before), current: try catalog(edited), today: today)
        return try #require(diff.partners.first { $0.partner == "acme" })
    }

    @Test(
        "each edit is the change it is, shown by a cell of the decision it changes",
        arguments: [
            ("all_of: [Viewer]", "all_of: [Viewer, Billing]", PartnerChange.Change.stricter, DiffCell.Decision.check, "missing_role"),
            ("any_of: [Admin, Owner]", "any_of: [Admin, Owner, Billing]", .looser, .check, "missing_role"),
            ("unsupported: [CTV,", "unsupported: [CTV, Rewarded,", .stricter, .classify, "ad"),
            ("unsupported: [CTV,", "unsupported: [", .looser, .classify, "ad"),
            ("credentials_mutable: true", "credentials_mutable: false", .stricter, .check, "credentials_immutable"),
            ("per_user: false", "per_user: true", .looser, .check, "duplicate_integration"),
            // Mixed, not only stricter: a request that gives the new key was refused before ("unknown key").
            ("  - {key: email,", "  - {key: pin, label: PIN, kind: password}\n  - {key: email,", .mixed, .check, "missing_credential"),
            ("pattern: \"[0-9]+\"", "pattern: \"[0-9]{6}\"", .stricter, .check, "invalid_credential"),
            ("deprecated: 2025-06-30", "deprecated: 2025-03-31", .stricter, .check, "deprecated_integration"),
            ("deprecated: 2025-06-30", "deprecated: 2025-09-30", .looser, .check, "deprecated_integration"),
        ])
    func edit(old: String, new: String, change: PartnerChange.Change, decision: DiffCell.Decision, shows: String) throws {
        let partner = try Self.diff(old, new)
        #expect(partner.change == change, "\(partner.summary)")
        let expected: DiffCell.Direction = change == .looser ? .looser : .stricter
        let cell = try #require(
            partner.cells.first { $0.decision == decision && $0.direction == expected }, "\(partner.cells.map(\.description))")
        switch (cell.before, cell.after) {
        case (.verdict(let before), .verdict(let after)):
            let codes = (before.errors + after.errors).map(\.code.rawValue)
            #expect(codes.contains(shows), "\(codes)")
        case (.row(let before), .row(let after)):
            #expect([before.level.rawValue, after.level.rawValue].contains(shows))
        default:
            Issue.record("unexpected answers")
        }
    }

    @Test("a role added to all_of is one decision, not one cell per request that shows it")
    func grouped() throws {
        let partner = try Self.diff("all_of: [Viewer]", "all_of: [Viewer, Billing]")
        #expect(partner.cells.count == 1, "\(partner.cells.map(\.description))")
        #expect((partner.cells.first?.count ?? 0) > 1)
    }

    @Test("an edit of help text, order or comments changes no answer, and says so")
    func noEffect() throws {
        let partner = try Self.diff("help: The account number.", "help: The number of the account as the dashboard shows it.")
        #expect(partner.change == .unchanged && partner.cells.isEmpty)
        let reordered = Self.before.replacingOccurrences(of: "any_of: [Admin, Owner]", with: "any_of: [Owner, Admin]") + "\n# a comment\n"
        let diff = CatalogDiff(baseline: try Self.catalog(Self.before), current: try Self.catalog(reordered), today: Self.today)
        #expect(diff.changed.isEmpty)
        #expect(diff.render(as: .text).contains(PartnerChange.noEffect))
        #expect(diff.render(as: .markdown).contains(PartnerChange.noEffect))
    }

    @Test("a data-availability setting changed is a cell of _catalog, with the timeline before and after")
    func settings() throws {
        func catalog(backfill: Int) throws -> Catalog {
            let settings = "data_availability:\n  backfill_days: \(backfill)\n"
            return try Baseline.report(
                files: [
                    CatalogSourceFile(name: "acme.yaml", bytes: Array(Self.before.utf8)),
                    CatalogSourceFile(name: "_catalog.yaml", bytes: Array(settings.utf8)),
                ], folder: "partners"
            ).catalog()
        }
        let diff = CatalogDiff(baseline: try catalog(backfill: 90), current: try catalog(backfill: 30), today: Self.today)
        let settings = try #require(diff.partners.first { $0.partner == CatalogDiff.settingsPartner })
        #expect(settings.change == .stricter)
        let cell = try #require(settings.cells.first)
        #expect(cell.decision == .availability && cell.description.contains("backfill_days 90 → 30"))
        guard case .availability(let before) = cell.before, case .availability(let after) = cell.after else {
            Issue.record("not timelines")
            return
        }
        #expect(before.backfillFrom == Self.today.adding(days: -90) && after.backfillFrom == Self.today.adding(days: -30))
        #expect(diff.partners.first { $0.partner == "acme" }?.change == .unchanged)
    }

    @Test("a partner added, removed or renamed is reported as such")
    func addedRemovedRenamed() throws {
        let old = try Self.catalog(Self.before)
        let other = Self.before.replacingOccurrences(of: "id: acme", with: "id: acme-two")
        let renamed = try Baseline.report(files: [CatalogSourceFile(name: "acme-two.yaml", bytes: Array(other.utf8))], folder: "partners").catalog()
        let diff = CatalogDiff(baseline: old, current: renamed, today: Self.today)
        #expect(diff.partners.first { $0.partner == "acme" }?.change == .renamed)
        #expect(diff.partners.first { $0.partner == "acme" }?.renamedTo == "acme-two")
        let empty = try Baseline.report(files: [], folder: "partners").catalog()
        #expect(CatalogDiff(baseline: old, current: empty, today: Self.today).partners.first?.change == .removed)
        #expect(CatalogDiff(baseline: empty, current: old, today: Self.today).partners.first?.change == .added)
        #expect(CatalogDiff(baseline: old, current: empty, today: Self.today).hasStricter)
    }

    @Test("every example, run again on both catalogs, gives the answers the cell states")
    func examplesAreExact() throws {
        let edits = [
            ("all_of: [Viewer]", "all_of: [Viewer, Billing]"), ("credentials_mutable: true", "credentials_mutable: false"),
            ("pattern: \"[0-9]+\"", "pattern: \"[0-9]{6}\""), ("unsupported: [CTV,", "unsupported: ["),
        ]
        for (old, new) in edits {
            let edited = Self.before.replacingOccurrences(of: old, with: new)
            let catalogs = (try Self.catalog(Self.before), try Self.catalog(edited))
            let diff = CatalogDiff(baseline: catalogs.0, current: catalogs.1, today: Self.today)
            for cell in diff.partners.flatMap(\.cells) {
                try DiffOracle.expectExact(cell, before: catalogs.0, after: catalogs.1)
            }
        }
    }

    @Test("the JSON names both revisions, and every cell its decision, example and answers")
    func json() throws {
        let edited = Self.before.replacingOccurrences(of: "all_of: [Viewer]", with: "all_of: [Viewer, Billing]")
        let diff = CatalogDiff(baseline: try Self.catalog(Self.before), current: try Self.catalog(edited), today: Self.today)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(diff.render(as: .json).utf8)) as? [String: Any])
        #expect((object["baseline"] as? String)?.hasPrefix("sha256:") == true)
        let partners = try #require(object["partners"] as? [[String: Any]])
        let cells = try #require(partners.first?["cells"] as? [[String: Any]])
        #expect(partners.first?["change"] as? String == "stricter")
        let keys = Set((cells.first ?? [:]).keys)
        #expect(keys.isSuperset(of: ["decision", "description", "example", "before", "after"]))
    }

    @Test("replayed integrations and rows count what flips; a line that does not read is named, not dropped")
    func replay() throws {
        let edited = Self.before.replacingOccurrences(of: "all_of: [Viewer]", with: "all_of: [Viewer, Billing]")
            .replacingOccurrences(of: "unsupported: [CTV,", with: "unsupported: [CTV, Rewarded,")
        let catalogs = (try Self.catalog(Self.before), try Self.catalog(edited))
        var diff = CatalogDiff(baseline: catalogs.0, current: catalogs.1, today: Self.today)
        let lines = [
            #"{"request": {"partner": "acme", "apps": ["com.acme.game"], "credentials": {"email": "a@acme.example", "account": "12"}, "roles": ["Viewer", "Admin"]}}"#,
            #"{"request": {"partner": "acme", "apps": ["com.acme.game"], "credentials": {"email": "a@acme.example", "account": "12"}, "roles": ["Viewer", "Admin", "Billing"]}}"#,
            #"{"request": {"partner": "acme", "#,
        ]
        let malformed = diff.replayIntegrations(
            Array(lines.joined(separator: "\n").utf8), file: "recorded.ndjson", baseline: catalogs.0, current: catalogs.1, today: Self.today)
        #expect(malformed.map(\.line) == [3])
        let integrations = try #require(diff.partners.first { $0.partner == "acme" }?.replay?.integrations)
        #expect(integrations.checked == 2 && integrations.flipped == 1 && integrations.examples.first?.line == 1)
        #expect(integrations.examples.first?.input.contains("a@acme.example") == true)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("diff-rows-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "app_id,media_source,date,ad_type\ncom.acme.game,acme_int,2026-01-01,rewarded\ncom.acme.game,acme_int,2026-01-01,banner\n"
            .write(toFile: folder, atomically: true, encoding: .utf8)
        #expect(diff.replayRows(path: folder, baseline: catalogs.0, current: catalogs.1).isEmpty)
        let rows = try #require(diff.partners.first { $0.partner == "acme" }?.replay?.rows)
        #expect(rows.checked == 2 && rows.flipped == 1 && rows.examples.first?.after == "ad")

        try "app_id,media_source,date,ad_type\ncom.acme.game,acme_int\n".write(toFile: folder, atomically: true, encoding: .utf8)
        #expect(diff.replayRows(path: folder, baseline: catalogs.0, current: catalogs.1).map(\.line) == [2])
    }

    @Test("secret credentials of a replayed request are masked in what the diff prints")
    func replayMasksSecrets() throws {
        let edited = Self.before.replacingOccurrences(of: "  - {key: email,", with: "  - {key: pin, label: PIN, kind: password}\n  - {key: email,")
        let catalogs = (try Self.catalog(edited), try Self.catalog(Self.before))
        var diff = CatalogDiff(baseline: catalogs.0, current: catalogs.1, today: Self.today)
        let line = #"{"request": {"partner": "acme", "apps": ["com.acme.game"], "credentials": {"pin": "hunter2-secret", "email": "a@acme.example", "account": "12"}, "roles": ["Viewer", "Admin"]}}"#
        _ = diff.replayIntegrations(Array(line.utf8), file: "recorded.ndjson", baseline: catalogs.0, current: catalogs.1, today: Self.today)
        let output = diff.render(as: .json) + diff.render(as: .text)
        #expect(!output.contains("hunter2-secret"))
        #expect(diff.partners.first { $0.partner == "acme" }?.replay?.integrations?.flipped == 1)
    }
}

/// Runs a cell's example again, on its own, through the engine's public answers: `check` for requests, `classify`
/// (a file through the real classifier) for rows.
enum DiffOracle {
    static func expectExact(_ cell: DiffCell, before: Catalog, after: Catalog, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        switch (cell.example, cell.before, cell.after) {
        case (.request(let body), .verdict(let stated0), .verdict(let stated1)):
            let today = try #require(body.today)
            let got0 = before.check(body.request, existing: body.existing, today: today)
            let got1 = after.check(body.request, existing: body.existing, today: today)
            #expect(got0 == stated0 && got1 == stated1, "\(cell.description)", sourceLocation: sourceLocation)
        case (.rows(let rows), .row(let stated0), .row(let stated1)):
            #expect(try classified(rows, before) == stated0.level && classified(rows, after) == stated1.level, "\(cell.description)", sourceLocation: sourceLocation)
        case (.created, .availability, .availability):
            break
        default:
            Issue.record("a cell whose example and answers do not match in kind: \(cell.description)", sourceLocation: sourceLocation)
        }
    }

    /// The level of the last row, as `classify --duplicates mark` writes it.
    static func classified(_ rows: [DiffRow], _ catalog: Catalog) throws -> DiffAnswer.Row.Level {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("diff-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.csv").path
        let output = directory.appendingPathComponent("out.csv").path
        try DiffExample.csv(rows).write(toFile: input, atomically: true, encoding: .utf8)
        try Classifier(rules: RowRules(catalog: catalog), duplicates: .mark).run(input: .file(input), output: .file(output), summarize: false)
        let last = try #require(try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").last)
        let fields = last.split(separator: ",", omittingEmptySubsequences: false)
        if fields.last == "true" { return .dropped }
        return fields[fields.count - 2] == "creative" ? .creative : .ad
    }
}
