import Foundation

/// The finite space of decisions one partner's rules make (SPEC 20), as probes: a baseline request that the
/// partner's rules accept, and variations of it one dimension at a time (auth, each role, each credential field's
/// value classes, uniqueness against an existing integration, each name and media source, mutability, `today`
/// around every date), and rows of every ad-type spelling under every media source.
///
/// Built from both versions of the partner, so a dimension that exists on one side only (a role added to
/// `all_of`, a new credential field) is varied too. The space is a sum of small per-dimension sets, not their
/// product, so it stays at hundreds of probes per partner; two dimensions are combined only where a rule reads
/// both (the agency and the existing integration's holder, the legacy source and the day).
struct DecisionSpace {
    /// One item of the space: a request to check, or rows to classify, with what it varies in words.
    struct Probe {
        enum Item {
            case check(CheckBody)
            case rows([DiffRow])
        }

        /// The decision in words; probes that vary the same thing the same way share it.
        let description: String
        let item: Item
    }

    static let app = "com.acme.game"
    static let otherApp = "id1234567890"
    static let user = "ana@acme.example"
    static let otherUser = "bo@acme.example"
    static let agency = "blue-agency"
    static let otherAgency = "green-agency"
    static let date = "2026-01-15"

    let probes: [Probe]

    /// The probes of partner `id` as `old` and `new` define it (either may be absent), each side's
    /// baseline request built against its own compiled partner.
    init(old: CompiledPartner?, new: CompiledPartner?, today: CalendarDate) {
        var probes: [Probe] = []
        let sides = [old, new].compactMap { $0 }
        let definitions = sides.map(\.definition)
        let values = CredentialValues(old: old, new: new)
        for side in sides {
            let base = Self.baseline(side, values: values)
            func add(_ description: String, _ request: IntegrationRequest, existing: [ExistingIntegration] = [], on day: CalendarDate? = nil) {
                probes.append(Probe(description: description, item: .check(CheckBody(request: request, existing: existing, today: day ?? today))))
            }
            add("a complete request", base)
            guard old != nil, new != nil else { continue }
            func varied(_ change: (inout IntegrationRequest) -> Void) -> IntegrationRequest {
                var request = base
                change(&request)
                return request
            }
            // Names: every way a request may name the partner, each media source and superseded source.
            for name in Self.unique(definitions.flatMap { [$0.name] + $0.aliases + $0.mediaSources }) {
                add("the partner named '\(name)'", varied { $0.partner = name })
            }
            // Auth.
            add("no OAuth login given", varied { $0.oauth = nil })
            add("the OAuth login not granted", varied { $0.oauth = OAuthGrant(granted: false, fullPermissions: nil) })
            add("the OAuth login with partial permissions", varied { $0.oauth = OAuthGrant(granted: true, fullPermissions: false) })
            // Roles: each role of either version held or not, and no roles listed.
            let roles = Self.unique(definitions.flatMap { $0.roles.allOf + $0.roles.anyOf })
            add("no roles listed", varied { $0.roles = nil })
            add("an empty role list", varied { $0.roles = [] })
            for role in roles {
                let key = NameKey.make(role)
                if base.roles?.contains(where: { NameKey.make($0) == key }) == true {
                    add("the role '\(role)' not held", varied { $0.roles = $0.roles?.filter { NameKey.make($0) != key } })
                } else {
                    add("the role '\(role)' held as well", varied { $0.roles = ($0.roles ?? []) + [role] })
                }
                add("only the role '\(role)' held", varied { $0.roles = [role] })
                let allOf = side.definition.roles.allOf
                add("the all_of roles and '\(role)'", varied { $0.roles = Self.unique(allOf + [role]) })
            }
            // Credentials and partner-metrics credentials: each field absent, empty, and each value class.
            for form in [Form.credentials, .partnerMetrics] {
                for field in values.fields(form) {
                    let root = form.root
                    add("\(root).\(field.key) left out", varied { form.set(field.key, nil, in: &$0) })
                    add("\(root).\(field.key) empty", varied { form.set(field.key, "", in: &$0) })
                    for sample in values.samples(form, key: field.key) {
                        add("\(root).\(field.key): \(sample.description)", varied { form.set(field.key, sample.value, in: &$0) })
                    }
                    if let fallback = field.fallback {
                        add(
                            "\(root).\(fallback.key) given instead of \(field.key)",
                            varied {
                                form.set(field.key, nil, in: &$0)
                                form.set(fallback.key, "Acme Games", in: &$0)
                            })
                    }
                }
                add("an unknown \(form.root) key", varied { form.set("unknown_key", "x", in: &$0) })
            }
            add("partner_metrics left out", varied { $0.partnerMetrics = nil })
            // Agency and ROI360.
            add("through a transparent agency", varied { $0.agency = AgencyReference(id: Self.agency, transparent: true) })
            add("through an agency not transparent", varied { $0.agency = AgencyReference(id: Self.agency, transparent: false) })
            add("through an agency of unknown transparency", varied { $0.agency = AgencyReference(id: Self.agency) })
            add("no ROI360 subscription", varied { $0.roi360 = ROI360Status(subscribed: false) })
            add("ROI360 integrated by another user", varied { $0.roi360 = ROI360Status(subscribed: true, integratedBy: Self.otherUser) })
            add("no user named", varied { $0.user = nil })
            // Mutability.
            add("an update", varied { $0.operation = .update })
            // Uniqueness and duplication: an integration already active under each media source.
            let sources = Self.unique(definitions.flatMap { $0.mediaSources + $0.supersedes.map(\.mediaSource) })
            let holders: [(String, String?, String?)] = [
                ("directly by the same user", Self.user, nil), ("directly by another user", Self.otherUser, nil),
                ("through the agency '\(Self.agency)'", Self.user, Self.agency), ("through another agency", Self.user, Self.otherAgency),
            ]
            for source in sources {
                for (who, user, agency) in holders {
                    let existing = [ExistingIntegration(mediaSource: source, apps: [Self.app], user: user, agency: agency)]
                    add("the app already integrated under \(source) \(who)", base, existing: existing)
                    add(
                        "the app already integrated under \(source) \(who), requested through '\(Self.agency)'",
                        varied { $0.agency = AgencyReference(id: Self.agency, transparent: true) }, existing: existing)
                    add("the app already integrated under \(source) \(who), as an update", varied { $0.operation = .update }, existing: existing)
                }
                add(
                    "another app integrated under \(source)", base,
                    existing: [ExistingIntegration(mediaSource: source, apps: [Self.otherApp], user: Self.user)])
            }
            // A new integration under each legacy source, the day before and on each of its dates.
            let legacies = definitions.flatMap(\.supersedes)
            for source in Self.unique(legacies.map(\.mediaSource)) {
                let days = legacies.filter { $0.mediaSource == source }.flatMap { [$0.introduced, $0.deprecated].compactMap { $0 } }
                add("a new integration under \(source)", varied { $0.partner = source })
                for day in Set(days).sorted() {
                    add("a new integration under \(source) on \(day.adding(days: -1))", varied { $0.partner = source }, on: day.adding(days: -1))
                    add("a new integration under \(source) on \(day)", varied { $0.partner = source }, on: day)
                }
            }
        }
        probes += Self.rows(definitions)
        self.probes = probes
    }

