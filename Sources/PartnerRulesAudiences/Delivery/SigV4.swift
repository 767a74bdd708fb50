import Crypto
import PartnerRules
public import PartnerRulesAudiencesCore
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
        var headers = request.headers
        headers.append(("host", request.host))
        headers.append(("x-amz-content-sha256", payloadHash))
        headers.append(("x-amz-date", time.text))
        if let token = credentials.sessionToken { headers.append(("x-amz-security-token", token.value)) }
        let (canonical, names, signed) = SigV4Canonical.request(request, headers: headers, payloadHash: payloadHash)
        headers = signed
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
}
