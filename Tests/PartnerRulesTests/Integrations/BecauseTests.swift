import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// SPEC 5a: every error and warning names the partner-file places that decided it, and the plan too. Checked on
/// every failing example of every request rule (the registry's own), so a new rule is held to it without a new test.
@Suite("check: because")
struct BecauseTests {
    /// The codes no partner fact decides: the request names no partner, or the apps break the engine's own form.
    static let decidedByTheRequestAlone: Set<RuleCode> = [.unknownPartner, .missingApps, .invalidApp]

    static let requestRules: [String] = Rules.request.map { "\($0)" }

    @Test("each issue points at a line of the partner file that holds its fact", arguments: requestRules)
    func issuesNameTheirFacts(rule name: String) throws {
        let rule = try #require(Rules.request.first { "\($0)" == name })
        for example in rule.examples.failing + rule.examples.passing {
            let (verdict, files) = try RuleRegistryTests.verdict(of: example)
            for issue in verdict.errors + verdict.warnings {
                if Self.decidedByTheRequestAlone.contains(issue.code) {
                    #expect(issue.because.isEmpty, "\(issue.code) names partner facts: \(issue.because)")
                    continue
                }
                #expect(!issue.because.isEmpty, "\(issue.code) at \(issue.path) names no partner fact")
                for place in issue.because {
                    let text = try #require(files[place.file], "\(issue.code) points at \(place.file), not a partner file")
                    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                    #expect(place.line >= 1 && place.line <= lines.count, "\(issue.code): \(place) is past the file's end")
                    guard place.line >= 1 && place.line <= lines.count else { continue }
                    let line = lines[place.line - 1]
                    #expect(place.column >= 1 && place.column <= line.count, "\(issue.code): \(place) is past its line's end")
                    let blank = line.dropFirst(place.column - 1).allSatisfy { $0.isWhitespace }
                    #expect(!blank, "\(issue.code): \(place) is a blank place")
                }
            }
        }
    }

    @Test("each fact named is the one that decided: the auth, a role, a supersession entry, credentials_mutable")
    func theRightFact() throws {
        let partner = """
            id: acme
            name: Acme
            media_sources: [acme_int]
            auth: oauth
            credentials_mutable: false
            roles:
              all_of: [Viewer, Analyst]
            agency: true
            per_user: false
            supersedes:
              - {media_source: acme_old, name: Acme Old, introduced: 2024-01-01, deprecated: 2024-02-01, duplicates: [performance]}
            ad_types:
              unsupported: []
            """
        let folder = try TemporaryDirectory(prefix: "because", files: ["acme.yaml": partner])
        defer { folder.cleanup() }
        let checker = IntegrationChecker(catalog: try CatalogLoader.load(directory: folder.path))
        func verdict(_ json: String) throws -> Verdict {
            checker.check(try IntegrationRequest.decode(json: Array(json.utf8)), today: try #require(CalendarDate("2024-03-01")))
        }
        func lines(_ issue: Verdict.Issue?) -> [Int] { issue?.because.map(\.line) ?? [-1] }

        let create = try verdict(#"{"partner": "acme", "apps": ["com.acme.game"], "roles": ["viewer"]}"#)
        #expect(lines(create.errors.first { $0.code == .oauthRequired }) == [4])
        #expect(lines(create.errors.first { $0.code == .missingRole }) == [7])
        #expect(create.errors.first { $0.code == .missingRole }?.because.first?.column == 20, "the Analyst entry, not the list")
        #expect(create.planBecause.isEmpty)

        let legacy = try verdict(#"{"partner": "acme_old", "apps": ["com.acme.game"], "oauth": {"granted": true}}"#)
        let deprecated = try #require(legacy.errors.first { $0.code == .deprecatedIntegration })
        #expect(deprecated.because.map(\.line) == [11])
        #expect(deprecated.because.first.map { partner.split(separator: "\n")[10].dropFirst($0.column - 1).hasPrefix("2024-02-01") } == true)

        let update = try verdict(#"{"operation": "update", "partner": "acme", "apps": ["com.acme.game"]}"#)
        #expect(update.plan == .deleteAndRecreate)
        #expect(update.planBecause.map(\.line) == [5])
        #expect(lines(update.errors.first { $0.code == .credentialsImmutable }) == [5])
        #expect(update.planBecause.first?.file == folder.path + "/acme.yaml")
    }

    @Test("the explanation tells each issue and the plan with the line that decided it, and never a secret")
    func explanation() throws {
        let place = SourcePlace(file: "partners/acme.yaml", location: SourceLocation(line: 5, column: 22))
        let verdict = Verdict(
            valid: false, partner: "acme", mediaSource: "acme_int", plan: .deleteAndRecreate, planBecause: [place],
            errors: [
                Verdict.Issue(code: .credentialsImmutable, path: "operation", message: "credentials cannot change", because: [place]),
                Verdict.Issue(code: .missingApps, path: "apps", message: "no apps are listed"),
            ],
            credentials: ["password": Verdict.mask])
        let text = VerdictExplanation.render(verdict) { $0.line == 5 ? "credentials_mutable: false   " : nil }
        #expect(
            text == """
                invalid: partner acme (acme_int)
                error credentials_immutable at operation: credentials cannot change
                  because partners/acme.yaml:5:22: credentials_mutable: false
                error missing_apps at apps: no apps are listed
                  because of the request alone: no partner fact is involved
                plan delete_and_recreate
                  because partners/acme.yaml:5:22: credentials_mutable: false

                """)
    }
}
