public import PartnerRules

/// The platform an audience is for; each platform gets its own container.
public enum AudiencePlatform: String, Sendable, Hashable, Codable, CaseIterable {
    case android
    case ios
}

/// The body of `POST {endpoint}/validate`: is this advertiser's API key good?
public struct ValidateRequest: Sendable, Hashable, Codable {
    public var apiKey: Secret

    public init(apiKey: Secret) { self.apiKey = apiKey }

    enum CodingKeys: String, CodingKey {
        case apiKey = "api_key"
    }
}

/// The body of `POST {endpoint}/create`: make a new container for one audience on one platform.
public struct CreateRequest: Sendable, Hashable, Codable {
    public var apiKey: Secret
    public var name: AudienceName
    public var platform: AudiencePlatform

    public init(apiKey: Secret, name: AudienceName, platform: AudiencePlatform) {
        self.apiKey = apiKey
        self.name = name
        self.platform = platform
    }

    enum CodingKeys: String, CodingKey {
        case apiKey = "api_key"
        case name
        case platform
    }
}

/// The answer to `/create`: the partner's id for the new container, different on every call.
public struct CreateResponse: Sendable, Hashable, Codable {
    public var containerID: ContainerID

    public init(containerID: ContainerID) { self.containerID = containerID }

    enum CodingKeys: String, CodingKey {
        case containerID = "container_id"
    }
}

/// The body of `POST {endpoint}/sync`: where the container's segment files can be downloaded.
///
/// It carries exactly one URL for each identifier the partner supports, under `url_adid_sha256`,
/// `url_email_sha256` and `url_phone_sha256`; ``init(apiKey:containerID:urls:supported:)`` refuses any other set.
public struct SyncRequest: Sendable, Hashable, Codable {
    public var apiKey: Secret
    public var containerID: ContainerID
    /// One pull URL per identifier.
    public var urls: [AudienceIdentifier: String]

    /// Builds the body, checking that `urls` names each identifier in `supported` and nothing else.
    public init(
        apiKey: Secret, containerID: ContainerID, urls: [AudienceIdentifier: String], supported: [AudienceIdentifier]
    ) throws(AudienceContractError) {
        let missing = supported.filter { urls[$0] == nil }
        let extra = urls.keys.filter { !supported.contains($0) }.sorted { $0.rawValue < $1.rawValue }
        guard missing.isEmpty, extra.isEmpty else { throw .syncURLs(missing: missing, unsupported: extra) }
        self.apiKey = apiKey
        self.containerID = containerID
        self.urls = urls
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case apiKey = "api_key"
        case containerID = "container_id"
        case adid = "url_adid_sha256"
        case email = "url_email_sha256"
        case phone = "url_phone_sha256"

        static func url(_ identifier: AudienceIdentifier) -> CodingKeys {
            switch identifier {
            case .adid: return .adid
            case .email: return .email
            case .phone: return .phone
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiKey = try container.decode(Secret.self, forKey: .apiKey)
        containerID = try container.decode(ContainerID.self, forKey: .containerID)
        var urls: [AudienceIdentifier: String] = [:]
        for identifier in AudienceIdentifier.allCases {
            if let url = try container.decodeIfPresent(String.self, forKey: .url(identifier)) { urls[identifier] = url }
        }
        guard !urls.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: .adid, in: container, debugDescription: "no url_*_sha256 key; name at least one segment file")
        }
        self.urls = urls
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(apiKey, forKey: .apiKey)
        try container.encode(containerID, forKey: .containerID)
        for identifier in AudienceIdentifier.allCases {
            if let url = urls[identifier] { try container.encode(url, forKey: .url(identifier)) }
        }
    }
}

/// What a partner's answer means, by status code alone, as the contract says.
public enum AudienceCallStatus: Sendable, Hashable {
    /// 200.
    case success
    /// 401: the API key is not good.
    case badAPIKey
    /// Anything else: the advertiser sees a general upload failure.
    case generalFailure(status: Int)

    public init(status: Int) {
        switch status {
        case 200: self = .success
        case 401: self = .badAPIKey
        default: self = .generalFailure(status: status)
        }
    }
}