    /// Rows: every ad-type spelling of either version (as written, folded, spaced) and a type neither lists,
    /// under each media source; and each legacy source's row beside a live source's row of the same app and day.
    static func rows(_ definitions: [PartnerDefinition]) -> [Probe] {
        var probes: [Probe] = []
        let sources = unique(definitions.flatMap { $0.mediaSources + $0.supersedes.map(\.mediaSource) })
        var spellings: [String] = []
        for spelling in definitions.flatMap({ $0.adTypes.names.flatMap(\.spellings) }) {
            spellings += [spelling, spelling.uppercased(), spelling.lowercased().replacingOccurrences(of: " ", with: "_")]
        }
        let types = unique(spellings) + ["zz unlisted type", ""]
        for source in sources {
            for type in types {
                let shown = type.isEmpty ? "an empty ad type" : "ad type '\(type)'"
                probes.append(Probe(description: "a row of \(source) with \(shown)", item: .rows([DiffRow(mediaSource: source, adType: type)])))
            }
        }
        let live = unique(definitions.flatMap(\.mediaSources))
        for legacy in unique(definitions.flatMap { $0.supersedes.map(\.mediaSource) }) {
            for source in live {
                let type = types.first ?? ""
                probes.append(
                    Probe(
                        description: "a row of \(legacy) for an app and day that \(source) has rows for",
                        item: .rows([DiffRow(mediaSource: source, adType: type), DiffRow(mediaSource: legacy, adType: type)])))
            }
        }
        return probes
    }

    /// A request the partner's own rules accept, as far as values can be found that they accept.
    static func baseline(_ partner: CompiledPartner, values: CredentialValues) -> IntegrationRequest {
        let definition = partner.definition
        var request = IntegrationRequest(
            partner: definition.id, apps: [app], user: user, oauth: OAuthGrant(granted: true, fullPermissions: true),
            roi360: ROI360Status(subscribed: true, integratedBy: user))
        for field in partner.credentials.fields where field.isRequired {
            request.credentials[field.key] = values.accepted(field) ?? "x"
        }
        if definition.partnerMetrics.required {
            var metrics: [String: String] = [:]
            for field in partner.partnerMetrics.fields where field.isRequired { metrics[field.key] = values.accepted(field) ?? "x" }
            request.partnerMetrics = metrics
        }
        if !definition.roles.isEmpty {
            request.roles = definition.roles.allOf + definition.roles.anyOf.prefix(1)
        }
        return request
    }

    /// `values` without repeats, in first-seen order.
    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// Which of a request's two credential forms a probe fills in.
    enum Form {
        case credentials, partnerMetrics

        var root: String {
            switch self {
            case .credentials: IntegrationRequest.CodingKeys.credentials.stringValue
            case .partnerMetrics: IntegrationRequest.CodingKeys.partnerMetrics.stringValue
            }
        }

        func form(of partner: CompiledPartner) -> CompiledForm {
            switch self {
            case .credentials: partner.credentials
            case .partnerMetrics: partner.partnerMetrics
            }
        }

        func set(_ key: String, _ value: String?, in request: inout IntegrationRequest) {
            switch self {
            case .credentials: request.credentials[key] = value
            case .partnerMetrics:
                var metrics = request.partnerMetrics ?? [:]
                metrics[key] = value
                request.partnerMetrics = metrics
            }
        }
    }
}

/// A performance row of the decision space; its app and day are fixed, only what the rules read varies.
public struct DiffRow: Sendable, Hashable {
    /// The row's media source.
    public var mediaSource: String
    /// The row's ad type, as spelled in the row.
    public var adType: String
}
