/// The catalog in the one form every answer is computed from: built once from checked partner
/// files, immutable, shared by reference.
///
/// It holds every derived thing the engine uses, and nothing else derives them: the partner-name
/// index (``NameKey``), the media-source index, the compiled credential forms (patterns,
/// normalizer chains), folded role names, the row tables of ``RowRules`` (``AdTypeKey``), the
/// request rules compiled for these partners, and the source place of every fact. ``Catalog``,
/// ``IntegrationChecker`` and ``RowRules`` are views of it; ``CatalogStore`` swaps one for another
/// atomically, so an answer never mixes two catalogs.
final class CompiledCatalog: Sendable {
    /// Where a name a request uses leads: a partner and the media source the integration is made under.
    struct Target: Sendable {
        let partner: Int
        let mediaSource: String
        /// Set when the media source is a legacy one the partner's integration replaces.
        let superseded: SupersededSource?
        /// The legacy source's place in the partner's `supersedes` list.
        var supersession: Int? = nil
    }

    /// The partners, sorted by id.
    let partners: [CompiledPartner]
    let settings: CatalogSettings
    /// Partner keys (``NameKey``) of ids, display names, aliases, live and superseded media sources.
    let targets: [String: Target]
    /// Partner keys of live and superseded media sources.
    let mediaSources: [String: MediaSource]
    /// Every name as spelt in the partner files, for "did you mean" suggestions; display names
    /// and aliases first, so a near miss is answered with the name people use.
    let suggestionNames: Suggestions.Candidates
    /// The row rules of `classify` and `sql`.
    let rows: RowRules
    /// The integration check's rules, compiled for these partners, in the order they run.
    let requestRules: [any RequestRule]

    init(documents: [PartnerDocument], settings: CatalogSettings) {
        let sorted = documents.sorted { $0.definition.id < $1.definition.id }
        let partners = sorted.enumerated().map { CompiledPartner($0.element, index: $0.offset) }
        var targets: [String: Target] = [:]
        var mediaSources: [String: MediaSource] = [:]
        for partner in partners {
            let definition = partner.definition
            guard let first = definition.mediaSources.first else { continue }
            for name in [definition.id, definition.name] + definition.aliases where targets[NameKey.make(name)] == nil {
                targets[NameKey.make(name)] = Target(partner: partner.index, mediaSource: first, superseded: nil)
            }
        }
        // A media source leads to itself, unless another partner already goes by that name.
        for partner in partners {
            let definition = partner.definition
            let sources = definition.mediaSources.map { ($0, SupersededSource?.none, Int?.none) }
                + definition.supersedes.enumerated().map { ($0.element.mediaSource, Optional($0.element), Optional($0.offset)) }
            for (source, superseded, supersession) in sources {
                let key = NameKey.make(source)
                mediaSources[key] = MediaSource(id: source, partnerIndex: partner.index, superseded: superseded)
                if let existing = targets[key], existing.partner != partner.index { continue }
                targets[key] = Target(partner: partner.index, mediaSource: source, superseded: superseded, supersession: supersession)
            }
        }
        self.partners = partners
        self.settings = settings
        self.targets = targets
        self.mediaSources = mediaSources
        let usedNames: [String] = partners.flatMap { [$0.definition.name] + $0.definition.aliases }
        let ids: [String] = partners.flatMap { [$0.id] + $0.definition.mediaSources + $0.definition.supersedes.map(\.mediaSource) }
        self.suggestionNames = Suggestions.Candidates(usedNames + ids)
        self.rows = RowRules(compiling: partners.map(\.definition), places: partners.map(\.places))
        self.requestRules = Rules.request.map { $0.init(compiling: partners) }
    }

    /// Where a name leads, by its partner key.
    func target(named name: String) -> Target? {
        targets[NameKey.make(name)]
    }
}

/// One partner in the form the engine answers from: its definition, its compiled credential
/// forms and folded role names, and where each of its facts stands in its file.
///
/// An immutable class rather than a struct: a check hands one reference around instead of
/// copying (and reference-counting) a dozen members.
final class CompiledPartner: Sendable {
    /// The partner's place in ``CompiledCatalog/partners``.
    let index: Int
    let partner: Partner
    let credentials: CompiledForm
    let partnerMetrics: CompiledForm
    /// Folded (``NameKey``) role names, in file order.
    let allOfRoleKeys: [String]
    let anyOfRoleKeys: [String]
    let adLevelOnly: AdLevelOnly
    /// Where each fact stands in the partner file.
    let places: FactPlaces
    /// The same places as the `because` lists that verdicts carry, made once.
    let because: FactReasons
    /// Where every decoded value of the file starts (``PartnerDocument/locations``), kept so that a catalog bundle
    /// rebuilds the same document.
    let locations: [String: SourceLocation]

    var definition: PartnerDefinition { partner.definition }
    var id: String { partner.definition.id }
    var name: String { partner.definition.name }

