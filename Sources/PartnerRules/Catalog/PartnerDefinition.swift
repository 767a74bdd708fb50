/// Everything a partner file says about one partner, decoded and typed.
///
/// Keys follow `schemas/partner.schema.json`; the Swift names are the camel-case forms of the YAML keys.
public struct PartnerDefinition: Sendable, Hashable, Codable {
    /// The file stem; `[a-z0-9-]+`.
    public var id: String
    /// The display name, as the partner list shows it.
    public var name: String
    /// Media-source ids; unique across the catalog.
    public var mediaSources: [String]
    /// Other names that resolve to this partner.
    public var aliases: [String]
    /// Whether the user fills in a form or logs in with the partner (`auth:`).
    public var auth: AuthStyle
    /// Every user may hold an own connection per app.
    public var perUser: Bool
    /// Credentials may be changed in place; otherwise delete and recreate.
    public var credentialsMutable: Bool
    /// May be integrated through a transparent agency.
    public var agency: Bool
    /// The account roles the integrating user needs (`roles:`).
    public var roles: RoleRequirement
    /// The credential form's fields, in the order the user sees them.
    public var credentials: [CredentialField]
    /// The second credential set for the partner's own metrics (`partner_metrics:`).
    public var partnerMetrics: PartnerMetrics
    /// Which ad types reach creative level (`ad_types:`).
    public var adTypes: AdTypeRule
    /// The legacy media sources this integration replaces.
    public var supersedes: [SupersededSource]
    /// What the partner asks of ROI360 subscribers (`roi360:`).
    public var roi360: ROI360Policy
    /// Prerequisites and notes for the set-up guide.
    public var setup: Setup
    /// The partner's audience endpoints, when it takes audience segments.
    public var audiences: AudienceEndpoint?

    /// A partner built in code; each default is what a partner file means by leaving the key out.
    public init(
        id: String, name: String, mediaSources: [String], aliases: [String] = [], auth: AuthStyle,
        perUser: Bool = false, credentialsMutable: Bool = false, agency: Bool = true,
        roles: RoleRequirement = RoleRequirement(), credentials: [CredentialField] = [],
        partnerMetrics: PartnerMetrics = PartnerMetrics(), adTypes: AdTypeRule = .unsupported([]),
        supersedes: [SupersededSource] = [], roi360: ROI360Policy = ROI360Policy(), setup: Setup = Setup(),
        audiences: AudienceEndpoint? = nil
    ) {
        self.id = id
        self.name = name
        self.mediaSources = mediaSources
        self.aliases = aliases
        self.auth = auth
        self.perUser = perUser
        self.credentialsMutable = credentialsMutable
        self.agency = agency
        self.roles = roles
        self.credentials = credentials
        self.partnerMetrics = partnerMetrics
        self.adTypes = adTypes
        self.supersedes = supersedes
        self.roi360 = roi360
        self.setup = setup
        self.audiences = audiences
    }
}

/// How the integrating user proves access to the partner.
public enum AuthStyle: String, Sendable, Hashable, Codable, CaseIterable {
    /// The user fills in the `credentials` form.
    case credentials
    /// The user logs in with the partner and grants permissions.
    case oauth
}

/// Account roles the integrating user needs: every one of `allOf`, and one of `anyOf` when it is not empty.
/// Role names match case-insensitively.
public struct RoleRequirement: Sendable, Hashable, Codable {
    /// Roles the user must hold, every one.
    public var allOf: [String]
    /// Roles of which the user must hold at least one (no requirement when empty).
    public var anyOf: [String]

    /// A requirement of all of `allOf` and one of `anyOf`; both empty: no role needed.
    public init(allOf: [String] = [], anyOf: [String] = []) {
        self.allOf = allOf
        self.anyOf = anyOf
    }

    /// Whether any user may integrate, whatever roles they hold.
    public var isEmpty: Bool { allOf.isEmpty && anyOf.isEmpty }
}

/// What kind of value a credential field holds. `password`, `token` and `secret` are secret by default.
public enum CredentialKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// An e-mail address.
    case email
    /// A password: always masked as `***`.
    case password
    /// An API or access token: always masked as `***`.
    case token
    /// Any other secret value: always masked as `***`.
    case secret
    /// An account, advertiser or other identifier.
    case identifier
    /// A login name.
    case username
    /// Free text that fits none of the other kinds.
    case text

    /// Whether values of this kind are masked as `***` unless the field says otherwise.
    public var isSecretByDefault: Bool {
        switch self {
        case .password, .token, .secret: return true
        default: return false
        }
    }
}

