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
    public var encodedPath: String { SigV4Canonical.percentEncode(path, keepSlash: true) }

    /// The query as it goes on the wire and into the canonical request: encoded, sorted by name then value.
    public var encodedQuery: String {
        query.map { (SigV4Canonical.percentEncode($0.0), SigV4Canonical.percentEncode($0.1)) }
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

/// The parts of AWS Signature Version 4 that need no key: percent-encoding and the canonical request, as the S3
/// flavour wants them (paths encoded once, not twice). The signer (`SigV4` in PartnerRulesAudiences) hashes and
/// signs what this builds; kept apart so the text handling is tested and fuzzed without a network or crypto stack.
public enum SigV4Canonical {
    /// The canonical request of `request` signing `headers`, the list of signed header names (`host;x-amz-date`),
    /// and the headers as signed and to be sent: names lower-cased, values trimmed, sorted by name.
    public static func request(
        _ request: SignableRequest, headers: [(String, String)], payloadHash: String
    ) -> (canonical: String, signedHeaders: String, headers: [(String, String)]) {
        let headers = headers.map { ($0.0.lowercased(), trimmedHeaderValue($0.1)) }.sorted { $0.0 < $1.0 }
        let names = headers.map(\.0).joined(separator: ";")
        let canonical = [
            request.method, request.encodedPath, request.encodedQuery,
            headers.map { "\($0.0):\($0.1)\n" }.joined(), names, payloadHash,
        ].joined(separator: "\n")
        return (canonical, names, headers)
    }

    /// A header value as SigV4 signs it: runs of spaces folded into one, none at either end.
    public static func trimmedHeaderValue(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
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
