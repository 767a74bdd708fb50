/// The answer to one integration request: whether it may go ahead, what to do, and why not.
///
/// Written as the JSON of SPEC section 5 (`schemas/verdict.schema.json`) by ``jsonBytes(pretty:)``;
/// its `Codable` conformance is derived from that writer and its reader. Secret credential
/// values never appear in a verdict: they show as `***`, and no message quotes a value.
public struct Verdict: Sendable, Hashable {
    /// `true` when there are no errors (warnings allowed).
    public var valid: Bool
    /// The id of the partner the request resolved to; `nil` when it names no known partner.
    public var partner: String?
    /// The media source the integration is made under: the one the request names when it names
    /// one (a superseded one included), else the partner's first media source.
    public var mediaSource: String?
    /// What the service should do.
    public var plan: IntegrationPlan
    /// The partner-file places that decided the plan (SPEC 5a): `credentials_mutable:` for an update; empty when
    /// the request's operation alone decided it.
    public var planBecause: [SourcePlace]
    /// Why the request may not go ahead, in the order the rules ran.
    public var errors: [Issue]
    /// What the user should know even though the request may go ahead.
    public var warnings: [Issue]
    /// The normalized credential values by key; secret ones as `***`.
    public var credentials: [String: String]
    /// For fields with `variants`: the values to try, in order (normalized value first, no repeats).
    public var candidates: [String: [String]]
    /// The partner's ad types that are reported at ad level only (or the only ones reported per creative).
    public var adLevelOnly: AdLevelOnly?

    /// A verdict built in code (tests, replays); the checker makes the real ones.
    public init(
        valid: Bool, partner: String?, mediaSource: String?, plan: IntegrationPlan, planBecause: [SourcePlace] = [],
        errors: [Issue] = [], warnings: [Issue] = [], credentials: [String: String] = [:],
        candidates: [String: [String]] = [:], adLevelOnly: AdLevelOnly? = nil
    ) {
        self.valid = valid
        self.partner = partner
        self.mediaSource = mediaSource
        self.plan = plan
        self.planBecause = planBecause
        self.errors = errors
        self.warnings = warnings
        self.credentials = credentials
        self.candidates = candidates
        self.adLevelOnly = adLevelOnly
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case valid, partner
        case mediaSource = "media_source"
        case plan
        case planBecause = "plan_because"
        case errors, warnings, credentials, candidates
        case adLevelOnly = "ad_level_only"
    }

    /// The text shown instead of a secret value.
    public static let mask = "***"

    /// One error or warning: a stable code, where in the request, what to do, and which partner facts decided it.
    public struct Issue: Sendable, Hashable {
        /// The stable code a program can switch on (`missing_credential`).
        public var code: IssueCode
        /// A JSON path into the request (`credentials.password`, `apps[1]`, `roles`).
        public var path: String
        /// Lower-case, no trailing period; names the thing and the fix. Never quotes a credential value.
        public var message: String
        /// The partner-file places whose facts decided the issue (SPEC 5a): the credential field, `auth:`, the role,
        /// the `supersedes` entry, … Empty only where no partner fact is involved (an unknown partner, the apps).
        public var because: [SourcePlace]

        /// An issue built in code; the checker makes the real ones.
        public init(code: IssueCode, path: String, message: String, because: [SourcePlace] = []) {
            self.code = code
            self.path = path
            self.message = message
            self.because = because
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case code, path, message, because
        }
    }
}

/// What the service does with a request that may go ahead.
public enum IntegrationPlan: String, Sendable, Hashable, Codable, CaseIterable {
    /// Create a new integration.
    case create
    /// Change the credentials of the existing integration.
    case updateInPlace = "update_in_place"
    /// The partner does not let credentials change: delete the integration and create it again.
    case deleteAndRecreate = "delete_and_recreate"
}

/// A partner's ad-type rule as a verdict shows it, by the names the partner file gives.
public enum AdLevelOnly: Sendable, Hashable {
    /// These ad types are reported at ad level only; all others per creative.
    case unsupported([String])
    /// Only these ad types are reported per creative; all others at ad level only.
    case supported([String])

    init(_ rule: AdTypeRule) {
        switch rule {
        case .unsupported(let names): self = .unsupported(names.map(\.name))
        case .supported(let names): self = .supported(names.map(\.name))
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case unsupported, supported
    }
}
