import PartnerRules

/// Two made-up partners (not from the seed) that between them switch on every rule kind the
/// integration check has: a credential form with every field feature, partner metrics, roles,
/// a superseded media source, OAuth, per-user connections, mutable credentials, no agencies.
enum MadeUpCatalog {
    static let gizmo = PartnerDefinition(
        id: "gizmo", name: "Gizmo Ads", mediaSources: ["gizmo_int"], aliases: ["Gadget"], auth: .credentials,
        perUser: false, credentialsMutable: false, agency: true,
        roles: RoleRequirement(allOf: ["Report Viewer"], anyOf: ["Account Owner", "Campaign Editor"]),
        credentials: [
            CredentialField(key: "email", label: "Email", kind: .email, normalize: [.trim]),
            CredentialField(key: "password", label: "Password", kind: .password, minLength: 8),
            CredentialField(
                key: "account_id", label: "Account ID", kind: .identifier, pattern: "[A-Za-z0-9]+",
                normalize: [.removeWhitespace], variants: [.uppercase, .lowercase],
                fallback: CredentialFallback(key: "account_title", label: "Account Title")),
            CredentialField(key: "api_token", label: "API Token", kind: .token, required: false, maxLength: 40),
        ],
        partnerMetrics: PartnerMetrics(
            required: false,
            credentials: [CredentialField(key: "report_key", label: "Report Key", kind: .secret, pattern: "[0-9a-f]{16}")]),
        adTypes: .unsupported([AdTypeName(name: "Playable", aliases: ["playables"]), AdTypeName(name: "CTV")]),
        supersedes: [
            SupersededSource(
                mediaSource: "gizmo_legacy_int", name: "[Legacy] Gizmo", introduced: CalendarDate(year: 2023, month: 1, day: 1),
                deprecated: CalendarDate(year: 2024, month: 6, day: 30), duplicates: [.performance])
        ],
        roi360: ROI360Policy(sameUser: .recommended))

    static let orbit = PartnerDefinition(
        id: "orbit", name: "Orbit", mediaSources: ["orbit_int", "orbit_search_int"], auth: .oauth, perUser: true,
        credentialsMutable: true, agency: false,
        partnerMetrics: PartnerMetrics(
            required: true, credentials: [CredentialField(key: "api_key", label: "API Key", kind: .secret)]),
        adTypes: .supported([AdTypeName(name: "Search")]))

    static let catalog: Catalog = {
        do {
            return try Catalog(definitions: [gizmo, orbit])
        } catch {
            preconditionFailure("the made-up catalog is invalid: \(error)")
        }
    }()

    static let checker = IntegrationChecker(catalog: catalog)
}

extension CalendarDate {
    /// A date for tests, written as in partner files.
    static func day(_ text: String) -> CalendarDate {
        guard let date = CalendarDate(text) else { preconditionFailure("not a date: \(text)") }
        return date
    }
}
