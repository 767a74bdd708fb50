import PartnerRules
public import PartnerRulesAudiencesCore

/// Why a segment file could not be delivered. Messages never carry a secret or a signature.
public enum DeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingEnvironment(String)
    case badEndpoint(String)
    case badPullKey
    case segment(SegmentError)
    case contract(AudienceContractError)
    case unknownPartner(String)
    case noAudiences(partner: String)
    /// The store answered with an error status; `code` and `message` are S3's `<Code>` and `<Message>`.
    case storeRefused(operation: String, status: Int, code: String, message: String)
    case transport(operation: String, reason: String)

    public var description: String {
        switch self {
        case .missingEnvironment(let name):
            return "\(name) is not set; export it (credentials are read from the environment only)"
        case .badEndpoint(let url):
            return "endpoint URL '\(url)' is not http(s)://host[:port]"
        case .badPullKey:
            return "PARTNER_PULL_KEY must be 1 to 128 ASCII letters, digits, '-', '_', '.' or '~'"
        case .segment(let error):
            return error.description
        case .contract(let error):
            return error.description
        case .unknownPartner(let name):
            return "no partner '\(name)' in the catalog"
        case .noAudiences(let partner):
            return "partner '\(partner)' has no audiences section; it receives no segment files"
        case .storeRefused(let operation, let status, let code, let message):
            let detail = [code, message].filter { !$0.isEmpty }.joined(separator: ": ")
            return "\(operation): the store answered \(status)" + (detail.isEmpty ? "" : " (\(detail))")
        case .transport(let operation, let reason):
            return "\(operation): \(reason)"
        }
    }
}