/// A rewrite applied to a credential value: in `normalize` before it is stored, in `variants` to make further candidates.
public enum Normalizer: String, Sendable, Hashable, Codable, CaseIterable {
    /// Removes white space at both ends.
    case trim
    /// Removes every white-space character.
    case removeWhitespace = "remove_whitespace"
    /// Turns letters to upper case.
    case uppercase
    /// Turns letters to lower case.
    case lowercase
    /// Trims the ends and turns each run of white space into one space.
    case collapseWhitespace = "collapse_whitespace"

    /// Applies the rewrite. White space is Unicode's; letters change case by Unicode's rules.
    ///
    /// Plain ASCII (the usual credential) takes a short cut with the same answer: computed on
    /// bytes, and without building a new string when the rewrite leaves the value as it is.
    public func apply(_ value: String) -> String {
        let fast = value.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return apply(ascii: bytes, original: value)
        }
        return (fast ?? nil) ?? applyUnicode(value)
    }

    private func applyUnicode(_ value: String) -> String {
        switch self {
        case .trim:
            return String(value.trimmingWhitespace())
        case .removeWhitespace:
            return String(String.UnicodeScalarView(value.unicodeScalars.filter { !$0.properties.isWhitespace }))
        case .uppercase:
            return value.uppercased()
        case .lowercase:
            return value.lowercased()
        case .collapseWhitespace:
            var result = String.UnicodeScalarView()
            var pendingSpace = false
            for scalar in value.unicodeScalars {
                if scalar.properties.isWhitespace {
                    pendingSpace = !result.isEmpty
                } else {
                    if pendingSpace { result.append(" ") }
                    pendingSpace = false
                    result.append(scalar)
                }
            }
            return String(result)
        }
    }

    private func apply(ascii bytes: UnsafeBufferPointer<UInt8>, original: String) -> String {
        let isSpace = NameKey.isSpace
        switch self {
        case .trim:
            var start = 0
            var end = bytes.count
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) { end -= 1 }
            if start == 0 && end == bytes.count { return original }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        case .removeWhitespace:
            guard bytes.contains(where: isSpace) else { return original }
            return Self.rewrite(bytes) { byte, output in if !isSpace(byte) { output(byte) } }
        case .collapseWhitespace:
            guard bytes.contains(where: isSpace) else { return original }
            var pendingSpace = false
            var written = false
            return Self.rewrite(bytes) { byte, output in
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
            guard bytes.contains(where: { $0 &- UInt8(ascii: "a") < 26 }) else { return original }
            return Self.rewrite(bytes) { byte, output in output(byte &- UInt8(ascii: "a") < 26 ? byte - 0x20 : byte) }
        case .lowercase:
            guard bytes.contains(where: { $0 &- UInt8(ascii: "A") < 26 }) else { return original }
            return Self.rewrite(bytes) { byte, output in output(byte.asciiLowercased) }
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

/// Another field the user may fill in instead of the one it belongs to (an account title for an account id, say).
public struct CredentialFallback: Sendable, Hashable, Codable {
    /// The key the fallback value is sent under.
    public var key: String
    /// The label the form shows for it.
    public var label: String

    /// A fallback field with its key and label.
    public init(key: String, label: String) {
        self.key = key
        self.label = label
    }
}

/// One field of the credential form, in the order the user sees it.
public struct CredentialField: Sendable, Hashable, Codable {
    /// The key the value is sent and stored under (`account_id`).
    public var key: String
    /// The label the form shows (`Account ID`).
    public var label: String
    /// What kind of value the field holds; decides masking by default.
    public var kind: CredentialKind
    /// Default `true`.
    public var required: Bool
    /// Default: by kind (`password`, `token`, `secret`). What the file says; whether the value is
    /// hidden is ``isMasked``.
    public var secret: Bool
    /// A regular expression the whole normalized value must match.
    public var pattern: String?
    /// The fewest characters the normalized value may have.
    public var minLength: Int?
    /// The most characters the normalized value may have.
    public var maxLength: Int?
    /// Applied in order to the value before it is checked and stored.
    public var normalize: [Normalizer]
    /// Each applied to the normalized value to make a further candidate to try, in order.
    public var variants: [Normalizer]
    /// Another field the user may fill in instead of this one.
    public var fallback: CredentialFallback?
    /// Where to find the value, for the form and the guide.
    public var help: String?
    /// Why a field whose key or label reads like a secret may still be shown (`secret: false`): a reason a
    /// reviewer can read, such as "the key ID names the key; it is not the key" (SPEC 19).
    public var notSecretBecause: String?
    /// Values a user would really type, each passing the field's normalization, pattern and lengths; the form
    /// shows the first as its placeholder.
    public var examples: [String]

    /// A field built in code; `secret: nil` takes the kind's default, as a file that leaves `secret:` out does.
    public init(
        key: String, label: String, kind: CredentialKind, required: Bool = true, secret: Bool? = nil,
        pattern: String? = nil, minLength: Int? = nil, maxLength: Int? = nil, normalize: [Normalizer] = [],
        variants: [Normalizer] = [], fallback: CredentialFallback? = nil, help: String? = nil,
        notSecretBecause: String? = nil, examples: [String] = []
    ) {
        self.key = key
        self.label = label
        self.kind = kind
        self.required = required
        self.secret = secret ?? kind.isSecretByDefault
        self.pattern = pattern
        self.minLength = minLength
        self.maxLength = maxLength
        self.normalize = normalize
        self.variants = variants
        self.fallback = fallback
        self.help = help
        self.notSecretBecause = notSecretBecause
        self.examples = examples
    }

    /// Whether the value is hidden wherever it is shown (SPEC 19): a `password`, `token` or `secret` field always
    /// is, whatever `secret` says; a field whose key or label reads like a secret is, unless it says `secret: false`
    /// with a reason (`not_secret_because`). Lint refuses `secret: false` where it does not count.
    public var isMasked: Bool { secret || kind.isSecretByDefault || (notSecretBecause == nil && looksSecret) }

    /// Whether the key or label holds one of the words that make a field look secret (SPEC 3a: `key`, `token`, …).
    var looksSecret: Bool { SecretWords.match(key) != nil || SecretWords.match(label) != nil }
}

/// A second credential set, for metrics as the partner reports them.
public struct PartnerMetrics: Sendable, Hashable, Codable {
    /// Whether a request must carry these credentials. When `false`, they are checked only when given.
    public var required: Bool
    /// The fields of the metrics credential form.
    public var credentials: [CredentialField]

    /// A metrics credential set; the default is none.
    public init(required: Bool = false, credentials: [CredentialField] = []) {
        self.required = required
        self.credentials = credentials
    }
}

/// An ad type as a partner file names it, with other spellings that mean the same.
public struct AdTypeName: Sendable, Hashable, Codable {
    /// The ad type as the partner reports it.
    public var name: String
    /// Other spellings rows may carry for the same ad type.
    public var aliases: [String]

    /// An ad type with its other spellings.
    public init(name: String, aliases: [String] = []) {
        self.name = name
        self.aliases = aliases
    }

    /// Every spelling: the name first, then the aliases.
    public var spellings: [String] { [name] + aliases }
}

/// Which ad types reach creative level. Exactly one of the two lists is given in a partner file.
public enum AdTypeRule: Sendable, Hashable, Codable {
    /// These ad types are ad-level only; all others reach creative level.
    case unsupported([AdTypeName])
    /// Only these ad types reach creative level; all others (and an empty ad type) are ad-level only.
    case supported([AdTypeName])

    /// The ad types listed, whichever of the two lists holds them.
    public var names: [AdTypeName] {
        switch self {
        case .unsupported(let names), .supported(let names): return names
        }
    }

    /// The partner file's key for the list under `ad_types:`: `unsupported` or `supported`.
    package var fileKey: String {
        switch self {
        case .unsupported: return "unsupported"
        case .supported: return "supported"
        }
    }

    /// The rule the file key `key` names, listing `names`; `nil` for any other key.
    package init?(fileKey key: String, names: [AdTypeName]) {
        switch key {
        case "unsupported": self = .unsupported(names)
        case "supported": self = .supported(names)
        default: return nil
        }
    }
}

/// What data a superseded media source duplicates while both integrations are active.
public enum DuplicatedData: String, Sendable, Hashable, Codable, CaseIterable {
    /// Performance rows (installs, spend, …) arrive under both media sources.
    case performance
    /// Creatives arrive under both media sources.
    case creatives
}

/// A legacy media source that this partner's integration replaces.
public struct SupersededSource: Sendable, Hashable, Codable {
    /// The legacy media-source id rows still carry.
    public var mediaSource: String
    /// The legacy integration's display name.
    public var name: String
    /// When the superseding integration appeared.
    public var introduced: CalendarDate?
    /// No new legacy integrations from this day on.
    public var deprecated: CalendarDate?
    /// What data arrives twice while the legacy and the new integration are both active.
    public var duplicates: [DuplicatedData]

    /// A superseded source built in code.
    public init(
        mediaSource: String, name: String, introduced: CalendarDate? = nil, deprecated: CalendarDate? = nil,
        duplicates: [DuplicatedData] = []
    ) {
        self.mediaSource = mediaSource
        self.name = name
        self.introduced = introduced
        self.deprecated = deprecated
        self.duplicates = duplicates
    }
}

/// How strongly a partner wants the user who integrated ROI360 to make this integration too.
public enum SameUserPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Any user may make the integration.
    case none
    /// The user who integrated ROI360 should make it; another user gets a warning.
    case recommended
}

/// What a partner asks of accounts that subscribe to ROI360 (`roi360:` in the partner file).
public struct ROI360Policy: Sendable, Hashable, Codable {
    /// Whether the user who integrated ROI360 should make this integration too.
    public var sameUser: SameUserPolicy

    /// A policy; the default asks nothing.
    public init(sameUser: SameUserPolicy = .none) {
        self.sameUser = sameUser
    }
}

/// Text for the rendered set-up guide.
public struct Setup: Sendable, Hashable, Codable {
    /// What the user needs before starting, one line each.
    public var prerequisites: [String]
    /// Anything else the guide should say about this partner.
    public var notes: [String]

    /// Guide text built in code; empty by default.
    public init(prerequisites: [String] = [], notes: [String] = []) {
        self.prerequisites = prerequisites
        self.notes = notes
    }
}

/// The identifiers a segment file can carry.
public enum AudienceIdentifier: String, Sendable, Hashable, Codable, CaseIterable {
    /// Mobile advertising ids (GAID, IDFA).
    case adid
    /// E-mail addresses.
    case email
    /// Phone numbers.
    case phone

    /// The header line of a segment file of this identifier.
    public var segmentHeader: String {
        switch self {
        case .adid: return "advertiser_id_sha256"
        case .email: return "email_sha256"
        case .phone: return "phone_sha256"
        }
    }

    /// The `/sync` body key that carries the URL of this identifier's segment file.
    public var syncKey: String { "url_\(rawValue)_sha256" }
}

/// A partner's audience endpoints (`/validate`, `/create`, `/sync` below `endpoint`).
public struct AudienceEndpoint: Sendable, Hashable, Codable {
    /// Which identifiers the partner accepts in segment files.
    public var identifiers: [AudienceIdentifier]
    /// The https base URL of the partner's audience API.
    public var endpoint: String
    /// A regular expression every API key this partner issues matches.
    public var apiKeyPattern: String?

    /// An audience endpoint built in code.
    public init(identifiers: [AudienceIdentifier], endpoint: String, apiKeyPattern: String? = nil) {
        self.identifiers = identifiers
        self.endpoint = endpoint
        self.apiKeyPattern = apiKeyPattern
    }
}

/// A day in the proleptic Gregorian calendar, written `YYYY-MM-DD`; no time, no zone.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, four digits when written.
    public var year: Int
    /// The month, 1 to 12.
    public var month: Int
    /// The day of the month, from 1.
    public var day: Int

    /// Parses `YYYY-MM-DD`, refusing days that do not exist (2023-02-30).
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in utf8[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), day >= 1, day <= CalendarDate.days(inMonth: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A day from its parts, which the caller has checked exist.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Why `text`, written as `YYYY-MM-DD` with digits, names no day, in words ("February 2024 has 29 days",
    /// "2023 is not a leap year: February 2023 has 28 days", "there is no month 13"); `nil` when it is a day or is
    /// not written as a date at all.
    public static func whyNotADay(_ text: some StringProtocol) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts.map(\.utf8.count) == [4, 2, 2],
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } })
        else { return nil }
        guard (1...12).contains(month) else { return "there is no month \(month)" }
        guard day >= 1 else { return "there is no day 0 in a month" }
        let days = Self.days(inMonth: month, year: year)
        guard day > days else { return nil }
        let monthName = Self.monthNames[month - 1]
        if month == 2 && day == 29 { return "\(year) is not a leap year: \(monthName) \(year) has 28 days" }
        return "\(monthName) \(year) has \(days) days"
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Earlier days sort first.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a date as YYYY-MM-DD")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
