import Foundation
import PartnerRules
import PartnerRulesTestSupport
import Testing

/// What the seed document says about each partner it names, as far as `check` is concerned; the
/// media sources, credential keys and roles are SPEC section 3's contract. The catalog may hold
/// more partners: these are asserted by name, never counted.
struct SeedPartner: CustomTestStringConvertible, Sendable {
    var name: String
    var mediaSource: String
    var credentials: [String] = []
    var fallbacks: [String: String] = [:]
    var emailKeys: [String] = []
    var metrics: [String] = []
    var metricsRequired = false
    var oauth = false
    var allOf: [String] = []
    var anyOf: [String] = []
    var perUser = false
    var mutable = false
    var sameUser = false
    var legacy: (source: String, deprecated: String)? = nil
    /// Ad types reported at ad level only (`unsupported`), or the only ones per creative (`supported`).
    var adLevelOnly: AdLevelOnly = .unsupported([])

    var testDescription: String { name }
}

let seedPartners: [SeedPartner] = [
    SeedPartner(name: "Adikteev", mediaSource: "trademob_int", credentials: ["email", "password"], emailKeys: ["email"], sameUser: true),
    SeedPartner(name: "Adjoe GmbH", mediaSource: "adjoe_int", credentials: ["token"]),
    SeedPartner(name: "AppLovin", mediaSource: "applovin_int", metrics: ["api_key"], metricsRequired: true, oauth: true, mutable: true),
    SeedPartner(
        name: "Google Ads (AdWords)", mediaSource: "googleadwords_int", oauth: true, perUser: true, mutable: true, sameUser: true,
        adLevelOnly: .supported(["ACi", "ACe", "ACpre"])),
    SeedPartner(
        name: "ironSource", mediaSource: "ironsource_int", credentials: ["secret_key", "refresh_token"],
        anyOf: ["Administrator", "Contributor"], adLevelOnly: .unsupported(["Offerwall"])),
    SeedPartner(name: "Liftoff", mediaSource: "liftoff_int", credentials: ["username", "password"]),
    SeedPartner(name: "Meta Ads", mediaSource: "Facebook Ads", oauth: true, perUser: true, mutable: true, adLevelOnly: .unsupported(["Catalog"])),
    SeedPartner(
        name: "Moloco", mediaSource: "moloco_int", credentials: ["email", "password", "workplace_id"],
        fallbacks: ["workplace_id": "workplace_title"], emailKeys: ["email"], anyOf: ["Workplace Owner", "Ad Account Owner"],
        adLevelOnly: .unsupported(["CTV"])),
    SeedPartner(name: "Reddit", mediaSource: "reddit_int", oauth: true, anyOf: ["Creator", "Admin"]),
    SeedPartner(name: "Remerge", mediaSource: "remerge_int", credentials: ["email", "password"], emailKeys: ["email"]),
    SeedPartner(name: "Smadex", mediaSource: "smadex_int", credentials: ["password"]),
    SeedPartner(name: "Snapchat", mediaSource: "snapchat_int", oauth: true, perUser: true, adLevelOnly: .unsupported(["Collection Ads"])),
    SeedPartner(
        name: "TikTok", mediaSource: "tiktokglobal_int", oauth: true, perUser: true, mutable: true,
        legacy: ("bytedanceglobal_int", "2024-03-31"), adLevelOnly: .unsupported(["Collection Ads", "Shopping Ads"])),
    SeedPartner(
        name: "Unity Ads", mediaSource: "unityads_int", credentials: ["key_id", "secret_key", "organization_core_id"],
        metrics: ["api_key"], allOf: ["Advertisers API Stats Viewer"],
        anyOf: ["Advertise API Admin", "Advertise API Viewer", "Advertise API Creative Packs Editor"]),
    SeedPartner(name: "YouAppi", mediaSource: "youappi_int", credentials: ["token"]),
]

/// The catalog in `partners/`, loaded once.
enum SeedCatalog {
    static let catalog: Catalog = {
        do {
            return try CatalogLoader.load(directory: Repository.partners)
        } catch {
            preconditionFailure("partners/ does not load: \(error)")
        }
    }()
    static let checker = IntegrationChecker(catalog: catalog)
}

extension SeedPartner {
    static let today = CalendarDate.day("2024-05-01")

    /// A request the seed says is fine: every credential, a granted login, the roles, the apps.
    var validRequest: IntegrationRequest {
        var credentials: [String: String] = [:]
        for key in self.credentials { credentials[key] = emailKeys.contains(key) ? "ana@acme.example" : "value-of-\(key)" }
        var metrics: [String: String]? = nil
        if !self.metrics.isEmpty { metrics = Dictionary(uniqueKeysWithValues: self.metrics.map { ($0, "value-of-\($0)") }) }
        return IntegrationRequest(
            partner: name, apps: ["com.acme.game", "id1234567890"], user: "ana@acme.example", credentials: credentials,
            oauth: oauth ? OAuthGrant(granted: true, fullPermissions: true) : nil, partnerMetrics: metrics,
            roles: allOf + anyOf.prefix(1), roi360: ROI360Status(subscribed: true, integratedBy: "ana@acme.example"))
    }

