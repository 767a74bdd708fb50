/// A partner's rules in the form the checks use: lookups keyed, patterns compiled, role names
/// folded, paths spelled out. Built once per catalog by ``IntegrationChecker``.
///
/// Immutable classes rather than structs: a check hands one reference around instead of copying
/// (and reference-counting) a dozen members, which is most of the difference at a million checks
/// a second.
final class CompiledPartnerRules: Sendable {
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
    /// The messages that depend on the partner alone, written once (each rule owns its wording).
    let messages: Messages

    struct Messages: Sendable {
        let oauthRequired: String
        let partialPermissions: String
        let missingAnyOfRole: String
        let agencyNotSupported: String
        let credentialsImmutable: String
    }

    init(_ partner: Partner) {
        let definition = partner.definition
        id = definition.id
        name = definition.name
        credentials = CompiledForm(
            definition.credentials, root: IntegrationRequest.CodingKeys.credentials.stringValue, partner: definition.name)
        partnerMetrics = CompiledForm(
            definition.partnerMetrics.credentials, root: IntegrationRequest.CodingKeys.partnerMetrics.stringValue,
            partner: definition.name)
        partnerMetricsRequired = definition.partnerMetrics.required
        isOAuth = definition.auth == .oauth
        perUser = definition.perUser
        credentialsMutable = definition.credentialsMutable
        agencySupported = definition.agency
        roi360SameUser = definition.roi360.sameUser == .recommended
        allOfRoles = definition.roles.allOf.map { CompiledRole($0, partner: definition.name) }
        anyOfRoles = definition.roles.anyOf.map { CompiledRole($0, partner: definition.name) }
        mediaSources = definition.mediaSources
        supersedes = definition.supersedes
        adLevelOnly = AdLevelOnly(definition.adTypes)
        messages = Messages(
            oauthRequired: OAuthRule.requiredMessage(partner: definition.name),
            partialPermissions: OAuthRule.partialMessage(partner: definition.name),
            missingAnyOfRole: RolesRule.missingAnyOfMessage(roles: definition.roles.anyOf, partner: definition.name),
            agencyNotSupported: AgencyRule.notSupportedMessage(partner: definition.name),
            credentialsImmutable: UpdateRule.immutableMessage(partner: definition.name))
    }
}

/// A role name as the partner file spells it, and the folded form requests are compared in.
struct CompiledRole: Sendable {
    let name: String
    let key: String
    let missingMessage: String

    init(_ name: String, partner: String) {
        self.name = name
        self.key = IntegrationChecker.foldKey(name)
        self.missingMessage = RolesRule.missingMessage(role: name, partner: partner)
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
    let isEmpty: Bool

    init(_ fields: [CredentialField], root: String, partner: String) {
        self.root = root
        self.fields = fields.map { CompiledField($0, root: root, partner: partner) }
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
    /// The messages this field's checks give, written once (see ``CredentialsRule``).
    let missingMessage: String
    let emptyMessage: String
    let invalidMessages: (email: String, short: String, long: String, pattern: String)

    init(_ field: CredentialField, root: String, partner: String) {
        self.key = field.key
        self.label = field.label
        self.isSecret = field.secret
        self.isRequired = field.required
        self.field = field
        self.pattern = field.pattern.flatMap(CompiledPattern.init)
        self.path = JSONPath.member(root, field.key)
        self.fallbackPath = field.fallback.map { JSONPath.member(root, $0.key) }
        self.missingMessage = CredentialsRule.missing(field, path: path, fallbackPath: fallbackPath, empty: false, partner: partner)
        self.emptyMessage = CredentialsRule.missing(field, path: path, fallbackPath: fallbackPath, empty: true, partner: partner)
        self.invalidMessages = CredentialsRule.invalid(field, path: path)
    }

    /// The value after the field's `normalize` chain.
    func normalized(_ value: String) -> String {
        var result = value
        for normalizer in field.normalize { result = FastNormalizer.apply(normalizer, to: result) }
        return result
    }

    /// The values to try: the normalized value, then each variant, without repeats.
    func candidates(_ normalized: String) -> [String] {
        var result = [normalized]
        for variant in field.variants {
            let candidate = FastNormalizer.apply(variant, to: normalized)
            if !result.contains(candidate) { result.append(candidate) }
        }
        return result
    }

    /// The message for what is wrong with a normalized, non-empty value, or `nil` when nothing
    /// is. The message never contains the value.
    func problem(with value: String) -> String? {
        if field.kind == .email, !EmailAddress.isPlausible(value) { return invalidMessages.email }
        if let minLength = field.minLength, value.count < minLength { return invalidMessages.short }
        if let maxLength = field.maxLength, value.count > maxLength { return invalidMessages.long }
        if let pattern, !pattern.matches(value) { return invalidMessages.pattern }
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

/// ``Normalizer/apply(_:)`` with a short cut for ASCII text, the usual credential: the same
/// answer, computed on bytes, and without rebuilding a string the rewrite leaves as it is.
enum FastNormalizer {
    static func apply(_ normalizer: Normalizer, to value: String) -> String {
        let result = value.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return apply(normalizer, ascii: bytes, original: value)
        }
        return (result ?? nil) ?? normalizer.apply(value)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    private static func apply(_ normalizer: Normalizer, ascii bytes: UnsafeBufferPointer<UInt8>, original: String) -> String {
        switch normalizer {
        case .trim:
            var start = 0
            var end = bytes.count
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) { end -= 1 }
            if start == 0 && end == bytes.count { return original }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        case .removeWhitespace:
            guard bytes.contains(where: isSpace) else { return original }
            return rewrite(bytes) { byte, output in if !isSpace(byte) { output(byte) } }
        case .collapseWhitespace:
            guard bytes.contains(where: isSpace) else { return original }
            var pendingSpace = false
            var written = false
            return rewrite(bytes) { byte, output in
                if isSpace(byte) {
                    pendingSpace = written
                } else {
                    if pendingSpace { output(0x20) }
                    pendingSpace = false
                    written = true
                    output(byte)
                }
            }
        case .uppercase:
            guard bytes.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) else { return original }
            return rewrite(bytes) { byte, output in output(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 0x20 : byte) }
        case .lowercase:
            guard bytes.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return original }
            return rewrite(bytes) { byte, output in output(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) }
        }
    }

    private static func rewrite(
        _ bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt8, (UInt8) -> Void) -> Void
    ) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            var count = 0
            for byte in bytes {
                body(byte) { buffer[count] = $0; count += 1 }
            }
            return count
        }
    }
}
