/// A partner's rules in the form the checks use: lookups keyed, patterns compiled, role names
/// folded, paths spelled out. Built once per catalog by ``IntegrationChecker``.
struct CompiledPartnerRules: Sendable {
    let id: String
    let name: String
    let credentials: CompiledForm
    let partnerMetrics: CompiledForm
    let partnerMetricsRequired: Bool
    let isOAuth: Bool
    let perUser: Bool
    let credentialsMutable: Bool
    let agencySupported: Bool
    let roi360SameUser: Bool
    let allOfRoles: [CompiledRole]
    let anyOfRoles: [CompiledRole]
    /// The partner's live media sources, the first being the default for requests.
    let mediaSources: [String]
    let supersedes: [SupersededSource]
    let adLevelOnly: AdLevelOnly

    init(_ partner: Partner) {
        let definition = partner.definition
        id = definition.id
        name = definition.name
        credentials = CompiledForm(definition.credentials, root: IntegrationRequest.CodingKeys.credentials.stringValue)
        partnerMetrics = CompiledForm(
            definition.partnerMetrics.credentials, root: IntegrationRequest.CodingKeys.partnerMetrics.stringValue)
        partnerMetricsRequired = definition.partnerMetrics.required
        isOAuth = definition.auth == .oauth
        perUser = definition.perUser
        credentialsMutable = definition.credentialsMutable
        agencySupported = definition.agency
        roi360SameUser = definition.roi360.sameUser == .recommended
        allOfRoles = definition.roles.allOf.map(CompiledRole.init)
        anyOfRoles = definition.roles.anyOf.map(CompiledRole.init)
        mediaSources = definition.mediaSources
        supersedes = definition.supersedes
        adLevelOnly = AdLevelOnly(definition.adTypes)
    }
}

/// A role name as the partner file spells it, and the folded form requests are compared in.
struct CompiledRole: Sendable {
    let name: String
    let key: String

    init(_ name: String) {
        self.name = name
        self.key = IntegrationChecker.foldKey(name)
    }
}

/// A credential form (`credentials` or `partner_metrics.credentials`) ready for checking.
struct CompiledForm: Sendable {
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

    init(_ fields: [CredentialField], root: String) {
        self.root = root
        self.fields = fields.map { CompiledField($0, root: root) }
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
    }
}

/// One credential field with its pattern compiled and its request paths spelled out.
struct CompiledField: Sendable {
    let field: CredentialField
    let pattern: CompiledPattern?
    /// `credentials.<key>`.
    let path: String
    /// `credentials.<fallback key>`, when the field has a fallback.
    let fallbackPath: String?

    var key: String { field.key }
    var label: String { field.label }
    var isSecret: Bool { field.secret }

    init(_ field: CredentialField, root: String) {
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

    /// The values to try: the normalized value, then each variant, without repeats.
    func candidates(_ normalized: String) -> [String] {
        var result = [normalized]
        for variant in field.variants {
            let candidate = variant.apply(normalized)
            if !result.contains(candidate) { result.append(candidate) }
        }
        return result
    }

    /// What is wrong with a normalized, non-empty value, or `nil` when nothing is.
    /// The answer never contains the value.
    func problem(with value: String) -> String? {
        if field.kind == .email, !EmailAddress.isPlausible(value) {
            return "is not an email address; enter it as name@domain.example"
        }
        if let minLength = field.minLength, value.count < minLength {
            return "is shorter than \(minLength) characters; enter the whole value"
        }
        if let maxLength = field.maxLength, value.count > maxLength {
            return "is longer than \(maxLength) characters; enter only the value itself"
        }
        if let pattern, !pattern.matches(value) {
            return "does not have the expected form (\(pattern.source)); copy it again from the partner"
        }
        return nil
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
        var writer = ByteJSONWriter()
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
