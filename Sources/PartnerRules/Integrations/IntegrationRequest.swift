/// What a request asks for: a new integration, or new credentials for an existing one.
public enum IntegrationOperation: String, Sendable, Hashable, Codable, CaseIterable {
    /// A new integration.
    case create
    /// A change to an integration that exists (new credentials, more apps).
    case update
}

/// One integration a user asks for (SPEC section 5, `schemas/integration-request.schema.json`).
///
/// Only `partner` and `apps` matter to every partner; the rest is checked where the partner's
/// file switches the matching rule on. Absent optional parts are not judged: a request without
/// `roles` is not refused for roles, one without `roi360` gets no ROI360 warning.
public struct IntegrationRequest: Sendable, Hashable {
    /// `create` (the default) or `update`.
    public var operation: IntegrationOperation
    /// The partner by id, display name, alias or media source, case-insensitively.
    public var partner: String
    /// Android package names (`com.acme.game`) or iOS app ids (`id1234567890`).
    public var apps: [String]
    /// The user making the integration (an email address).
    public var user: String?
    /// The credential form as filled in, by field key. A `null` value counts as not given.
    public var credentials: [String: String]
    /// The outcome of the partner's login, for OAuth partners.
    public var oauth: OAuthGrant?
    /// The partner-metrics credentials, by field key, when given.
    public var partnerMetrics: [String: String]?
    /// The agency the integration is made through; `nil` for a direct integration.
    public var agency: AgencyReference?
    /// The integrating user's account roles at the partner, when known.
    public var roles: [String]?
    /// The account's ROI360 subscription, when known.
    public var roi360: ROI360Status?

    /// A request built in code; what is left out is what a JSON request leaves out.
    public init(
        operation: IntegrationOperation = .create, partner: String, apps: [String], user: String? = nil,
        credentials: [String: String] = [:], oauth: OAuthGrant? = nil, partnerMetrics: [String: String]? = nil,
        agency: AgencyReference? = nil, roles: [String]? = nil, roi360: ROI360Status? = nil
    ) {
        self.operation = operation
        self.partner = partner
        self.apps = apps
        self.user = user
        self.credentials = credentials
        self.oauth = oauth
        self.partnerMetrics = partnerMetrics
        self.agency = agency
        self.roles = roles
        self.roi360 = roi360
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case operation, partner, apps, user, credentials, oauth
        case partnerMetrics = "partner_metrics"
        case agency, roles, roi360
    }

}

/// The outcome of an OAuth login.
public struct OAuthGrant: Sendable, Hashable {
    /// The user logged in and granted access.
    public var granted: Bool?
    /// The user granted every permission the partner asked for.
    public var fullPermissions: Bool?

    /// The outcome of the partner's login; `nil`: not known.
    public init(granted: Bool? = nil, fullPermissions: Bool? = nil) {
        self.granted = granted
        self.fullPermissions = fullPermissions
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case granted
        case fullPermissions = "full_permissions"
    }

}

/// The agency an integration is made through.
public struct AgencyReference: Sendable, Hashable {
    /// The agency's id.
    public var id: String
    /// Whether the agency is transparent; only transparent agencies share data. `nil`: not known.
    public var transparent: Bool?

    /// The agency by its id, and whether it is transparent when known.
    public init(id: String, transparent: Bool? = nil) {
        self.id = id
        self.transparent = transparent
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, transparent
    }

}

/// The account's ROI360 subscription.
public struct ROI360Status: Sendable, Hashable {
    /// Whether the account subscribes to ROI360. Only an explicit `false` warns about cost data.
    public var subscribed: Bool?
    /// The user who integrated ROI360 with this partner.
    public var integratedBy: String?

    /// The account's ROI360 state; `nil`: not known.
    public init(subscribed: Bool? = nil, integratedBy: String? = nil) {
        self.subscribed = subscribed
        self.integratedBy = integratedBy
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case subscribed
        case integratedBy = "integrated_by"
    }

}

/// An integration that is already active (an element of the `--existing` array).
///
/// `mediaSource` identifies it when given; otherwise `partner`, by any of its names.
public struct ExistingIntegration: Sendable, Hashable {
    /// The partner, by any name it answers to; used when `mediaSource` is absent.
    public var partner: String?
    /// The media source it was made under (a superseded one included).
    public var mediaSource: String?
    /// The apps it covers.
    public var apps: [String]
    /// The user who holds it, for partners that allow one connection per user.
    public var user: String?
    /// The agency id for an agency integration; `nil` for a direct one.
    public var agency: String?

    /// An active integration; name the partner, the media source or both.
    public init(partner: String? = nil, mediaSource: String? = nil, apps: [String], user: String? = nil, agency: String? = nil) {
        self.partner = partner
        self.mediaSource = mediaSource
        self.apps = apps
        self.user = user
        self.agency = agency
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case partner
        case mediaSource = "media_source"
        case apps, user, agency
    }

}


// MARK: Printing without the secrets

/// `print(request)`, `"\(request)"`, `debugPrint(request)` and `dump(request)` show every credential's key with
/// `***` for its value (credentials and partner-metrics alike: which fields are secret is the catalog's to say, so
/// none is shown), as a verdict does for a secret field. The JSON writer (``jsonBytes()``) writes the values: it is
/// what a request is sent with.
extension IntegrationRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var parts = ["operation: \(operation.rawValue)", "partner: \(partner.debugDescription)", "apps: \(apps)"]
        if let user { parts.append("user: \(user.debugDescription)") }
        parts.append("credentials: \(Self.masked(credentials))")
        if let oauth { parts.append("oauth: \(oauth)") }
        if let partnerMetrics { parts.append("partner_metrics: \(Self.masked(partnerMetrics))") }
        if let agency { parts.append("agency: \(agency)") }
        if let roles { parts.append("roles: \(roles)") }
        if let roi360 { parts.append("roi360: \(roi360)") }
        return "IntegrationRequest(\(parts.joined(separator: ", ")))"
    }

    /// The same as ``description``: credentials masked, so `debugPrint` shows no secret either.
    public var debugDescription: String { description }

    /// The request's parts with its credentials masked, so `dump` and debuggers show no secret.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "operation": operation, "partner": partner, "apps": apps, "user": user as Any,
                "credentials": Self.masked(credentials), "oauth": oauth as Any,
                "partnerMetrics": partnerMetrics.map(Self.masked) as Any, "agency": agency as Any, "roles": roles as Any,
                "roi360": roi360 as Any,
            ],
            displayStyle: .struct)
    }

    /// The keys of `values`, each with ``Verdict/mask`` for its value, in key order.
    static func masked(_ values: [String: String]) -> MaskedCredentials {
        MaskedCredentials(keys: values.keys.sorted())
    }
}

/// Credential keys shown with masked values: `["email": "***", "password": "***"]`.
struct MaskedCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    var keys: [String]

    var description: String {
        keys.isEmpty ? "[:]" : "[" + keys.map { "\($0.debugDescription): \"\(Verdict.mask)\"" }.joined(separator: ", ") + "]"
    }

    var debugDescription: String { description }

    var customMirror: Mirror {
        Mirror(self, children: keys.map { (label: $0 as String?, value: Verdict.mask as Any) }, displayStyle: .dictionary)
    }
}

extension CheckBody: CustomStringConvertible, CustomDebugStringConvertible {
    /// The request with its credentials masked (``IntegrationRequest/description``).
    public var description: String {
        "CheckBody(request: \(request), existing: \(existing.count) integrations, today: \(today.map { "\($0)" } ?? "nil"))"
    }

    /// The same as ``description``: credentials masked.
    public var debugDescription: String { description }
}
