import Foundation
@testable import PartnerRules
import Testing

/// One case of the table: a request (as JSON, the way a service sends it), the integrations
/// already active, and the codes and paths the verdict must carry, no more and no fewer.
struct CheckCase: CustomTestStringConvertible, Sendable {
    var name: String
    var request: String
    var existing: [ExistingIntegration] = []
    var today = CalendarDate.day("2024-01-15")
    var errors: [String] = []
    var warnings: [String] = []
    var plan: IntegrationPlan = .create

    var testDescription: String { name }

    /// Runs the case against a checker and compares `code@path` lists.
    func run(_ checker: IntegrationChecker) throws {
        let request = try IntegrationRequest.decode(json: Array(self.request.utf8))
        let verdict = checker.check(request, existing: existing, today: today)
        #expect(verdict.errors.map { "\($0.code.rawValue)@\($0.path)" } == errors, "\(name): \(verdict.errors)")
        #expect(verdict.warnings.map { "\($0.code.rawValue)@\($0.path)" } == warnings, "\(name): \(verdict.warnings)")
        #expect(verdict.valid == errors.isEmpty)
        #expect(verdict.plan == plan)
        for issue in verdict.errors + verdict.warnings {
            #expect(issue.message.first?.isLowercase == true, "\(issue.message)")
            #expect(!issue.message.hasSuffix("."), "\(issue.message)")
        }
    }
}

private let gizmoOK = #""email": " ana@acme.example ", "password": "longenough", "account_id": "acme games""#

private func gizmo(_ credentials: String = gizmoOK, _ rest: String = "") -> String {
    #"{"partner": "gizmo", "apps": ["com.acme.game", "id1234567890"], "user": "ana@acme.example", "credentials": {\#(credentials)}\#(rest)}"#
}

private func orbit(_ rest: String = #", "oauth": {"granted": true}"#, metrics: String = #""api_key": "k""#) -> String {
    #"{"partner": "Orbit", "apps": ["com.acme.game"], "user": "ana@acme.example", "partner_metrics": {\#(metrics)}\#(rest)}"#
}