    /// One failing request per rule this partner switches on, each with the one code it must give.
    var failingRequests: [(String, IntegrationRequest, [ExistingIntegration], String)] {
        var cases: [(String, IntegrationRequest, [ExistingIntegration], String)] = []
        func add(_ what: String, _ code: String, existing: [ExistingIntegration] = [], _ change: (inout IntegrationRequest) -> Void) {
            var request = validRequest
            change(&request)
            cases.append((what, request, existing, code))
        }
        add("misspelt name", "unknown_partner@partner") { $0.partner = name + "x" }
        add("no apps", "missing_apps@apps") { $0.apps = [] }
        add("bad app", "invalid_app@apps[1]") { $0.apps[1] = "Acme Game" }
        add("repeated app", "invalid_app@apps[1]") { $0.apps[1] = $0.apps[0] }
        for key in credentials {
            add("no \(key)", "missing_credential@credentials.\(key)") { $0.credentials[key] = nil }
            add("empty \(key)", "missing_credential@credentials.\(key)") { $0.credentials[key] = "" }
        }
        for (key, fallback) in fallbacks.sorted(by: { $0.key < $1.key }) {
            add("\(fallback) in place of \(key)", "") {
                $0.credentials[key] = nil
                $0.credentials[fallback] = "Acme Games"
            }
        }
        for key in emailKeys {
            add("\(key) not an email", "invalid_credential@credentials.\(key)") { $0.credentials[key] = "ana at acme" }
        }
        if let key = credentials.first {
            add("misspelt \(key)", "unknown_credential@credentials.\(key)x") { $0.credentials[key + "x"] = "v" }
        } else {
            add("credentials for a login partner", "unknown_credential@credentials.password") { $0.credentials["password"] = "v" }
        }
        if let key = metrics.first {
            add("misspelt metrics key", "unknown_credential@partner_metrics.\(key)x") { $0.partnerMetrics?["\(key)x"] = "v" }
            if metricsRequired {
                add("no partner metrics", "missing_credential@partner_metrics.\(key)") { $0.partnerMetrics = nil }
            } else {
                add("partner metrics left out", "") { $0.partnerMetrics = nil }
            }
        } else {
            add("partner metrics it does not take", "unknown_credential@partner_metrics.api_key") { $0.partnerMetrics = ["api_key": "v"] }
        }
        if oauth {
            add("no login", "oauth_required@oauth") { $0.oauth = nil }
            add("login refused", "oauth_required@oauth.granted") { $0.oauth?.granted = false }
            add("some permissions", "partial_permissions@oauth.full_permissions") { $0.oauth?.fullPermissions = false }
        }
        for role in allOf {
            add("without \(role)", "missing_role@roles") { $0.roles?.removeAll { $0 == role } }
        }
        if !anyOf.isEmpty {
            add("none of the any-of roles", "missing_role@roles") { $0.roles = allOf + ["Viewer"] }
            add("any-of role in other case", "") { $0.roles = allOf.map { $0.uppercased() } + [anyOf[anyOf.count - 1].lowercased()] }
        }
        if allOf.isEmpty && anyOf.isEmpty {
            add("roles it does not ask for", "") { $0.roles = [] }
        }
        add("opaque agency", "agency_not_transparent@agency.transparent") { $0.agency = AgencyReference(id: "blue", transparent: false) }
        add("transparent agency", "") { $0.agency = AgencyReference(id: "blue", transparent: true) }
        add("update", mutable ? "" : "credentials_immutable@operation") { $0.operation = .update }
        add("direct twice", "duplicate_integration@apps[0]", existing: [ExistingIntegration(mediaSource: mediaSource, apps: ["com.acme.game"], user: "ANA@acme.example")]) { _ in }
        add("other user", perUser ? "" : "duplicate_integration@apps[0]", existing: [ExistingIntegration(partner: name, apps: ["com.acme.game"], user: "bo@acme.example")]) { _ in }
        add("agency next to direct", "", existing: [ExistingIntegration(partner: name, apps: ["com.acme.game"])]) {
            $0.agency = AgencyReference(id: "blue", transparent: true)
        }
        add("same agency twice", "duplicate_integration@apps[1]", existing: [ExistingIntegration(partner: name, apps: ["id1234567890"], agency: "Blue")]) {
            $0.agency = AgencyReference(id: "blue", transparent: true)
        }
        add("no ROI360", "cost_data_requires_roi360@roi360.subscribed") { $0.roi360 = ROI360Status(subscribed: false) }
        add("ROI360 by another user", sameUser ? "roi360_user_mismatch@user" : "") {
            $0.roi360 = ROI360Status(subscribed: true, integratedBy: "bo@acme.example")
        }
        if let legacy {
            add("legacy source after deprecation", "deprecated_integration@partner") { $0.partner = legacy.source }
            add("legacy still active", "legacy_duplication@apps[0]", existing: [ExistingIntegration(mediaSource: legacy.source, apps: ["com.acme.game"], user: "ana@acme.example")]) { _ in }
        }
        return cases
    }
}

