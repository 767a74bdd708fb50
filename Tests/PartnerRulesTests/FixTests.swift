import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// Issue 22's slips, each answered by the slip in words and a fix proven by linting the edited copy again, and
/// `lint --fix`'s writing: atomic, never into a changed file.
@Suite("Fixes: slips named in words, proven edits, and lint --fix")
struct FixTests {
    /// A copy of the repository's catalog, with `remerge.yaml`'s `old` text replaced by `new`.
    private func catalog(replacing old: String, with new: String) throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory(prefix: "fixes")
        for name in try Repository.partnerFileNames() {
            var text = try String(contentsOfFile: Repository.path("partners/\(name)"), encoding: .utf8)
            if name == "remerge.yaml" {
                #expect(text.contains(old), "remerge.yaml no longer has '\(old)'")
                text = text.replacingOccurrences(of: old, with: new)
            }
            try folder.write(name, text)
        }
        return folder
    }

    /// The one finding lint has for the edited `remerge.yaml`, after checking that its fix repairs the file.
    private func finding(replacing old: String, with new: String) throws -> Finding {
        let folder = try catalog(replacing: old, with: new)
        defer { folder.cleanup() }
        let findings = try CatalogLoader.lint(paths: [folder.file("remerge.yaml")]).findings
        let finding = try #require(findings.first, "no finding")
        #expect(findings.count == 1, "\(findings)")
        let fix = try #require(finding.fix, "no fix for: \(finding.message)")
        let bytes = try [UInt8](Data(contentsOf: folder.url.appendingPathComponent("remerge.yaml")))
        let repaired = try #require(fix.applied(to: bytes))
        let context = try CatalogLoader.lint(paths: [folder.path]).documents
        #expect(FixProver.lint(repaired, as: folder.file("remerge.yaml"), context: context).isEmpty)
        return finding
    }

    @Test("an item under 'any_of: []' names the '[]' and removes it, columns 10 to 12 of its line")
    func itemUnderEmptyList() throws {
        let finding = try finding(replacing: "  any_of: []\n", with: "  any_of: []\n    - Admin\n")
        #expect(finding.message.contains("already gives 'any_of' the empty list '[]'"), "\(finding.message)")
        #expect(finding.fix?.edits == [TextEdit(line: 12, column: 10, endLine: 12, endColumn: 13, text: "")])
        #expect(finding.fix?.description == "remove '[]' from line 12, so the items below are the list")
    }

    @Test("an item under 'notes: []' at the key's own indentation is answered the same way")
    func itemUnderNotesAtKeyIndent() throws {
        let finding = try finding(replacing: "  notes: []\n", with: "  notes: []\n  - Ask for the login by email.\n")
        #expect(finding.message.contains("'notes' the empty list '[]'"), "\(finding.message)")
    }

    @Test("a missing '- ' is named as the missing dash, never as a key to write")
    func missingDash() throws {
        let finding = try finding(replacing: "    - The email", with: "    - Ask for the login.\n    The email")
        #expect(finding.message.hasPrefix("the '-' that starts a list item is missing"), "\(finding.message)")
        #expect(!finding.message.contains("The: email"))
    }

    @Test("a quote left open inside a one-line list is closed there, not answered 'end the list with ]'")
    func quoteInFlowList() throws {
        let finding = try finding(replacing: "aliases: []", with: "aliases: ['Remerge Ads, Remerge]")
        #expect(finding.message.contains("is never closed"), "\(finding.message)")
        #expect(!finding.message.contains("end the list"))
        // Closed where its item ends, so the list keeps its two items (not one alias 'Remerge Ads, Remerge').
        let edits = try #require(finding.fix?.edits, "\(finding)")
        #expect(edits == [TextEdit(line: finding.line, column: 23, endLine: finding.line, endColumn: 23, text: "'")], "\(edits)")
    }

    @Test("a lost dash that joins the item above is a warning whose fix restores the dash")
    func joinedItem() throws {
        let finding = try finding(replacing: "    - The email", with: "    - Ask for the login.\n      The email")
        #expect(finding.code == .joinedListItem && finding.severity == .warning)
        #expect(finding.fix?.description == "put '- ' at the start of the item on line 33")
    }

    @Test("a dash without its space, a tab, an indent one too deep and one too shallow each get a proven fix")
    func otherSlips() throws {
        #expect(try finding(replacing: "    - The email", with: "    -The email").fix != nil)
        #expect(try finding(replacing: "    label: Password", with: "\tlabel: Password").code == .yamlTab)
        #expect(try finding(replacing: "    label: Password", with: "     label: Password").message.contains("indent it 4 spaces"))
        #expect(try finding(replacing: "    label: Password", with: "   label: Password").message.contains("indent it 4 spaces"))
    }

    @Test("a fix that would leave an error is not shown, and the message offers no guess")
    func unprovenFixDropped() throws {
        // Closing the list on its line would make 'per_user' a list, which it must not be: no fix survives the proof,
        // and the message says what is wrong without proposing the line that failed.
        let folder = try catalog(replacing: "per_user: false", with: "per_user: [false")
        defer { folder.cleanup() }
        let findings = try CatalogLoader.lint(paths: [folder.file("remerge.yaml")]).findings
        #expect(!findings.isEmpty && findings.allSatisfy { $0.fix == nil }, "\(findings)")
        let slip = try #require(findings.first { $0.code == .yamlSyntax })
        #expect(!slip.message.contains("per_user: [false]"), "\(slip.message)")
    }

    @Test("a fix that lets a file be read again is proven though the file then shows errors the slip had hidden")
    func revealedErrorsDoNotBlockAFix() throws {
        // Closing the list is the repair; that 'Google Ads' then names another partner is the edit's own problem,
        // reported in its own right once the file can be read.
        let folder = try catalog(replacing: "aliases: []", with: "aliases: [Remerge, Google Ads")
        defer { folder.cleanup() }
        let file = folder.file("remerge.yaml")
        let slip = try #require(try CatalogLoader.lint(paths: [file]).findings.first { $0.code == .yamlSyntax })
        let fix = try #require(slip.fix, "\(slip)")
        let fixed = try #require(fix.applied(to: Array(try Data(contentsOf: URL(fileURLWithPath: file)))))
        try Data(fixed).write(to: URL(fileURLWithPath: file))
        let after = try CatalogLoader.lint(paths: [file]).findings
        #expect(!after.contains { $0.code.isYAML }, "\(after)")
        #expect(after.contains { $0.code == .aliasCollision && $0.severity == .error }, "\(after)")
    }

    @Test("--fix writes the proven fixes atomically and leaves the file clean, with no temporary file behind")
    func fixWrites() throws {
        let folder = try catalog(replacing: "  any_of: []\n", with: "  any_of: []\n    - Admin\n")
        defer { folder.cleanup() }
        let before = folder.contents()
        let report = try CatalogLoader.lint(paths: [folder.path])
        let outcomes = FixApplier.apply(report)
        #expect(outcomes.map(\.file) == [folder.file("remerge.yaml")])
        #expect(outcomes.allSatisfy { $0.refused == nil && $0.applied.count == 1 })
        #expect(try folder.read("remerge.yaml").contains("  any_of:\n    - Admin\n"))
        #expect(try CatalogLoader.lint(paths: [folder.path]).errorCount == 0)
        #expect(folder.contents() == before)
    }

    @Test("--fix refuses a file that changed since it was linted, and one gone, leaving both as they are")
    func fixRefusesChangedFiles() throws {
        let folder = try catalog(replacing: "  any_of: []\n", with: "  any_of: []\n    - Admin\n")
        defer { folder.cleanup() }
        let report = try CatalogLoader.lint(paths: [folder.path])
        let changed = try folder.read("remerge.yaml") + "# edited meanwhile\n"
        try folder.write("remerge.yaml", changed)
        let outcome = try #require(FixApplier.apply(report).first)
        #expect(outcome.refused?.contains("changed since it was checked") == true && outcome.applied.isEmpty)
        #expect(try folder.read("remerge.yaml") == changed)
        try FileManager.default.removeItem(atPath: folder.file("remerge.yaml"))
        #expect(FixApplier.apply(report).first?.refused?.contains("cannot be read again") == true)
        #expect(!folder.exists("remerge.yaml"))
    }

    @Test("--fix reports a file it cannot write and leaves it whole", .enabled(if: getuid() != 0, "root writes anywhere"))
    func fixReportsUnwritable() throws {
        let folder = try catalog(replacing: "  any_of: []\n", with: "  any_of: []\n    - Admin\n")
        defer {
            chmod(folder.path, 0o755)
            folder.cleanup()
        }
        let report = try CatalogLoader.lint(paths: [folder.path])
        let text = try folder.read("remerge.yaml")
        chmod(folder.path, 0o555)
        let outcome = try #require(FixApplier.apply(report).first)
        #expect(outcome.refused?.contains("cannot be written") == true)
        #expect(try folder.read("remerge.yaml") == text)
    }
}
