public import AsyncHTTPClient
public import NIOCore
public import PartnerRules
public import PartnerRulesAudiencesCore
import NIOHTTP1
import Foundation
internal import ByteIO

/// A bucket in an S3-compatible store, reached with path-style URLs (`{endpoint}/{bucket}/{key}`) and SigV4.
///
/// Files up to ``partSize`` go up in one `PUT`; larger ones as a multipart upload of `partSize` parts, each part
/// tried up to ``partAttempts`` times, and the upload aborted (so the store keeps no orphaned parts) when a part
/// or the completion fails for good.
public struct S3Store: Sendable {
    public let scheme: String
    /// Host and port, as the `Host` header says them.
    public let host: String
    public let bucket: String
    public let signer: SigV4
    /// The deadline of one request.
    public var timeout: TimeAmount = .seconds(60)
    /// 8 MiB: the size of multipart parts and the largest single `PUT`.
    public var partSize = 8 * 1024 * 1024
    public var partAttempts = 3
    private let http: HTTPClient
    /// Returns the time to sign with; tests fix it.
    private let clock: @Sendable () -> AWSTimestamp

    /// - Parameter endpoint: `http(s)://host[:port]`, without a path.
    public init(
        endpoint: String, bucket: String, signer: SigV4, httpClient: HTTPClient = .shared,
        clock: @escaping @Sendable () -> AWSTimestamp = { AWSTimestamp.now() }
    ) throws(DeliveryError) {
        var rest = Substring(endpoint)
        let scheme: String
        if rest.hasPrefix("http://") {
            scheme = "http"
        } else if rest.hasPrefix("https://") {
            scheme = "https"
        } else {
            throw .badEndpoint(endpoint)
        }
        rest = rest.dropFirst(scheme.count + 3)
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("?"), !rest.contains("@") else {
            throw .badEndpoint(endpoint)
        }
        self.scheme = scheme
        var host = String(rest)
        if scheme == "http", host.hasSuffix(":80") { host.removeLast(3) }
        if scheme == "https", host.hasSuffix(":443") { host.removeLast(4) }
        self.host = host
        self.bucket = bucket
        self.signer = signer
        self.http = httpClient
        self.clock = clock
    }

    /// The request for `key`, unsigned.
    public func request(_ method: String, key: String?, query: [(String, String)] = []) -> SignableRequest {
        SignableRequest(method: method, scheme: scheme, host: host, path: "/\(bucket)" + (key.map { "/\($0)" } ?? ""), query: query)
    }

    /// A URL that lets anyone download `key` with a plain GET for `expires` seconds from `time`.
    public func presignedGET(key: String, expires: Int, at time: AWSTimestamp? = nil) -> SignableRequest {
        signer.presigned(request("GET", key: key), expires: expires, at: time ?? clock())
    }

    /// Creates the bucket (for tests and first set-up); an existing bucket of ours is fine.
    public func createBucket() async throws(DeliveryError) {
        let response = try await send(request("PUT", key: nil), body: [], operation: "create bucket")
        guard response.status == 200 || response.code == "BucketAlreadyOwnedByYou" else {
            throw response.refusal("create bucket")
        }
    }

    /// Uploads the file at `path` to `key`: one PUT up to ``partSize``, a multipart upload above.
    ///
    /// Returns the number of bytes and parts (0 parts for a single PUT). `progress`, when given, counts each part
    /// once it is sent.
    @discardableResult
    public func upload(file path: String, key: String, progress: ProgressCounter? = nil) async throws(DeliveryError) -> (bytes: Int, parts: Int) {
        let file: ByteReader
        do { file = try ByteReader(path: path) } catch { throw .segment(.unreadable(path: path, reason: error.reason)) }
        let first = try file.part(upTo: partSize)
        if first.count < partSize {
            try await put(key: key, body: first)
            progress?.add(first.count)
            return (first.count, 0)
        }
        let uploadID = try await createMultipartUpload(key: key)
        do {
            var parts: [(Int, String)] = []
            var total = 0
            var chunk = first
            while !chunk.isEmpty {
                let number = parts.count + 1
                parts.append((number, try await uploadPart(key: key, uploadID: uploadID, number: number, body: chunk)))
                total += chunk.count
                progress?.add(chunk.count)
                chunk = try file.part(upTo: partSize)
            }
            try await completeMultipartUpload(key: key, uploadID: uploadID, parts: parts)
            return (total, parts.count)
        } catch {
            await abortMultipartUpload(key: key, uploadID: uploadID)
            throw error
        }
    }