let madeUpCases: [CheckCase] = [
    CheckCase(name: "valid credentials partner", request: gizmo()),
    CheckCase(name: "valid under the legacy source before its deprecation", request: gizmo().replacingOccurrences(of: #""gizmo""#, with: #""GIZMO_LEGACY_INT""#)),
    CheckCase(name: "valid oauth partner", request: orbit()),
    CheckCase(name: "unknown partner", request: #"{"partner": "gizmoo", "apps": ["com.acme.game"]}"#, errors: ["unknown_partner@partner"]),
    CheckCase(name: "no partner", request: #"{"apps": ["com.acme.game"]}"#, errors: ["unknown_partner@partner"]),
    CheckCase(name: "no apps", request: #"{"partner": "Gadget", "credentials": {\#(gizmoOK)}}"#, errors: ["missing_apps@apps"]),
    CheckCase(name: "empty apps", request: gizmo().replacingOccurrences(of: #"["com.acme.game", "id1234567890"]"#, with: "[]"), errors: ["missing_apps@apps"]),
    CheckCase(
        name: "bad and repeated apps",
        request: gizmo().replacingOccurrences(of: #"["com.acme.game", "id1234567890"]"#, with: #"["com.acme.game", "acme", "id12x", "1com.acme", "com..acme", "com.acme.game"]"#),
        errors: ["invalid_app@apps[1]", "invalid_app@apps[2]", "invalid_app@apps[3]", "invalid_app@apps[4]", "invalid_app@apps[5]"]),
    CheckCase(
        name: "missing credentials", request: gizmo(#""email": "ana@acme.example""#),
        errors: ["missing_credential@credentials.password", "missing_credential@credentials.account_id"]),
    CheckCase(name: "empty after normalization is missing", request: gizmo(#""email": "ana@acme.example", "password": "longenough", "account_id": "  ""#), errors: ["missing_credential@credentials.account_id"]),
    CheckCase(name: "fallback in place of primary", request: gizmo(#""email": "ana@acme.example", "password": "longenough", "account_title": "Acme Games""#)),
    CheckCase(
        name: "unknown credential with and without suggestion",
        request: gizmo(gizmoOK + #", "pasword": "x", "zzz": "y""#),
        errors: ["unknown_credential@credentials.pasword", "unknown_credential@credentials.zzz"]),
    CheckCase(
        name: "odd credential key gets a bracket path", request: gizmo(gizmoOK + #", "a key": "x""#),
        errors: [#"unknown_credential@credentials["a key"]"#]),
    CheckCase(
        name: "invalid email, short password, pattern, long token",
        request: gizmo(#""email": "ana at acme", "password": "short", "account_id": "acme-games!", "api_token": "\#(String(repeating: "t", count: 41))""#),
        errors: [
            "invalid_credential@credentials.email", "invalid_credential@credentials.password",
            "invalid_credential@credentials.account_id", "invalid_credential@credentials.api_token",
        ]),
    CheckCase(name: "partner metrics checked when given", request: gizmo(gizmoOK, #", "partner_metrics": {"report_key": "XYZ"}"#), errors: ["invalid_credential@partner_metrics.report_key"]),
    CheckCase(name: "partner metrics valid", request: gizmo(gizmoOK, #", "partner_metrics": {"report_key": "0123456789abcdef"}"#)),
    CheckCase(name: "empty partner metrics not given", request: gizmo(gizmoOK, #", "partner_metrics": {}"#)),
    CheckCase(name: "partner metrics unknown key", request: gizmo(gizmoOK, #", "partner_metrics": {"report_kee": "0123456789abcdef"}"#), errors: ["missing_credential@partner_metrics.report_key", "unknown_credential@partner_metrics.report_kee"]),
    CheckCase(name: "required partner metrics missing", request: orbit(metrics: ""), errors: ["missing_credential@partner_metrics.api_key"]),
    CheckCase(name: "oauth partner takes no credentials", request: #"{"partner": "orbit", "apps": ["com.acme.game"], "credentials": {"token": "x"}, "oauth": {"granted": true}, "partner_metrics": {"api_key": "k"}}"#, errors: ["unknown_credential@credentials.token"]),
    CheckCase(name: "oauth missing", request: orbit(""), errors: ["oauth_required@oauth"]),
    CheckCase(name: "oauth not granted", request: orbit(#", "oauth": {"granted": false}"#), errors: ["oauth_required@oauth.granted"]),
    CheckCase(name: "partial permissions", request: orbit(#", "oauth": {"granted": true, "full_permissions": false}"#), warnings: ["partial_permissions@oauth.full_permissions"]),
    CheckCase(name: "roles satisfied, any case", request: gizmo(gizmoOK, #", "roles": ["report viewer", "CAMPAIGN EDITOR"]"#)),
    CheckCase(name: "roles missing", request: gizmo(gizmoOK, #", "roles": ["Account Owner"]"#), errors: ["missing_role@roles"]),
    CheckCase(name: "no roles at all", request: gizmo(gizmoOK, #", "roles": []"#), errors: ["missing_role@roles", "missing_role@roles"]),
    CheckCase(name: "transparent agency", request: gizmo(gizmoOK, #", "agency": {"id": "blue", "transparent": true}"#)),
    CheckCase(name: "agency not transparent", request: gizmo(gizmoOK, #", "agency": {"id": "blue", "transparent": false}"#), errors: ["agency_not_transparent@agency.transparent"]),
    CheckCase(name: "agency not supported", request: orbit(#", "oauth": {"granted": true}, "agency": {"id": "blue", "transparent": true}"#), errors: ["agency_not_supported@agency"]),
    CheckCase(name: "update immutable", request: gizmo(gizmoOK, #", "operation": "update""#), errors: ["credentials_immutable@operation"], plan: .deleteAndRecreate),
    CheckCase(name: "update mutable", request: orbit(#", "oauth": {"granted": true}, "operation": "update""#), plan: .updateInPlace),
    CheckCase(name: "legacy source deprecated", request: gizmo().replacingOccurrences(of: #""gizmo""#, with: #""gizmo_legacy_int""#), today: .day("2024-06-30"), errors: ["deprecated_integration@partner"]),
    CheckCase(
        name: "direct duplicate for one app",
        request: gizmo(), existing: [ExistingIntegration(partner: "Gizmo Ads", apps: ["id1234567890"], user: "bo@acme.example")],
        errors: ["duplicate_integration@apps[1]"]),
    CheckCase(
        name: "agency integration is separate from direct",
        request: gizmo(gizmoOK, #", "agency": {"id": "blue", "transparent": true}"#),
        existing: [ExistingIntegration(mediaSource: "gizmo_int", apps: ["com.acme.game"])]),
    CheckCase(
        name: "same agency twice",
        request: gizmo(gizmoOK, #", "agency": {"id": "Blue", "transparent": true}"#),
        existing: [ExistingIntegration(mediaSource: "gizmo_int", apps: ["com.acme.game"], agency: "blue")],
        errors: ["duplicate_integration@apps[0]"]),
    CheckCase(
        name: "per-user partner: another user may connect",
        request: orbit(), existing: [ExistingIntegration(partner: "orbit", apps: ["com.acme.game"], user: "bo@acme.example")]),
    CheckCase(
        name: "per-user partner: same user twice",
        request: orbit(), existing: [ExistingIntegration(partner: "orbit", apps: ["com.acme.game"], user: "ANA@acme.example")],
        errors: ["duplicate_integration@apps[0]"]),
    CheckCase(
        name: "per-user partner: another media source of the partner is another integration",
        request: orbit().replacingOccurrences(of: #""Orbit""#, with: #""orbit_search_int""#),
        existing: [ExistingIntegration(partner: "orbit", apps: ["com.acme.game"], user: "ana@acme.example")]),
    CheckCase(
        name: "legacy integration is its own media source, and duplicates data",
        request: gizmo(), existing: [ExistingIntegration(mediaSource: "gizmo_legacy_int", apps: ["com.acme.game"])],
        warnings: ["legacy_duplication@apps[0]"]),
    CheckCase(
        name: "legacy integration while the new one is active",
        request: gizmo().replacingOccurrences(of: #""gizmo""#, with: #""gizmo_legacy_int""#),
        existing: [ExistingIntegration(mediaSource: "gizmo_int", apps: ["id1234567890"])],
        warnings: ["legacy_duplication@apps[1]"]),
    CheckCase(name: "updates are not duplicates", request: orbit(#", "oauth": {"granted": true}, "operation": "update""#), existing: [ExistingIntegration(partner: "orbit", apps: ["com.acme.game"], user: "ana@acme.example")], plan: .updateInPlace),
    CheckCase(name: "roi360 same user", request: gizmo(gizmoOK, #", "roi360": {"subscribed": true, "integrated_by": "Ana@Acme.Example"}"#)),
    CheckCase(name: "roi360 other user", request: gizmo(gizmoOK, #", "roi360": {"subscribed": true, "integrated_by": "bo@acme.example"}"#), warnings: ["roi360_user_mismatch@user"]),
    CheckCase(name: "roi360 other user, partner does not mind", request: orbit(#", "oauth": {"granted": true}, "roi360": {"integrated_by": "bo@acme.example"}"#)),
    CheckCase(name: "no roi360 subscription", request: gizmo(gizmoOK, #", "roi360": {"subscribed": false}"#), warnings: ["cost_data_requires_roi360@roi360.subscribed"]),
    CheckCase(name: "roi360 unknown: no warning", request: gizmo(gizmoOK, #", "roi360": null"#)),
]

@Suite("check: the made-up partners")
struct MadeUpPartnerCheckTests {
    @Test(arguments: madeUpCases)
    func table(_ testCase: CheckCase) throws {
        try testCase.run(MadeUpCatalog.checker)
    }

    @Test func everyCodeIsExercised() {
        let codes = Set(madeUpCases.flatMap { ($0.errors + $0.warnings).map { String($0.prefix { $0 != "@" }) } })
        #expect(codes == Set(RuleCode.allCases.filter { $0.family == .request }.map(\.rawValue)))
    }

    @Test func normalizedValuesCandidatesAndMasks() throws {
        let request = try IntegrationRequest.decode(json: Array(gizmo().utf8))
        let verdict = MadeUpCatalog.checker.check(request, today: .day("2024-01-01"))
        #expect(verdict.partner == "gizmo")
        #expect(verdict.mediaSource == "gizmo_int")
        #expect(verdict.credentials == ["email": "ana@acme.example", "password": "***", "account_id": "acmegames"])
        #expect(verdict.candidates == ["account_id": ["acmegames", "ACMEGAMES"]])
        #expect(verdict.adLevelOnly == .unsupported(["Playable", "CTV"]))
    }

    @Test func legacySourceIsTheVerdictsMediaSource() throws {
        let request = IntegrationRequest(partner: "gizmo_legacy_int", apps: ["com.acme.game"], credentials: ["email": "a@b.co", "password": "12345678", "account_id": "x"])
        let verdict = MadeUpCatalog.checker.check(request, today: .day("2024-01-01"))
        #expect(verdict.mediaSource == "gizmo_legacy_int")
        #expect(verdict.partner == "gizmo")
    }

    @Test func deprecationMessageNamesTheReplacement() throws {
        let request = IntegrationRequest(partner: "gizmo_legacy_int", apps: ["com.acme.game"], credentials: ["email": "a@b.co", "password": "12345678", "account_id": "x"])
        let verdict = MadeUpCatalog.catalog.check(request, existing: [], today: .day("2025-01-01"))
        let message = try #require(verdict.errors.first?.message)
        #expect(message.contains("gizmo_int") && message.contains("Gizmo Ads") && message.contains("2024-06-30"))
    }

    @Test func unknownPartnerSuggestsTheNearestName() {
        let verdict = MadeUpCatalog.checker.check(IntegrationRequest(partner: "Gadgett", apps: ["com.a.b"]), today: .day("2024-01-01"))
        #expect(verdict.errors.first?.message == "unknown partner 'Gadgett'; did you mean 'Gadget'?")
        #expect(verdict.partner == nil && verdict.adLevelOnly == nil)
    }

    @Test func checksFromManyTasksAgree() async throws {
        let requests = try madeUpCases.map { try IntegrationRequest.decode(json: Array($0.request.utf8)) }
        let checker = MadeUpCatalog.checker
        let expected = requests.map { checker.check($0, today: .day("2024-01-15")) }
        let results = await withTaskGroup(of: [Verdict].self) { group in
            for _ in 0..<8 {
                group.addTask { requests.map { checker.check($0, today: .day("2024-01-15")) } }
            }
            var all: [[Verdict]] = []
            for await result in group { all.append(result) }
            return all
        }
        for result in results { #expect(result == expected) }
    }
}
