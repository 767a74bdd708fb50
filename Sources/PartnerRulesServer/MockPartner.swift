public import AsyncHTTPClient
public import Hummingbird
import PartnerRules
public import PartnerRulesAudiences
import NIOHTTP1
import Foundation
import NIOCore

/// A reference audience partner: `/validate`, `/create` and `/sync` as the contract says, plus `GET /stats`.
///
/// It checks the API key (401 otherwise), hands out a fresh letters-and-digits container id per `/create`, and on
/// `/sync` checks that each file is reachable (its GET answers 200), answers 200, and downloads the rest in the
/// background, counting the hashes that match the identifiers it was seeded with.
///
/// ``Fault``s turn it into a partner that breaks the contract in one way, for testing the conformance check.
public struct MockPartnerConfiguration: Sendable {
    /// The one API key this partner issued.
    public var apiKey: Secret
    /// Substituted for `{{PARTNER_PULL_KEY}}` in pull URLs; without it, URLs are fetched as given.
    public var pullKey: Secret?
    /// Hashes of the identifiers this partner knows (its users), under every normalization that applies.
    public var known: Set<Digest32>
    public var faults: Set<Fault>
    /// The deadline for reaching and then for downloading one file.
    public var downloadTimeout: TimeAmount

    /// A deliberate break of the contract.
    public enum Fault: String, Sendable, Hashable, CaseIterable {
        /// Answers 401 to every key, the good one too.
        case rejectGoodKey = "reject-good-key"
        /// Answers every `/create` with the same container id.
        case repeatContainerID = "repeat-container-id"
        /// Downloads the whole file before it answers `/sync`.
        case syncAfterDownload = "sync-after-download"
    }

    public init(
        apiKey: Secret, pullKey: Secret? = nil, known: Set<Digest32> = [], faults: Set<Fault> = [],
        downloadTimeout: TimeAmount = .seconds(30)
    ) {
        self.apiKey = apiKey
        self.pullKey = pullKey
        self.known = known
        self.faults = faults
        self.downloadTimeout = downloadTimeout
    }

    /// Hashes of `identifiers` (plain, one per element) as adid/email and, where it is a phone number, as phone.
    public static func hashes(ofKnown identifiers: some Sequence<String>) -> Set<Digest32> {
        var result = Set<Digest32>()
        for value in identifiers {
            for identifier in [AudienceIdentifier.email, .phone] {
                if let digest = SegmentFiles.digest(value, as: identifier) { result.insert(digest) }
            }
        }
        return result
    }
}

/// What the mock partner has seen; `GET /stats` returns it as JSON.
public struct MockPartnerStats: Sendable, Hashable, Codable {
    public var validations = 0
    public var rejectedKeys = 0
    public var containers = 0
    public var syncs = 0
    public var downloadsStarted = 0
    public var downloadsCompleted = 0
    public var downloadsFailed = 0
    /// Hash lines read across all downloads.
    public var rows = 0
    /// Hash lines that matched a known identifier.
    public var matched = 0
    /// The last download failure, without secrets.
    public var lastFailure: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case validations, containers, syncs, rows, matched
        case rejectedKeys = "rejected_keys"
        case downloadsStarted = "downloads_started"
        case downloadsCompleted = "downloads_completed"
        case downloadsFailed = "downloads_failed"
        case lastFailure = "last_failure"
    }
}