    /// `PUT` of one object.
    public func put(key: String, body: [UInt8]) async throws(DeliveryError) {
        let response = try await send(request("PUT", key: key), body: body, operation: "upload")
        guard response.status == 200 else { throw response.refusal("upload") }
    }

    /// `GET` of one object, signed; for tests and checks.
    public func get(key: String) async throws(DeliveryError) -> [UInt8] {
        let response = try await send(request("GET", key: key), body: [], operation: "download", limit: 1 << 30)
        guard response.status == 200 else { throw response.refusal("download") }
        return response.body
    }

    func createMultipartUpload(key: String) async throws(DeliveryError) -> String {
        let response = try await send(request("POST", key: key, query: [("uploads", "")]), body: [], operation: "start multipart upload")
        guard response.status == 200, let uploadID = response.element("UploadId") else {
            throw response.refusal("start multipart upload")
        }
        return uploadID
    }

    func uploadPart(key: String, uploadID: String, number: Int, body: [UInt8]) async throws(DeliveryError) -> String {
        let operation = "upload part \(number)"
        let target = request("PUT", key: key, query: [("partNumber", String(number)), ("uploadId", uploadID)])
        var attempt = 1
        while true {
            var failure: DeliveryError
            do throws(DeliveryError) {
                let response = try await send(target, body: body, operation: operation)
                if response.status == 200, let etag = response.etag { return etag }
                failure = response.refusal(operation)
                // A 4xx other than throttling will not change on a second try.
                if (400..<500).contains(response.status), response.status != 429 { throw failure }
            } catch {
                failure = error
                if case .storeRefused = error { throw error }
            }
            guard attempt < partAttempts else { throw failure }
            attempt += 1
            try? await Task.sleep(for: .milliseconds(200 * attempt))
        }
    }

    func completeMultipartUpload(key: String, uploadID: String, parts: [(Int, String)]) async throws(DeliveryError) {
        let xml = "<CompleteMultipartUpload>"
            + parts.map { "<Part><PartNumber>\($0.0)</PartNumber><ETag>\(S3Response.escapeXML($0.1))</ETag></Part>" }.joined()
            + "</CompleteMultipartUpload>"
        let response = try await send(
            request("POST", key: key, query: [("uploadId", uploadID)]), body: Array(xml.utf8), operation: "complete multipart upload")
        // S3 may answer 200 and still report an error in the body.
        guard response.status == 200, response.code.isEmpty else { throw response.refusal("complete multipart upload") }
    }

    /// Best effort: a failed abort leaves parts that the bucket's lifecycle rules clean up.
    func abortMultipartUpload(key: String, uploadID: String) async {
        _ = try? await send(request("DELETE", key: key, query: [("uploadId", uploadID)]), body: [], operation: "abort multipart upload")
    }

    private func send(_ target: SignableRequest, body: [UInt8], operation: String, limit: Int = 1 << 20)
        async throws(DeliveryError) -> S3Response
    {
        let payloadHash = body.isEmpty ? SigV4.emptyPayloadHash : SigV4.hexSHA256(body)
        var request = HTTPClientRequest(url: target.url)
        request.method = HTTPMethod(rawValue: target.method)
        for (name, value) in signer.signedHeaders(for: target, payloadHash: payloadHash, at: clock()) {
            request.headers.add(name: name, value: value)
        }
        if !body.isEmpty || target.method == "PUT" || target.method == "POST" {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await http.execute(request, timeout: timeout)
            let bytes = try await response.body.collect(upTo: limit)
            return S3Response(
                status: Int(response.status.code), body: Array(bytes.readableBytesView),
                etag: response.headers.first(name: "ETag"))
        } catch {
            throw .transport(operation: operation, reason: AudienceClient.describe(error))
        }
    }
}

extension S3Response {
    func refusal(_ operation: String) -> DeliveryError {
        .storeRefused(operation: operation, status: status, code: code, message: String((element("Message") ?? "").prefix(200)))
    }
}

extension ByteReader {
    /// Up to `count` bytes of the file being uploaded; fewer only at its end.
    fileprivate func part(upTo count: Int) throws(DeliveryError) -> [UInt8] {
        do { return try read(upTo: count) } catch { throw .segment(.unreadable(path: name, reason: error.reason)) }
    }
}