    init(_ document: PartnerDocument, index: Int) {
        let definition = document.definition
        self.index = index
        self.partner = Partner(definition: definition)
        self.credentials = CompiledForm(definition.credentials, root: IntegrationRequest.CodingKeys.credentials.stringValue)
        self.partnerMetrics = CompiledForm(
            definition.partnerMetrics.credentials, root: IntegrationRequest.CodingKeys.partnerMetrics.stringValue)
        self.allOfRoleKeys = definition.roles.allOf.map(NameKey.make)
        self.anyOfRoleKeys = definition.roles.anyOf.map(NameKey.make)
        self.adLevelOnly = AdLevelOnly(definition.adTypes)
        self.places = FactPlaces(document)
        self.because = FactReasons(places)
        self.locations = document.locations
    }

    /// The partner file as it was decoded: the definition, the file and the place of every value.
    var document: PartnerDocument {
        PartnerDocument(definition: definition, file: places.file, locations: locations)
    }
}

/// Where a partner's facts stand in its file, for explanations and coverage. A fact the file
/// leaves to its default stands at the partner's first line.
struct FactPlaces: Sendable {
    let file: String
    let partner: SourcePlace
    let auth: SourcePlace
    let perUser: SourcePlace
    let credentialsMutable: SourcePlace
    let agency: SourcePlace
    let allOfRoles: SourcePlace
    let anyOfRoles: SourcePlace
    /// Each `all_of` role.
    let allOfRoleEntries: [SourcePlace]
    /// Each `any_of` role.
    let anyOfRoleEntries: [SourcePlace]
    let roi360: SourcePlace
    let adTypes: SourcePlace
    /// The `credentials:` and `partner_metrics.credentials:` lists.
    let credentialForm: SourcePlace
    let partnerMetricsForm: SourcePlace
    /// Each credential field, each partner-metrics field, each ad-type entry, each supersession entry.
    let credentials: [SourcePlace]
    let partnerMetrics: [SourcePlace]
    let adTypeEntries: [SourcePlace]
    let supersedes: [SourcePlace]
    /// Each supersession entry's `deprecated:` (the entry when it has none).
    let deprecated: [SourcePlace]

    init(_ document: PartnerDocument) {
        func place(_ path: String) -> SourcePlace { SourcePlace(file: document.file, location: document.location(path)) }
        let definition = document.definition
        let adTypesKey = definition.adTypes.fileKey
        file = document.file
        partner = place("")
        auth = place("auth")
        perUser = place("per_user")
        credentialsMutable = place("credentials_mutable")
        agency = place("agency")
        allOfRoles = place("roles.all_of")
        anyOfRoles = place("roles.any_of")
        allOfRoleEntries = definition.roles.allOf.indices.map { place("roles.all_of[\($0)]") }
        anyOfRoleEntries = definition.roles.anyOf.indices.map { place("roles.any_of[\($0)]") }
        roi360 = place("roi360.same_user")
        adTypes = place("ad_types.\(adTypesKey)")
        credentialForm = place("credentials")
        partnerMetricsForm = place("partner_metrics.credentials")
        credentials = definition.credentials.indices.map { place("credentials[\($0)]") }
        partnerMetrics = definition.partnerMetrics.credentials.indices.map { place("partner_metrics.credentials[\($0)]") }
        adTypeEntries = definition.adTypes.names.indices.map { place("ad_types.\(adTypesKey)[\($0)]") }
        supersedes = definition.supersedes.indices.map { place("supersedes[\($0)]") }
        deprecated = definition.supersedes.indices.map { place("supersedes[\($0)].deprecated") }
    }
}

/// A partner's ``FactPlaces`` as the one-place lists a verdict's `because` holds (SPEC 5a), made when the catalog is
/// compiled so that a check hands out a shared list instead of allocating one per issue.
struct FactReasons: Sendable {
    let auth: [SourcePlace]
    let perUser: [SourcePlace]
    let credentialsMutable: [SourcePlace]
    let agency: [SourcePlace]
    let anyOfRoles: [SourcePlace]
    let roi360: [SourcePlace]
    let credentialForm: [SourcePlace]
    let partnerMetricsForm: [SourcePlace]
    let allOfRoles: [[SourcePlace]]
    let credentials: [[SourcePlace]]
    let partnerMetrics: [[SourcePlace]]
    let supersedes: [[SourcePlace]]
    let deprecated: [[SourcePlace]]

    init(_ places: FactPlaces) {
        auth = [places.auth]
        perUser = [places.perUser]
        credentialsMutable = [places.credentialsMutable]
        agency = [places.agency]
        anyOfRoles = [places.anyOfRoles]
        roi360 = [places.roi360]
        credentialForm = [places.credentialForm]
        partnerMetricsForm = [places.partnerMetricsForm]
        allOfRoles = places.allOfRoleEntries.map { [$0] }
        credentials = places.credentials.map { [$0] }
        partnerMetrics = places.partnerMetrics.map { [$0] }
        supersedes = places.supersedes.map { [$0] }
        deprecated = places.deprecated.map { [$0] }
    }

    /// The places of a credential form's fields: `credentials` or `partner_metrics.credentials`.
    func fields(of form: CompiledForm, in partner: CompiledPartner) -> [[SourcePlace]] {
        form === partner.credentials ? credentials : partnerMetrics
    }

