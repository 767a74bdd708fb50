import Dispatch
import HTTPTypes
import Hummingbird
import Logging
import PartnerRules

/// Runs around every route: gives the request an id (the client's `X-Request-Id` when it is a plain token of at
/// most 128 characters, else a new one) and echoes it, turns a thrown HTTP error into the one error shape, counts
/// the answer in the metrics by route template, and logs one line when the answer's body has been sent (and, at
/// debug level, one when the request's head has been read).
///
/// The log line holds the method, the route template, the status, the duration and the request id: never the
/// path as sent, the query, a header's value or a body, so no secret reaches the log.
struct RequestObserver<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let id = Self.requestID(request.headers[.requestID])
        var context = context
        context.logger[metadataKey: "hb.request.id"] = nil
        context.logger[metadataKey: "request_id"] = "\(id)"
        // At debug level, a line when a request's head has been read: the route is not known yet, and the path as sent
        // is never logged.
        context.logger.debug("started", metadata: ["method": "\(request.method)"])
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            let message: String
            switch error.status {
            case .notFound: message = "no route for this path; GET /openapi.yaml lists every route"
            case .methodNotAllowed: message = "this route does not take \(request.method); GET /openapi.yaml lists every route"
            default: message = error.status.reasonPhrase.lowercased()
            }
            response = Answer.error(error.status, message)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(describing: type(of: error)))"])
            response = Answer.error(.internalServerError, "the server failed to answer; the log has the request id \(id)")
        }
        response.headers[.requestID] = id
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
        let status = Int(response.status.code)
        let method = request.method
        let logger = context.logger
        let metrics = self.metrics
        let record: @Sendable () -> Void = {
            let elapsed = DispatchTime.now().uptimeNanoseconds &- start
            metrics.request(route: route, status: status, nanoseconds: elapsed)
            logger.info(
                "answered",
                metadata: [
                    "method": "\(method)", "route": "\(route)", "status": "\(status)",
                    "duration_ms": "\(Double(elapsed / 1000) / 1000)",
                ])
        }
        if response.body.contentLength == nil {
            // A streamed answer (classify) is counted when its last byte is written.
            let body = response.body
            response.body = ResponseBody { writer in
                defer { record() }
                try await body.write(writer)
            }
        } else {
            record()
        }
        return response
    }

    /// The id this observer gave the request, as routes read it from their context (the decision log names it).
    static func requestID(of context: Context) -> String {
        if case .string(let id)? = context.logger[metadataKey: "request_id"] { return id }
        return ""
    }

    /// The client's id when it is 1–128 characters of letters, digits, `-`, `_`, `.` and `:`; a new one otherwise.
    static func requestID(_ given: String?) -> String {
        if let given, (1...128).contains(given.utf8.count), given.utf8.allSatisfy(isTokenByte) { return given }
        return RequestID().description
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }
}