/// The mock partner's state, shared by its handlers.
public actor MockPartner {
    public let configuration: MockPartnerConfiguration
    public private(set) var stats = MockPartnerStats()
    private var containerNames: [String: String] = [:]
    private let http: HTTPClient

    public init(configuration: MockPartnerConfiguration, httpClient: HTTPClient = .shared) {
        self.configuration = configuration
        self.http = httpClient
    }

    /// The routes, ready for ``LoopbackServer/start(router:port:logLevel:)``.
    public nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("validate") { request, context in
            try await self.handle(request, context, ValidateRequest.self) { _ in
                await self.count(\.validations)
                return Response(status: .ok)
            }
        }
        router.post("create") { request, context in
            try await self.handle(request, context, CreateRequest.self) { body in
                let id = await self.newContainer(named: body.name.value)
                return try MockPartner.json(CreateResponse(containerID: id))
            }
        }
        router.post("sync") { request, context in
            try await self.handle(request, context, SyncRequest.self) { body in
                await self.sync(body)
            }
        }
        router.get("stats") { _, _ in
            let stats = await self.stats
            return try MockPartner.json(stats)
        }
        return router
    }

    /// Decodes the body, checks the key, and runs `body` for a good request.
    private nonisolated func handle<Body: Decodable & Sendable>(
        _ request: Request, _ context: BasicRequestContext, _ type: Body.Type,
        _ respond: @Sendable (Body) async throws -> Response
    ) async throws -> Response {
        var request = request
        let bytes = try await request.collectBody(upTo: 64 * 1024)
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: Data(bytes.readableBytesView))
        } catch {
            return MockPartner.text(.badRequest, "malformed request body")
        }
        let key = (body as? any KeyedRequest)?.key
        guard let key, key == configuration.apiKey, !configuration.faults.contains(.rejectGoodKey) else {
            await count(\.rejectedKeys)
            return MockPartner.text(.unauthorized, "unknown api_key")
        }
        return try await respond(body)
    }

    private func count(_ field: WritableKeyPath<MockPartnerStats, Int>, by amount: Int = 1) {
        stats[keyPath: field] += amount
    }

    private func newContainer(named name: String) -> ContainerID {
        stats.containers += 1
        if configuration.faults.contains(.repeatContainerID), let first = containerNames.keys.sorted().first {
            return (try? ContainerID(first)) ?? ContainerID.random()
        }
        var id = ContainerID.random()
        while containerNames[id.value] != nil { id = ContainerID.random() }
        containerNames[id.value] = name
        return id
    }

    /// Checks every URL is reachable, answers, and downloads the rest afterwards (or before, under the fault).
    private func sync(_ body: SyncRequest) async -> Response {
        stats.syncs += 1
        var opened: [(String, HTTPClientResponse)] = []
        for (identifier, template) in body.urls.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let url = configuration.pullKey.map { PullURL.substitute(template, pullKey: $0) } ?? template
            do {
                let response = try await http.execute(HTTPClientRequest(url: url), timeout: configuration.downloadTimeout)
                guard response.status == .ok else {
                    return MockPartner.text(.badRequest, "\(identifier.syncKey) is not reachable: \(response.status.code)")
                }
                opened.append((identifier.syncKey, response))
            } catch {
                return MockPartner.text(.badRequest, "\(identifier.syncKey) is not reachable")
            }
        }
        stats.downloadsStarted += opened.count
        if configuration.faults.contains(.syncAfterDownload) {
            for (name, response) in opened { await download(name, response) }
        } else {
            for (name, response) in opened {
                Task { await self.download(name, response) }
            }
        }
        return Response(status: .ok)
    }

    private func download(_ name: String, _ response: HTTPClientResponse) async {
        var matcher = SegmentStreamMatcher(known: configuration.known, name: name)
        do {
            for try await buffer in response.body {
                try matcher.feed(buffer.readableBytesView)
            }
            try matcher.finish()
            stats.downloadsCompleted += 1
            stats.rows += matcher.rows
            stats.matched += matcher.matched
        } catch {
            stats.downloadsFailed += 1
            stats.lastFailure = "\(name): \(error)"
        }
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}

/// The requests that carry an API key.
protocol KeyedRequest {
    var key: Secret { get }
}

extension ValidateRequest: KeyedRequest { var key: Secret { apiKey } }
extension CreateRequest: KeyedRequest { var key: Secret { apiKey } }
extension SyncRequest: KeyedRequest { var key: Secret { apiKey } }
