import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// SPEC 19's harm rules on the edits staff make: a look-alike letter in a media source, a copied help text, an
/// impossible date, a rejected example, and the fixes that come with them.
@Suite("Harm rules")
struct HarmRulesTests {
    static let header = "# yaml-language-server: $schema=../schemas/partner.schema.json\n"

    /// A credentials partner `id`, with `fields` as its form and `extra` lines at the end.
    static func partner(_ id: String, source: String? = nil, name: String? = nil, fields: String = "  - {key: token, label: Token, kind: token}", extra: String = "") -> String {
        """
        \(header)id: \(id)
        name: \(name ?? id.capitalized)
        media_sources: [\(source ?? "\(id)_int")]
        auth: credentials
        credentials:
        \(fields)
        ad_types:
          unsupported: []
        \(extra)
        """
    }

    /// Lints partner files given by name, as a folder.
    static func lint(_ files: [String: String]) throws -> [Finding] {
        let folder = try temporaryFolder(files)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try CatalogLoader.lint(paths: [folder]).findings.map { finding in
            var finding = finding
            finding.file = URL(fileURLWithPath: finding.file).lastPathComponent
            return finding
        }
    }

    // MARK: Identifiers

    @Test("a Cyrillic letter in a media source is an error whose fix, applied, lints clean")
    func lookalikeMediaSource() throws {
        let text = Self.partner("acme", source: "\u{0430}cme_int")
        let findings = try Self.lint(["acme.yaml": text])
        let finding = try #require(findings.first { $0.code == .mixedScript })
        #expect(finding.severity == .error)
        #expect(finding.message.contains("U+0430, Cyrillic") && finding.message.contains("'acme_int'"), "\(finding.message)")
        #expect((finding.line, finding.column) == (4, 17))
        let fix = try #require(finding.fix)
        #expect(fix.edits == [TextEdit(line: 4, column: 17, endLine: 4, endColumn: 18, text: "a")])
        let fixed = try #require(fix.applied(to: text))
        #expect(fixed.contains("media_sources: [acme_int]"))
        #expect(try Self.lint(["acme.yaml": fixed]).isEmpty)
    }

    @Test("look-alikes in ids, keys, aliases, roles and ad types are errors; in help and notes warnings", arguments: [
        ("id: acme", "id: \u{0430}cme", Severity.error),
        ("key: token", "key: t\u{043E}ken", .error),
        ("auth: credentials", "auth: credentials\naliases: [Acm\u{0435} Ads]", .error),
        ("auth: credentials", "auth: credentials\nroles: {any_of: [Adm\u{0456}n]}", .error),
        ("unsupported: []", "unsupported: [\u{0441}tv]", .error),
        ("label: Token", "label: T\u{043E}ken", .warning),
        ("auth: credentials", "auth: credentials\nsetup: {notes: ['Ask your Acm\u{0435} manager']}", .warning),
    ])
    func lookalikeSeverity(old: String, new: String, severity: Severity) throws {
        let text = Self.partner("acme").replacingOccurrences(of: old, with: new)
        let findings = try Self.lint(["acme.yaml": text])
        let finding = try #require(findings.first { $0.code == .mixedScript }, "\(findings)")
        #expect(finding.severity == severity)
        #expect(findings.filter { $0.code != .mixedScript }.isEmpty, "one finding, not two: \(findings)")
        if severity == .error {
            let fixed = try #require(finding.fix.flatMap { $0.applied(to: text) })
            #expect(try Self.lint(["acme.yaml": fixed]).isEmpty, "the fix leaves nothing behind")
        }
    }

