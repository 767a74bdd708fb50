public import Hummingbird
public import PartnerRules
import Foundation
import NIOCore
import Synchronization

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
/// Each request reads the current catalog once, so a reload never changes the rules under a request
/// in flight.
public struct RulesServer: Sendable {
    public let store: CatalogStore
    /// The largest request body read, in bytes.
    public var maximumBodySize = 1 << 20

    private let checkers: CheckerCache

    public init(store: CatalogStore) {
        self.store = store
        self.checkers = CheckerCache(store: store)
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
                return RulesServer.error(.contentTooLarge, line: 1, column: 1, path: "", "the body is larger than \(maximumBodySize) bytes")
            }
            let body = Array(buffer.readableBytesView)
            let checker = checkers.current()
            do throws(JSONInputError) {
                let input = try CheckInput.parse(body)
                let existing = checker.activeIntegrations(input.existing)
                let verdict = checker.check(input.request, existing: existing, today: input.today ?? .todayUTC())
                return RulesServer.response(.ok, verdict.jsonBytes() + [UInt8(ascii: "\n")])
            } catch {
                return RulesServer.error(.badRequest, line: error.line, column: error.column, path: error.path, error.message)
            }
        }
        router.post("v1/reload") { _, _ in
            if let failure = store.reload() {
                let findings: [Finding]
                switch failure {
                case .invalid(let found): findings = found
                case .unreadable(let path, let reason):
                    findings = [Finding(file: path, location: .start, severity: .error, code: "unreadable", message: reason)]
                }
                return RulesServer.response(.conflict, Array(FindingFormatter.render(findings, as: .json).utf8))
            }
            checkers.refresh()
            return RulesServer.response(.ok, Array("{\"reloaded\":true}\n".utf8))
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

    static func error(_ status: HTTPResponse.Status, line: Int, column: Int, path: String, _ message: String) -> Response {
        var writer = JSONWriter()
        writer.object { root in
            root.member("error") { error in
                error.object { object in
                    object.member("line", int: line)
                    object.member("column", int: column)
                    object.member("path", string: path)
                    object.member("message", string: message)
                }
            }
        }
        return response(status, writer.bytes + [UInt8(ascii: "\n")])
    }

    static func response(_ status: HTTPResponse.Status, contentType: String = "application/json", _ bytes: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The checker for the store's current catalog, rebuilt only when the catalog is reloaded.
final class CheckerCache: Sendable {
    private let store: CatalogStore
    private let state: Mutex<IntegrationChecker>

    init(store: CatalogStore) {
        self.store = store
        self.state = Mutex(IntegrationChecker(catalog: store.current))
    }

    func current() -> IntegrationChecker { state.withLock { $0 } }

    func refresh() {
        let checker = IntegrationChecker(catalog: store.current)
        state.withLock { $0 = checker }
    }
}

/// A `/v1/check` body: a bare request, or an envelope with existing integrations and a date.
struct CheckInput {
    var request: IntegrationRequest
    var existing: [ExistingIntegration] = []
    var today: CalendarDate?

    static func parse(_ body: [UInt8]) throws(JSONInputError) -> CheckInput {
        guard let envelope = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any], envelope["request"] != nil else {
            return CheckInput(request: try IntegrationRequest.decode(json: body))
        }
        for key in envelope.keys where !["request", "existing", "today"].contains(key) {
            throw JSONInputError(line: 1, column: 1, path: key, message: "unknown member '\(key)'; an envelope has request, existing and today")
        }
        func bytes(_ value: Any) -> [UInt8] {
            (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])).map(Array.init) ?? []
        }
        var input = CheckInput(request: try prefixed("request") { () throws(JSONInputError) in try IntegrationRequest.decode(json: bytes(envelope["request"]!)) })
        if let existing = envelope["existing"] {
            input.existing = try prefixed("existing") { () throws(JSONInputError) in try ExistingIntegration.decodeList(json: bytes(existing)) }
        }
        if let today = envelope["today"] {
            guard let text = today as? String, let date = CalendarDate(text) else {
                throw JSONInputError(line: 1, column: 1, path: "today", message: "today must be a date written YYYY-MM-DD")
            }
            input.today = date
        }
        return input
    }

    /// Runs `body`, putting `prefix` in front of the JSON path of any error it throws.
    private static func prefixed<T>(_ prefix: String, _ body: () throws(JSONInputError) -> T) throws(JSONInputError) -> T {
        do {
            return try body()
        } catch {
            var error = error
            error.path = error.path.isEmpty ? prefix : "\(prefix).\(error.path)"
            error.line = 1
            error.column = 1
            throw error
        }
    }
}
