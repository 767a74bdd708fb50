public import Hummingbird
public import PartnerRules
import NIOCore

/// The engine over HTTP, for services not written in Swift (`partner-rules serve`).
///
/// Routes:
/// - `GET /healthz`: `ok` while the server runs.
/// - `GET /v1/partners`: the partners, their media sources and how they authenticate.
/// - `POST /v1/check`: the body is an integration request (SPEC section 5), or an envelope
///   `{"request": {…}, "existing": […], "today": "YYYY-MM-DD"}`; the answer is the verdict, status 200
///   whether valid or not. A body that is not a valid request: 400 with `{"error": {line, column, path, message}}`.
/// - `POST /v1/reload`: reloads the partner files; 200 when the new catalog was taken, 409 with the
///   findings when it has errors (the last good catalog stays in service).
///
/// Each request takes the store's current catalog once and answers everything from it, so a reload
/// never changes the rules under a request in flight. Bodies are read by the library's one JSON reader;
/// every error answer has the one shape `{"error": {"line", "column", "path", "message"}}`.
public struct RulesServer: Sendable {
    public let store: CatalogStore
    /// The largest request body read, in bytes.
    public var maximumBodySize = 1 << 20

    public init(store: CatalogStore) {
        self.store = store
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("healthz") { _, _ in
            RulesServer.response(.ok, contentType: "text/plain; charset=utf-8", Array("ok\n".utf8))
        }
        router.get("v1/partners") { _, _ in
            RulesServer.response(.ok, RulesServer.partnersJSON(store.current))
        }
        router.post("v1/check") { request, _ in
            var request = request
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: maximumBodySize)
            } catch {
                return RulesServer.error(
                    .contentTooLarge, JSONInputError(line: 1, column: 1, path: "", message: "the body is larger than \(maximumBodySize) bytes"))
            }
            let body: CheckBody
            do throws(JSONInputError) {
                body = try CheckBody.decode(json: Array(buffer.readableBytesView))
            } catch {
                return RulesServer.error(.badRequest, error)
            }
            let checker = IntegrationChecker(catalog: store.current)
            let existing = checker.activeIntegrations(body.existing)
            let verdict = checker.check(body.request, existing: existing, today: body.today ?? .todayUTC())
            return RulesServer.response(.ok, verdict.jsonBytes() + [UInt8(ascii: "\n")])
        }
        router.post("v1/reload") { _, _ in
            if let failure = store.reload() {
                let findings: [Finding]
                switch failure {
                case .invalid(let found): findings = found
                case .unreadable(let path, let reason):
                    findings = [Finding(file: path, location: .start, code: .unreadable, message: reason)]
                }
                return RulesServer.response(.conflict, Array(FindingFormatter.render(findings, as: .json).utf8))
            }
            var writer = JSONWriter()
            writer.object { $0.member("reloaded", bool: true) }
            return RulesServer.response(.ok, writer.bytes + [UInt8(ascii: "\n")])
        }
        return router
    }

    static func partnersJSON(_ catalog: Catalog) -> [UInt8] {
        var writer = JSONWriter()
        writer.array(catalog.partners) { writer, partner in
            let definition = partner.definition
            writer.object { object in
                object.member("id", string: definition.id)
                object.member("name", string: definition.name)
                object.key("media_sources")
                object.stringArray(definition.mediaSources)
                object.key("aliases")
                object.stringArray(definition.aliases)
                object.member("auth", string: definition.auth.rawValue)
                object.member("per_user", bool: definition.perUser)
                object.member("credentials_mutable", bool: definition.credentialsMutable)
                object.key("credentials")
                object.stringArray(definition.credentials.map(\.key))
            }
        }
        return writer.bytes + [UInt8(ascii: "\n")]
    }

    /// The one error shape: `{"error": {"line", "column", "path", "message"}}`.
    static func error(_ status: HTTPResponse.Status, _ error: JSONInputError) -> Response {
        response(status, error.jsonBytes())
    }

    static func response(_ status: HTTPResponse.Status, contentType: String = "application/json", _ bytes: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
