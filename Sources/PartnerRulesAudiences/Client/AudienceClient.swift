public import AsyncHTTPClient
public import NIOCore
import NIOHTTP1
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Calls a partner's audience endpoints: `/validate`, `/create` and `/sync` below `endpoint`.
///
/// Every call has a deadline (`timeout`, covering connect, send and the whole answer). A call whose connection is
/// dropped before an answer arrives is sent once more; an answer of any status, including 401, is final.
public struct AudienceClient: Sendable {
    /// The base URL, without a trailing `/`.
    public let endpoint: String
    /// The deadline of one attempt.
    public var timeout: TimeAmount
    /// The largest answer body read.
    public var maximumResponseBytes = 64 * 1024
    private let http: HTTPClient

    public init(endpoint: String, httpClient: HTTPClient = .shared, timeout: TimeAmount = .seconds(10)) {
        var endpoint = endpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        self.http = httpClient
        self.timeout = timeout
    }

    /// `/validate`: returns when the partner accepts the key; throws ``AudienceClientError/badAPIKey`` on 401.
    public func validate(apiKey: Secret) async throws(AudienceClientError) {
        try await call("validate", ValidateRequest(apiKey: apiKey), apiKey: apiKey).requireSuccess(apiKey)
    }

    /// `/create`: the new container's id.
    public func create(_ request: CreateRequest) async throws(AudienceClientError) -> ContainerID {
        let response = try await call("create", request, apiKey: request.apiKey)
        try response.requireSuccess(request.apiKey)
        do {
            return try JSONDecoder().decode(CreateResponse.self, from: Data(response.body)).containerID
        } catch {
            throw .malformedResponse(
                call: "create", reason: request.apiKey.redacting("expected {\"container_id\": letters and digits}: \(error)"))
        }
    }

    /// `/sync`: returns when the partner has accepted the URLs (it downloads afterwards).
    public func sync(_ request: SyncRequest) async throws(AudienceClientError) {
        try await call("sync", request, apiKey: request.apiKey).requireSuccess(request.apiKey)
    }

    /// Sends `body` as JSON to `{endpoint}/{path}` and returns whatever came back, for callers that judge it themselves.
    ///
    /// Throws only when no answer came: ``AudienceClientError/transport(call:reason:)``.
    public func call(_ path: String, _ body: some Encodable, apiKey: Secret) async throws(AudienceClientError)
        -> AudienceResponse
    {
        let bytes: Data
        do {
            bytes = try JSONEncoder().encode(body)
        } catch {
            throw .malformedResponse(call: path, reason: "cannot encode the request: \(error)")
        }
        var request = HTTPClientRequest(url: "\(endpoint)/\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: bytes))
        var attempt = 1
        while true {
            let started = ContinuousClock.now
            do {
                let response = try await http.execute(request, timeout: timeout)
                let buffer = try await response.body.collect(upTo: maximumResponseBytes)
                return AudienceResponse(
                    status: Int(response.status.code), body: Array(buffer.readableBytesView),
                    elapsed: ContinuousClock.now - started, attempts: attempt)
            } catch {
                if attempt == 1, AudienceClient.isDroppedConnection(error) {
                    attempt += 1
                    continue
                }
                throw .transport(call: path, reason: apiKey.redacting(AudienceClient.describe(error)))
            }
        }
    }

    /// Whether `error` means the connection went away before an answer: the one case worth a second try.
    public static func isDroppedConnection(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .remoteConnectionClosed
        }
        if let error = error as? ChannelError {
            return error == .ioOnClosedChannel || error == .eof
        }
        if let error = error as? IOError {
            return error.errnoCode == ECONNRESET || error.errnoCode == EPIPE
        }
        return false
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout: return "no answer within the time-out"
            case .connectTimeout: return "could not connect within the time-out"
            case .remoteConnectionClosed: return "the connection was closed before an answer, twice"
            default: return "\(error)"
            }
        }
        return "\(error)"
    }
}

/// One answer from a partner, as it came back.
public struct AudienceResponse: Sendable, Hashable {
    public var status: Int
    public var body: [UInt8]
    /// From sending the request to the end of the answer (of the last attempt).
    public var elapsed: Duration
    /// 2 when the first connection was dropped and the call was sent again.
    public var attempts: Int

    /// What the status means under the contract.
    public var outcome: AudienceCallStatus { AudienceCallStatus(status: status) }

    /// The body as text, cut to `limit` characters, with `secret` masked: safe to put in a message.
    public func excerpt(_ limit: Int = 200, masking secret: Secret) -> String {
        let text = String(decoding: body, as: UTF8.self)
        let cut = text.count > limit ? String(text.prefix(limit)) + "…" : text
        return secret.redacting(cut)
    }

    func requireSuccess(_ apiKey: Secret) throws(AudienceClientError) {
        switch outcome {
        case .success: return
        case .badAPIKey: throw .badAPIKey
        case .generalFailure(let status): throw .generalFailure(status: status, body: excerpt(masking: apiKey))
        }
    }
}

/// Why a call to a partner did not succeed.
public enum AudienceClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 401: the partner does not accept the API key.
    case badAPIKey
    /// Any other status: a general upload failure, with what came back.
    case generalFailure(status: Int, body: String)
    /// No answer: connection refused, time-out, or a connection dropped twice.
    case transport(call: String, reason: String)
    /// A 200 whose body is not what the contract says.
    case malformedResponse(call: String, reason: String)

    public var description: String {
        switch self {
        case .badAPIKey:
            return "the partner refused the API key (401)"
        case .generalFailure(let status, let body):
            return "upload failed: the partner answered \(status)" + (body.isEmpty ? "" : ": \(body)")
        case .transport(let call, let reason):
            return "/\(call): \(reason)"
        case .malformedResponse(let call, let reason):
            return "/\(call): \(reason)"
        }
    }
}