    /// The place of a credential form's list.
    func list(of form: CompiledForm, in partner: CompiledPartner) -> [SourcePlace] {
        form === partner.credentials ? credentialForm : partnerMetricsForm
    }
}

/// A credential form (`credentials` or `partner_metrics.credentials`) ready for checking.
final class CompiledForm: Sendable {
    enum Slot: Sendable {
        case field(Int)
        case fallback(Int)
    }

    /// The request member the form's values sit in: `credentials` or `partner_metrics`.
    let root: String
    let fields: [CompiledField]
    /// Every key a request may fill in, field keys and fallback keys alike.
    let slots: [String: Slot]
    /// The keys in form order, for suggestions and messages.
    let keys: [String]
    /// The same keys, folded once for "did you mean" hints.
    let suggestions: Suggestions.Candidates
    let isEmpty: Bool

    init(_ fields: [CredentialField], root: String) {
        self.root = root
        self.fields = fields.map { CompiledField($0, root: root) }
        self.isEmpty = fields.isEmpty
        var slots: [String: Slot] = [:]
        var keys: [String] = []
        for (index, field) in fields.enumerated() {
            slots[field.key] = .field(index)
            keys.append(field.key)
            if let fallback = field.fallback {
                slots[fallback.key] = .fallback(index)
                keys.append(fallback.key)
            }
        }
        self.slots = slots
        self.keys = keys
        self.suggestions = Suggestions.Candidates(keys)
    }
}

/// One credential field with its pattern compiled and its request paths spelled out.
final class CompiledField: Sendable {
    let key: String
    let label: String
    let isSecret: Bool
    let isRequired: Bool
    let field: CredentialField
    let pattern: CompiledPattern?
    /// `credentials.<key>`.
    let path: String
    /// `credentials.<fallback key>`, when the field has a fallback.
    let fallbackPath: String?

    init(_ field: CredentialField, root: String) {
        self.key = field.key
        self.label = field.label
        self.isSecret = field.isMasked
        self.isRequired = field.required
        self.field = field
        self.pattern = field.pattern.flatMap(CompiledPattern.init)
        self.path = JSONPath.member(root, field.key)
        self.fallbackPath = field.fallback.map { JSONPath.member(root, $0.key) }
    }

    /// The value after the field's `normalize` chain.
    func normalized(_ value: String) -> String {
        var result = value
        for normalizer in field.normalize { result = normalizer.apply(result) }
        return result
    }

    /// What refuses a value once the field's `normalize` chain has been applied to it.
    enum Refusal: Sendable, Hashable {
        /// `kind: email`, and the value is not shaped like an address.
        case email
        /// Fewer characters than `min_length`.
        case tooShort(minimum: Int)
        /// More characters than `max_length`.
        case tooLong(maximum: Int)
        /// The value does not match `pattern` as a whole.
        case pattern

        /// The refusal in a few words (`too short`), for the diff's descriptions of a value.
        var words: String {
            switch self {
            case .email: "not an email address"
            case .tooShort: "too short"
            case .tooLong: "too long"
            case .pattern: "not matching the pattern"
            }
        }
    }

    /// Why the field refuses a normalized, non-empty value, or `nil` when it takes it: the one judgement of a value,
    /// which the check makes of a request's credentials and lint of a field's `examples`.
    func refusal(ofNormalized value: String) -> Refusal? {
        if field.kind == .email, !EmailAddress.isPlausible(value) { return .email }
        if let minLength = field.minLength, value.count < minLength { return .tooShort(minimum: minLength) }
        if let maxLength = field.maxLength, value.count > maxLength { return .tooLong(maximum: maxLength) }
        if let pattern, !pattern.matches(value) { return .pattern }
        return nil
    }

    /// The values to try: the normalized value, then each variant, without repeats.
    func candidates(_ normalized: String) -> [String] {
        var result = [normalized]
        for variant in field.variants {
            let candidate = variant.apply(normalized)
            if !result.contains(candidate) { result.append(candidate) }
        }
        return result
    }
}

/// The shape check for `kind: email`: something, one `@`, a domain with a dot, no white space.
enum EmailAddress {
    static func isPlausible(_ value: String) -> Bool {
        var at: Int?
        var lastDot: Int?
        var count = 0
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "@"):
                if at != nil { return false }
                at = count
            case UInt8(ascii: "."):
                if at != nil { lastDot = count }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                return false
            default:
                break
            }
            count += 1
        }
        guard let at, at > 0, let lastDot else { return false }
        return lastDot > at + 1 && lastDot < count - 1
    }
}

/// JSON paths into a request, as verdicts name them: `credentials.password`, `apps[1]`,
/// `credentials["odd key"]`.
enum JSONPath {
    static func member(_ base: String, _ key: String) -> String {
        if isIdentifier(key) { return base.isEmpty ? key : base + "." + key }
        var writer = JSONWriter()
        writer.string(key)
        return base + "[" + writer.text + "]"
    }

    static func index(_ base: String, _ index: Int) -> String {
        base + "[" + String(index) + "]"
    }

    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return key.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }
}
