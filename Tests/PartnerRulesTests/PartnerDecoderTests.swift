import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

@Suite("Partner decoder")
struct PartnerDecoderTests {
    private func lint(_ fixture: String) throws -> [Finding] {
        try CatalogLoader.lint(paths: [fixtures.path("bad/\(fixture)")]).findings
    }

    @Test(
        "schema mistakes get a finding at the right place with the fix",
        arguments: [
            ("unknown-key.yaml", "unknown-key", 6, 1, "unknown key 'credentails'; did you mean 'credentials'?"),
            ("per-user-yes.yaml", "type-mismatch", 6, 11, "'per_user' takes true or false, and 'yes' is neither; write true"),
            ("missing-key.yaml", "missing-key", 2, 1, "a partner file is missing the required key 'auth'; add 'auth: credentials' or 'auth: oauth'"),
            ("unknown-kind.yaml", "unknown-value", 9, 11, "'pasword' is not a valid kind; did you mean 'password'?"),
            ("both-ad-type-lists.yaml", "ad-types-choice", 8, 3, nil),
            ("bad-date.yaml", "invalid-value", 11, 17, "'2023-02-30' is not a day that exists: February 2023 has 28 days; write a day of the calendar as YYYY-MM-DD"),
            ("wrong-type-list.yaml", "type-mismatch", 4, 16, nil),
            ("bad-id.yaml", "invalid-value", 2, 5, "id 'Acme Ads' may use only lower-case letters, digits and '-'; write 'acme-ads' (the file name without .yaml)"),
            ("no-schema-comment.yaml", "schema-comment", 1, 1, nil),
        ] as [(String, String, Int, Int, String?)])
    func schemaMistakes(file: String, code: String, line: Int, column: Int, message: String?) throws {
        let findings = try lint(file)
        let finding = try #require(findings.first { $0.code.rawValue == code }, "\(findings)")
        #expect(finding.line == line && finding.column == column, "\(finding)")
        if let message { #expect(finding.message == message) }
        #expect(!finding.message.hasSuffix("."))
        #expect(finding.message.first?.isUppercase != true)
    }

    @Test("per_user: yes suggests true")
    func booleanSuggestion() throws {
        let finding = try #require(try lint("per-user-yes.yaml").first { $0.code == .typeMismatch })
        #expect(finding.suggestion == "true")
    }

    @Test("'no' in a string field is the string \"no\"")
    func noIsAString() throws {
        let text = """
            id: acme
            name: no
            media_sources: [acme_int]
            auth: oauth
            aliases: [yes, off]
            ad_types:
              unsupported: [no]
            """
        let (document, findings) = CatalogLoader.decodePartner(Array(text.utf8), file: "acme.yaml")
        #expect(findings.allSatisfy { $0.severity == .warning })
        #expect(document?.definition.name == "no")
        #expect(document?.definition.aliases == ["yes", "off"])
        #expect(document?.definition.adTypes == .unsupported([AdTypeName(name: "no")]))
    }

    @Test("the made-up partner decodes every key")
    func madeUpPartner() throws {
        let report = try CatalogLoader.lint(paths: [fixtures.path("made-up")])
        #expect(report.findings.isEmpty, "\(report.findings)")
        let definition = try #require(report.documents.first?.definition)
        #expect(definition.id == "zephyr-ads")
        #expect(definition.aliases == ["Zephyr", "Westwind"])
        #expect(definition.perUser && !definition.credentialsMutable && !definition.agency)
        #expect(definition.roles == RoleRequirement(allOf: ["Reporter"], anyOf: ["Owner", "Manager"]))
        #expect(definition.credentials.map(\.key) == ["login", "api_secret", "account_code"])
        #expect(definition.credentials[1].secret && !definition.credentials[0].secret)
        #expect(definition.credentials[1].minLength == 8 && definition.credentials[1].maxLength == 64)
        #expect(definition.credentials[2].normalize == [.removeWhitespace])
        #expect(definition.credentials[2].variants == [.uppercase, .lowercase])
        #expect(definition.credentials[2].fallback == CredentialFallback(key: "account_name", label: "Account name"))
        #expect(definition.partnerMetrics.credentials.first?.secret == true)
        #expect(definition.adTypes == .supported([AdTypeName(name: "Video"), AdTypeName(name: "Playable", aliases: ["interactive", "Mini/Game"])]))
        #expect(definition.supersedes.first?.deprecated == CalendarDate(year: 2025, month: 6, day: 30))
        #expect(definition.roi360.sameUser == .recommended)
        #expect(definition.audiences == AudienceEndpoint(identifiers: [.adid, .email], endpoint: "https://audiences.zephyr.example/af", apiKeyPattern: "[0-9a-f]{16,64}"))
        #expect(report.settings?.dataAvailability.backfillDays == 30)
        #expect(report.settings?.dataAvailability.dashboardRefreshUTC == "06:30")
    }

    @Test("a new partner is only a YAML file: the catalog answers for it")
    func madeUpCatalog() throws {
        let catalog = try CatalogLoader.load(directory: fixtures.path("made-up"))
        #expect(catalog.partner(named: "westwind")?.id == "zephyr-ads")
        #expect(catalog.partner(named: "ZEPHYR_LEGACY")?.id == "zephyr-ads")
        #expect(catalog.mediaSource("zephyr_legacy")?.source.superseded?.name == "[Legacy] Zephyr")
        let partner = try #require(catalog.partner(named: "Zephyr Ads"))
        #expect(partner.reachesCreativeLevel(adType: "mini / game"))
        #expect(partner.reachesCreativeLevel(adType: "INTERACTIVE"))
        #expect(partner.reachesCreativeLevel(adType: "play-able"))
        #expect(!partner.reachesCreativeLevel(adType: "banner"))
        #expect(!partner.reachesCreativeLevel(adType: ""))
    }

    @Test("every problem in a file is reported in one run")
    func reportsEverything() throws {
        let text = """
            id: acme
            name: Acme
            media_sources: [acme_int]
            auth: oath
            per_user: maybe
            agency: "true"
            credentials:
              - key: Token Value
                label: Token
                kind: tokn
            ad_types:
              unsupported: {}
            """
        let (_, findings) = CatalogLoader.decodePartner(Array(text.utf8), file: "acme.yaml")
        let places = findings.filter { $0.severity == .error }.map { "\($0.line):\($0.column) \($0.code.rawValue)" }
        #expect(places.sorted() == ["10:11 unknown-value", "12:16 type-mismatch", "4:7 unknown-value", "5:11 type-mismatch", "6:9 type-mismatch", "8:10 invalid-value"].sorted())
        #expect(findings.first { $0.line == 6 }?.message.contains("without quotes") == true)
    }

    @Test("unknown keys far from any known key get no wild guess")
    func noWildGuess() {
        let text = "id: acme\nname: Acme\nmedia_sources: [a]\nauth: oauth\nad_types: {unsupported: []}\nzzzzzz: 1\n"
        let (_, findings) = CatalogLoader.decodePartner(Array(text.utf8), file: "acme.yaml")
        let finding = findings.first { $0.code == .unknownKey }
        #expect(finding?.suggestion == nil)
        #expect(finding?.message.contains("did you mean") == false)
    }

    @Test("suggestions are the nearest plausible word")
    func suggestions() {
        #expect(Suggestions.nearest(to: "credentails", in: ["credentials", "roles"]) == "credentials")
        #expect(Suggestions.nearest(to: "per-user", in: ["per_user", "agency"]) == "per_user")
        #expect(Suggestions.nearest(to: "xyz", in: ["credentials", "roles"]) == nil)
        #expect(Suggestions.nearest(to: "", in: ["a"]) == nil)
    }

    @Test("normalizers rewrite values as documented")
    func normalizers() {
        #expect(Normalizer.trim.apply("  a b \n") == "a b")
        #expect(Normalizer.removeWhitespace.apply(" Acme  Games\t1 ") == "AcmeGames1")
        #expect(Normalizer.collapseWhitespace.apply("  a   b \t c ") == "a b c")
        #expect(Normalizer.uppercase.apply("acme") == "ACME")
        #expect(Normalizer.lowercase.apply("AcMe") == "acme")
    }

    @Test("dates exist or are refused")
    func dates() {
        #expect(CalendarDate("2024-02-29") != nil)
        #expect(CalendarDate("2023-02-29") == nil)
        #expect(CalendarDate("2024-13-01") == nil)
        #expect(CalendarDate("2024-1-01") == nil)
        #expect(CalendarDate("2024-03-31")?.description == "2024-03-31")
    }
}
