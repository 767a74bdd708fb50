import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PartnerRules
import PartnerRulesServer
import PartnerRulesTestSupport

/// A `serve` router over a temporary partners folder, on loopback in this process, with a real HTTP client.
final class ServeHarness: Sendable {
    static let acme = """
        # yaml-language-server: $schema=../schemas/partner.schema.json
        id: acme
        name: Acme Ads
        media_sources: [acme_int]
        aliases: [Acme Media]
        auth: credentials
        per_user: true
        credentials:
          - {key: token, label: Token, kind: token, help: "Settings, then API"}
          - key: workplace_id
            label: Workplace ID
            kind: identifier
            pattern: "^[A-Za-z0-9]+$"
            min_length: 3
            fallback: {key: workplace_title, label: Workplace Title}
        ad_types: {unsupported: [ctv, {name: playable, aliases: [rich media]}]}
        supersedes:
          - {media_source: acme_legacy, name: "[Legacy] Acme", introduced: 2024-01-10, deprecated: 2025-01-01}

        """

    static let beta = """
        # yaml-language-server: $schema=../schemas/partner.schema.json
        id: beta
        name: Beta Network
        media_sources: [beta_int]
        auth: oauth
        agency: false
        ad_types: {supported: [video]}

        """

    let folder: TemporaryDirectory
    let server: LoopbackServer
    let rules: RulesServer
    let client: HTTPClient

    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) }
    }

    init(files: [String: String] = ["acme.yaml": ServeHarness.acme, "beta.yaml": ServeHarness.beta], options: RulesServer.Options = .init())
        async throws
    {
        folder = try TemporaryDirectory(prefix: "serve")
        for (name, text) in files { _ = try folder.write(name, text) }
        let path = folder.path
        let catalog = ServedCatalog(loader: { () throws(CatalogError) in try CatalogLoader.load(directory: path) })
        if let failure = catalog.initialError { throw failure }
        rules = RulesServer(catalog: catalog, options: options)
        server = try await LoopbackServer.start(router: rules.router())
        client = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    func call(
        _ method: HTTPMethod, _ path: String, _ body: String? = nil, headers: [(String, String)] = [], timeout: Int64 = 30
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: server.baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(Patience.seconds(timeout)))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    }

    func stop() async {
        try? await client.shutdown()
        await server.stop()
        folder.cleanup()
    }

    /// Runs `body` with a harness and stops it afterwards, whether `body` threw or not.
    static func with(
        files: [String: String] = ["acme.yaml": ServeHarness.acme, "beta.yaml": ServeHarness.beta], options: RulesServer.Options = .init(),
        _ body: (ServeHarness) async throws -> Void
    ) async throws {
        let harness = try await ServeHarness(files: files, options: options)
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }
}