@Suite("check: the partners the seed names")
struct SeedPartnerCheckTests {
    @Test(arguments: seedPartners)
    func namedPartnerIsInTheCatalog(_ partner: SeedPartner) {
        let byName = SeedCatalog.catalog.partner(named: partner.name)
        #expect(byName != nil, "no partner named \(partner.name)")
        #expect(SeedCatalog.catalog.partner(named: partner.mediaSource)?.id == byName?.id, "\(partner.mediaSource)")
    }

    @Test(arguments: seedPartners)
    func validRequest(_ partner: SeedPartner) {
        let verdict = SeedCatalog.checker.check(partner.validRequest, today: SeedPartner.today)
        #expect(verdict.errors.isEmpty && verdict.warnings.isEmpty, "\(verdict.errors) \(verdict.warnings)")
        #expect(verdict.valid)
        #expect(verdict.mediaSource == partner.mediaSource)
        #expect(verdict.plan == .create)
        let names: (AdLevelOnly) -> (String, Set<String>) = { rule in
            switch rule {
            case .unsupported(let names): return ("unsupported", Set(names.map { AdTypeKey.make($0) }))
            case .supported(let names): return ("supported", Set(names.map { AdTypeKey.make($0) }))
            }
        }
        let actual = verdict.adLevelOnly.map(names)
        #expect(actual?.0 == names(partner.adLevelOnly).0)
        #expect(actual.map { names(partner.adLevelOnly).1.isSubset(of: $0.1) } == true, "\(String(describing: verdict.adLevelOnly))")
        for key in partner.credentials {
            let shown = verdict.credentials[key]
            #expect(shown == "***" || shown == partner.validRequest.credentials[key], "\(key)")
        }
        for key in ["password", "token", "secret_key", "refresh_token"] where partner.credentials.contains(key) {
            #expect(verdict.credentials[key] == "***", "\(partner.name) shows \(key)")
        }
    }

    @Test(arguments: seedPartners)
    func failingRequests(_ partner: SeedPartner) {
        for (what, request, existing, code) in partner.failingRequests {
            let verdict = SeedCatalog.checker.check(request, existing: existing, today: SeedPartner.today)
            let codes = (verdict.errors + verdict.warnings).map { "\($0.code.rawValue)@\($0.path)" }
            #expect(codes == (code.isEmpty ? [] : [code]), "\(partner.name): \(what)")
            #expect(verdict.valid == (code.isEmpty || IssueCode(rawValue: String(code.prefix { $0 != "@" }))?.severity == .warning))
        }
    }

    @Test func trademobIsAnAliasOfAdikteev() {
        let verdict = SeedCatalog.checker.check(
            IntegrationRequest(partner: "trademob", apps: ["com.acme.game"], credentials: ["email": "a@b.co", "password": "p"]),
            today: SeedPartner.today)
        #expect(verdict.valid && verdict.mediaSource == "trademob_int")
    }

    @Test func molocoWorkplaceCandidates() {
        let request = IntegrationRequest(
            partner: "Moloco", apps: ["com.acme.game"], credentials: ["email": "a@b.co", "password": "p", "workplace_id": " Acme Games HQ "])
        let verdict = SeedCatalog.checker.check(request, today: SeedPartner.today)
        #expect(verdict.credentials["workplace_id"] == "AcmeGamesHQ")
        #expect(verdict.candidates["workplace_id"] == ["AcmeGamesHQ", "ACMEGAMESHQ"])
    }

    @Test func tiktokLegacyBeforeDeprecationIsAllowed() {
        var request = seedPartners.first { $0.name == "TikTok" }?.validRequest ?? IntegrationRequest(partner: "", apps: [])
        request.partner = "bytedanceglobal_int"
        let before = SeedCatalog.checker.check(request, today: .day("2024-03-30"))
        #expect(before.valid && before.mediaSource == "bytedanceglobal_int")
        let on = SeedCatalog.checker.check(request, today: .day("2024-03-31"))
        let message = on.errors.first?.message ?? ""
        #expect(message.contains("tiktokglobal_int") && message.contains("TikTok"))
    }
}
