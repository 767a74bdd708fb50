import Crypto
import PartnerRules
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// AWS credentials: from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optionally `AWS_SESSION_TOKEN`.
///
/// The secret key and the session token are ``Secret``s: printing credentials shows the key id and `***`.
public struct AWSCredentials: Sendable, Hashable {
    public var accessKeyID: String
    public var secretAccessKey: Secret
    public var sessionToken: Secret?

    public init(accessKeyID: String, secretAccessKey: Secret, sessionToken: Secret? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Reads the standard variables from `environment`; throws naming the variable that is missing.
    public init(environment: [String: String]) throws(DeliveryError) {
        guard let keyID = environment["AWS_ACCESS_KEY_ID"], !keyID.isEmpty else {
            throw .missingEnvironment("AWS_ACCESS_KEY_ID")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw .missingEnvironment("AWS_SECRET_ACCESS_KEY")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : Secret($0) }
        self.init(accessKeyID: keyID, secretAccessKey: Secret(secret), sessionToken: token)
    }
}

/// A moment as AWS writes it: `20260523T091923Z`, and its day `20260523`.
public struct AWSTimestamp: Sendable, Hashable {
    /// `YYYYMMDD'T'HHMMSS'Z'`, UTC.
    public let text: String

    /// The moment `secondsSince1970` seconds after the Unix epoch, UTC.
    public init(secondsSince1970: Int) {
        let days = secondsSince1970 >= 0 ? secondsSince1970 / 86_400 : (secondsSince1970 - 86_399) / 86_400
        let seconds = secondsSince1970 - days * 86_400
        let date = CalendarDate(daysSinceEpoch: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        text = pad(date.year, 4) + pad(date.month, 2) + pad(date.day, 2) + "T" + pad(seconds / 3600, 2)
            + pad(seconds % 3600 / 60, 2) + pad(seconds % 60, 2) + "Z"
    }

    /// The current moment.
    public static func now() -> AWSTimestamp {
        AWSTimestamp(secondsSince1970: Int(time(nil)))
    }

    /// `YYYYMMDD`.
    public var day: String { String(text.prefix(8)) }
}

/// One HTTP request in the parts that AWS Signature Version 4 signs.
public struct SignableRequest: Sendable {
    public var method: String
    /// `http` or `https`.
    public var scheme: String
    /// Host and, when not the scheme's default, `:port`; sent as the `Host` header.
    public var host: String
    /// The path, not yet percent-encoded (`/bucket/a key.csv`).
    public var path: String
    /// Query parameters, not yet percent-encoded.
    public var query: [(String, String)]
    /// Headers to send and sign besides `host` and the `x-amz-*` ones the signer adds.
    public var headers: [(String, String)]

    public init(
        method: String, scheme: String, host: String, path: String, query: [(String, String)] = [],
        headers: [(String, String)] = []
    ) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
    }

    /// The path as it goes on the wire and into the canonical request: each segment percent-encoded, `/` kept.
    public var encodedPath: String { SigV4.percentEncode(path, keepSlash: true) }

    /// The query as it goes on the wire and into the canonical request: encoded, sorted by name then value.
    public var encodedQuery: String {
        query.map { (SigV4.percentEncode($0.0), SigV4.percentEncode($0.1)) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// The full URL.
    public var url: String {
        let query = encodedQuery
        return "\(scheme)://\(host)\(encodedPath)" + (query.isEmpty ? "" : "?\(query)")
    }
}

/// AWS Signature Version 4 for S3: signing headers (`Authorization`) and pre-signing URLs (query parameters).
///
/// Follows the S3 flavour: paths are encoded once (not twice), and payloads are identified by their SHA-256 in
/// `x-amz-content-sha256` (`UNSIGNED-PAYLOAD` in pre-signed URLs).
public struct SigV4: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The SHA-256 of an empty payload, in hex.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The headers to send with `request`: its own, `host`, `x-amz-date`, `x-amz-content-sha256`,
    /// `x-amz-security-token` (with a session token) and `authorization`.
    public func signedHeaders(for request: SignableRequest, payloadHash: String, at time: AWSTimestamp) -> [(String, String)] {
        var headers = request.headers.map { ($0.0.lowercased(), trimmedHeaderValue($0.1)) }
        headers.append(("host", request.host))
        headers.append(("x-amz-content-sha256", payloadHash))
        headers.append(("x-amz-date", time.text))
        if let token = credentials.sessionToken { headers.append(("x-amz-security-token", token.value)) }
        headers.sort { $0.0 < $1.0 }
        let names = headers.map(\.0).joined(separator: ";")
        let canonical = [
            request.method, request.encodedPath, request.encodedQuery,
            headers.map { "\($0.0):\($0.1)\n" }.joined(), names, payloadHash,
        ].joined(separator: "\n")
        let signature = sign(canonicalRequest: canonical, at: time)
        headers.append((
            "authorization",
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(time)), SignedHeaders=\(names), Signature=\(signature)"
        ))
        return headers
    }

    /// `request` (a GET, usually) with the query parameters that let anyone holding the URL make it until
    /// `expires` seconds after `time`; only the `host` header is signed.
    public func presigned(_ request: SignableRequest, expires: Int, at time: AWSTimestamp) -> SignableRequest {
        var request = request
        request.headers = []
        request.query += [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(time))"),
            ("X-Amz-Date", time.text),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", "host"),
        ]
        if let token = credentials.sessionToken { request.query.append(("X-Amz-Security-Token", token.value)) }
        let canonical = [
            request.method, request.encodedPath, request.encodedQuery, "host:\(request.host)\n", "host", "UNSIGNED-PAYLOAD",
        ].joined(separator: "\n")
        request.query.append(("X-Amz-Signature", sign(canonicalRequest: canonical, at: time)))
        return request
    }

    private func scope(_ time: AWSTimestamp) -> String {
        "\(time.day)/\(region)/\(service)/aws4_request"
    }

    private func sign(canonicalRequest: String, at time: AWSTimestamp) -> String {
        let stringToSign = [
            "AWS4-HMAC-SHA256", time.text, scope(time), SigV4.hexSHA256(Array(canonicalRequest.utf8)),
        ].joined(separator: "\n")
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey.value)".utf8))
        for part in [time.day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let signature = HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key)
        return SigV4.hex(Array(signature))
    }

    private func trimmedHeaderValue(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func hexSHA256(_ bytes: [UInt8]) -> String {
        hex(Array(SHA256.hash(data: bytes)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters kept, everything else `%XX` (upper-case).
    public static func percentEncode(_ text: String, keepSlash: Bool = false) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