    @Test("ids, media sources and credential keys are ASCII; a letter with no Latin twin gets no guessed fix")
    func asciiOnly() throws {
        let findings = try Self.lint(["acme.yaml": Self.partner("acme", source: "acm\u{00E9}_int")])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.code == .mixedScript && finding.severity == .error)
        #expect(finding.message.contains("'é' (U+00E9)") && finding.message.contains("ASCII"), "\(finding.message)")
        #expect(finding.fix == nil && finding.suggestion == nil)
    }

    // MARK: Copied text

    @Test("every text copied from another partner is reported, each at its own line, naming the field by its key")
    func everyCopiedText() throws {
        let moloco = Self.partner("moloco", name: "Moloco")
        let fields = """
              - {key: email, label: Email, kind: email, help: 'The email of your Moloco login'}
              - {key: token, label: Token, kind: token, help: 'Open the Moloco console and copy the token'}
            """
        let acme = Self.partner("acme", fields: fields, extra: "setup:\n  notes: [Ask Moloco support for access]\n")
        let findings = try Self.lint(["acme.yaml": acme, "moloco.yaml": moloco]).filter { $0.code == .namesOtherPartner }
        #expect(findings.count == 3, "\(findings)")
        #expect(Set(findings.map(\.line)).count == 3)
        #expect(findings.contains { $0.message.hasPrefix("'help' of credential field 'email' names 'Moloco'") }, "\(findings)")
        #expect(findings.contains { $0.message.hasPrefix("'help' of credential field 'token' names 'Moloco'") }, "\(findings)")
    }

    @Test("a help text copied from another partner names it, with both places")
    func copiedHelp() throws {
        let moloco = Self.partner("moloco", name: "Moloco")
        let acme = Self.partner("acme", fields: "  - {key: token, label: Token, kind: token, help: 'Open the Moloco console and copy the token'}")
        let findings = try Self.lint(["acme.yaml": acme, "moloco.yaml": moloco])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.code == .namesOtherPartner && finding.severity == .warning && finding.file == "acme.yaml")
        #expect(finding.message.contains("'Moloco', the display name of partner 'moloco'"), "\(finding.message)")
        #expect(finding.related.count == 1 && finding.related[0].file.hasSuffix("moloco.yaml") && finding.related[0].location.line == 3)
        // A partner that replaces the other's integration may name it.
        let replacing = acme + "supersedes:\n  - {media_source: old_moloco_int, name: Moloco}\n"
        #expect(try Self.lint(["acme.yaml": replacing, "moloco.yaml": moloco]).isEmpty)
    }

    @Test("names are matched as whole runs of words: shared first words, the shorter name first, text beyond ASCII")
    func copiedNamesOfSeveralWords() throws {
        // Two partners whose names start with the same word; only the one whose every word appears is named.
        let beta = Self.partner("beta", name: "Beta", extra: "aliases: [Beta Media Group]")
        let betamax = Self.partner("betamax", name: "Beta Max")
        func acme(_ help: String) -> String { Self.partner("acme", fields: "  - {key: token, label: Token, kind: token, help: '\(help)'}") }
        let files = ["beta.yaml": beta, "betamax.yaml": betamax]
        let media = try Self.lint(files.merging(["acme.yaml": acme("Ask Beta Media Group for it")]) { $1 }).filter { $0.file == "acme.yaml" }
        #expect(media.count == 1 && media[0].message.contains("'Beta', the display name of partner 'beta'"), "\(media)")
        let max = try Self.lint(files.merging(["acme.yaml": acme("From the beta max console")]) { $1 }).filter { $0.file == "acme.yaml" }
        #expect(max.count == 2 && max.contains { $0.message.contains("'Beta Max', the display name of partner 'betamax'") }, "\(max)")
        #expect(try Self.lint(files.merging(["acme.yaml": acme("Betamax tapes, Maxbeta and the Media Group")]) { $1 }).isEmpty)
        // Letters beyond ASCII are lower-cased as Unicode does before matching.
        let cafe = Self.partner("cafe", name: "Café Ads")
        let found = try Self.lint(["cafe.yaml": cafe, "acme.yaml": acme("Open the CAFÉ ADS console")]).filter { $0.file == "acme.yaml" }
        #expect(found.count == 1 && found[0].message.contains("'Café Ads'"), "\(found)")
    }

    @Test("the repository's partner files name no other partner")
    func repositoryHasNoCopies() throws {
        let findings = try CatalogLoader.lint(paths: [Repository.partners]).findings
        #expect(findings.filter { $0.code == .namesOtherPartner || $0.code == .mixedScript || $0.severity == .error }.isEmpty, "\(findings)")
    }

    // MARK: Dates

    @Test("a date that does not exist says why", arguments: [
        ("2024-02-30", "February 2024 has 29 days"),
        ("2023-02-29", "2023 is not a leap year: February 2023 has 28 days"),
        ("2024-13-01", "there is no month 13"),
        ("2024-04-31", "April 2024 has 30 days"),
        ("2024-00-10", "there is no month 0"),
    ])
    func impossibleDate(text: String, why: String) throws {
        #expect(CalendarDate(text) == nil)
        #expect(CalendarDate.whyNotADay(text) == why)
        let extra = "supersedes:\n  - {media_source: old_int, name: Old Acme, introduced: \(text)}"
        let findings = try Self.lint(["acme.yaml": Self.partner("acme", extra: extra)])
        let finding = try #require(findings.first)
        #expect(finding.code == .invalidValue && finding.message.contains(why), "\(finding.message)")
    }

    @Test("real days and text that is not a date give no reason")
    func realDays() {
        #expect(CalendarDate.whyNotADay("2024-02-29") == nil)
        #expect(CalendarDate.whyNotADay("2024-2-3") == nil)
        #expect(CalendarDate.whyNotADay("soon") == nil)
        #expect(CalendarDate.whyNotADay("2024-+1-01") == nil)
    }

    // MARK: Examples

    @Test("an example the field refuses names the step, in words", arguments: [
        ("min_length: 6, normalize: [remove_whitespace], examples: ['ab 12']",
         "'ab 12' is refused by the length limit: at least 6 characters after spaces are removed"),
        ("max_length: 4, examples: [abcde]", "'abcde' is refused by the length limit: at most 4 characters"),
        ("pattern: '^[0-9]+$', normalize: [trim], examples: [' 12a']", "' 12a' is refused by the pattern '^[0-9]+$' (it becomes '12a')"),
    ])
    func rejectedExample(keys: String, words: String) throws {
        let fields = "  - {key: account_id, label: Account ID, kind: identifier, \(keys)}"
        let findings = try Self.lint(["acme.yaml": Self.partner("acme", fields: fields)])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.code == .exampleRejected && finding.severity == .error)
        #expect(finding.message.contains(words), "\(finding.message)")
    }

    @Test("examples the field takes pass, and the form shows the first as placeholder")
    func acceptedExamples() throws {
        let fields = "  - {key: account_id, label: Account ID, kind: identifier, pattern: '^[A-Z0-9]{6}$', normalize: [remove_whitespace, uppercase], examples: ['ab 12 cd', XY9876]}"
        let text = Self.partner("acme", fields: fields)
        #expect(try Self.lint(["acme.yaml": text]).isEmpty)
        let folder = try temporaryFolder(["acme.yaml": text])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = try CatalogLoader.load(directory: folder)
        let partner = try #require(catalog.partner(named: "acme")).definition
        #expect(partner.credentials[0].examples == ["ab 12 cd", "XY9876"])
        let form = String(decoding: PartnerForm(partner).jsonBytes(), as: UTF8.self)
        #expect(form.contains(#""placeholder":"ab 12 cd""#), "\(form)")
    }

    @Test("partner-rules test runs each example through the check as a passing case that covers its field")
    func examplesAreCases() throws {
        let fields = """
              - {key: account_id, label: Account ID, kind: identifier, min_length: 6, normalize: [remove_whitespace], examples: ['ab 12 cd', XY9876]}
              - {key: token, label: Token, kind: token}
            """
        let folder = try temporaryFolder(["acme.yaml": Self.partner("acme", fields: fields)])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = try CatalogLoader.load(directory: folder)
        let results = PartnerTestRunner(catalog: catalog, today: CalendarDate(year: 2026, month: 1, day: 15)).runExamples()
        #expect(results.map(\.testCase.name) == ["example 1 of credential field 'account_id'", "example 2 of credential field 'account_id'"])
        #expect(results.allSatisfy { $0.passed })
        #expect(results.map(\.testCase.place.line) == [7, 7])
        let coverage = PartnerTestCoverage(catalog: catalog, results: results)
        #expect(coverage.partnersWithoutCases.isEmpty)
        let covered = coverage.facts.filter(\.covered).map(\.fact)
        #expect(covered == ["credential field 'account_id'"], "\(coverage.facts)")
    }

    // MARK: Secrets

    @Test("a secret-looking field is masked until secret: false comes with a reason")
    func maskedUntilReasoned() {
        #expect(CredentialField(key: "password", label: "Password", kind: .text, secret: false).isMasked)
        #expect(CredentialField(key: "account", label: "Auth Code", kind: .identifier, secret: false).isMasked)
        #expect(!CredentialField(key: "key_id", label: "Key ID", kind: .identifier, secret: false, notSecretBecause: "names the key").isMasked)
        #expect(CredentialField(key: "login", label: "Login", kind: .password, secret: false, notSecretBecause: "a test account").isMasked)
        #expect(!CredentialField(key: "account", label: "Account", kind: .text).isMasked)
    }
}
