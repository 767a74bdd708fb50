import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PartnerRules
import PartnerRulesServer
import PartnerRulesTestSupport
import Testing

/// `partner-rules serve`'s routes, over loopback with a real HTTP client.
@Suite("Rules server over HTTP")
struct RulesServerTests {
    static let partner = """
        id: acme
        name: Acme Ads
        media_sources: [acme_int]
        auth: credentials
        credentials:
          - {key: token, label: Token, kind: token}
        ad_types: {unsupported: [ctv]}
        """

    /// The catalog of `folder`, served and reloaded from it; throws when it has errors.
    static func served(_ folder: String) throws -> ServedCatalog {
        let catalog = ServedCatalog(loader: { () throws(CatalogError) in try CatalogLoader.load(directory: folder) })
        if let failure = catalog.initialError { throw failure }
        return catalog
    }

    struct Reply {
        var status: Int
        var body: String
    }

    func call(_ client: HTTPClient, _ method: HTTPMethod, _ url: String, _ body: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(Patience.seconds(10)))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: Int(response.status.code), body: String(buffer: bytes))
    }

    @Test("health, partners, check, malformed bodies and reload that keeps the last good catalog")
    func routes() async throws {
        let folder = try TemporaryDirectory(prefix: "serve")
        defer { folder.cleanup() }
        let file = URL(fileURLWithPath: try folder.write("acme.yaml", Self.partner))

        let server = try await LoopbackServer.start(router: RulesServer(catalog: try Self.served(folder.path)).router())
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let base = server.baseURL
            #expect(try await call(client, .GET, "\(base)/healthz").body == "ok\n")

            let partners = try await call(client, .GET, "\(base)/v1/partners")
            #expect(partners.status == 200 && partners.body.contains(#""id":"acme""#))

            let valid = try await call(
                client, .POST, "\(base)/v1/check",
                #"{"partner":"acme ads","apps":["com.acme.game"],"user":"ana@acme.example","credentials":{"token":"tok-SECRET-1"}}"#)
            #expect(valid.status == 200)
            #expect(valid.body.hasPrefix(#"{"valid":true,"partner":"acme""#))
            #expect(!valid.body.contains("tok-SECRET-1"))

            let duplicate = try await call(
                client, .POST, "\(base)/v1/check",
                #"{"request":{"partner":"acme","apps":["com.acme.game"],"user":"a@b.c","credentials":{"token":"t"}},"existing":[{"partner":"acme","apps":["com.acme.game"]}],"today":"2024-05-01"}"#)
            #expect(duplicate.status == 200 && duplicate.body.contains("duplicate_integration"))

            let malformed = try await call(client, .POST, "\(base)/v1/check", #"{"partner": 5}"#)
            #expect(malformed.status == 400)
            #expect(malformed.body == #"{"error":{"line":1,"column":13,"path":"partner","message":"expected a string, found a number"}}"# + "\n")

            let badDate = try await call(client, .POST, "\(base)/v1/check", #"{"request":{"partner":"acme","apps":["com.a.b"]},"today":"soon"}"#)
            #expect(badDate.status == 400)
            #expect(badDate.body == #"{"error":{"line":1,"column":58,"path":"today","message":"today must be a date written YYYY-MM-DD"}}"# + "\n")

            // An error deep in an envelope keeps its own line, column and path.
            let nested = try await call(
                client, .POST, "\(base)/v1/check", "{\"request\": {\"partner\": \"acme\", \"apps\": []},\n  \"existing\": [{\"apps\": [\"a\", 7]}]}")
            #expect(nested.status == 400)
            #expect(nested.body == #"{"error":{"line":2,"column":31,"path":"existing[0].apps[1]","message":"expected a string, found a number"}}"# + "\n")

            let notJSON = try await call(client, .POST, "\(base)/v1/check", "{\"request\": {\"partner\": \"acme\",}}")
            #expect(notJSON.status == 400)
            #expect(notJSON.body == #"{"error":{"line":1,"column":32,"path":"request","message":"expected a key in double quotes"}}"# + "\n")

            try Data("id: acme\nname: [broken\n".utf8).write(to: file)
            let refused = try await call(client, .POST, "\(base)/v1/reload")
            #expect(refused.status == 409 && refused.body.contains("yaml-syntax"))
            #expect(try await call(client, .GET, "\(base)/v1/partners").body.contains(#""id":"acme""#))

            try Data(Self.partner.replacingOccurrences(of: "Acme Ads", with: "Acme Renamed").utf8).write(to: file)
            #expect(try await call(client, .POST, "\(base)/v1/reload").status == 200)
            #expect(try await call(client, .GET, "\(base)/v1/partners").body.contains("Acme Renamed"))
        } catch {
            try? await client.shutdown()
            await server.stop()
            throw error
        }
        try await client.shutdown()
        await server.stop()
    }
}
