public import Hummingbird
import HTTPTypes
import NIOCore
import PartnerRules

/// How every route answers: JSON bytes, text, the one error shape, and request bodies read within a limit.
enum Answer {
    static let json = "application/json"
    static let newline = UInt8(ascii: "\n")

    static func bytes(
        _ status: HTTPResponse.Status, contentType: String = json, _ bytes: [UInt8], headers extra: HTTPFields = [:]
    ) -> Response {
        var headers = extra
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A JSON answer written by `body`, ending with a newline.
    static func json(_ status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], _ body: (inout JSONWriter) -> Void) -> Response {
        var writer = JSONWriter()
        body(&writer)
        writer.bytes.append(newline)
        return bytes(status, writer.bytes, headers: headers)
    }

    /// The one error shape, `{"error": {"line", "column", "path", "message"}}`.
    static func error(_ status: HTTPResponse.Status, _ error: JSONInputError, headers: HTTPFields = [:]) -> Response {
        bytes(status, error.jsonBytes(), headers: headers)
    }

    /// An error about something other than a JSON body (a path parameter, a query, the server's state): line and
    /// column 1, `path` naming the parameter when there is one.
    static func error(_ status: HTTPResponse.Status, path: String = "", _ message: String, headers: HTTPFields = [:]) -> Response {
        error(status, JSONInputError(line: 1, column: 1, path: path, message: message), headers: headers)
    }

    /// 503 while no catalog is active (`serve --watch` started with a bad catalog).
    static func notReady() -> Response {
        error(.serviceUnavailable, "no catalog is active yet: the partner files have errors; fix them and the server reloads")
    }

    /// The request's `Content-Length`, when it sent one that is a number.
    static func contentLength(_ request: Request) -> Int? {
        request.headers[.contentLength].flatMap { Int($0) }
    }

    /// Reads a JSON body of at most `limit` bytes: a declared length over it is refused before reading anything, a
    /// chunked body as soon as it passes it.
    static func readBody(_ request: Request, limit: Int) async -> Result<[UInt8], BodyTooLarge> {
        if let length = contentLength(request), length > limit { return .failure(BodyTooLarge(limit: limit)) }
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return .success(Array(buffer.readableBytesView))
        } catch {
            return .failure(BodyTooLarge(limit: limit))
        }
    }

    struct BodyTooLarge: Error {
        let limit: Int

        var response: Response {
            Answer.error(.contentTooLarge, "the body is larger than \(Answer.size(limit)); send at most \(Answer.size(limit))")
        }
    }

    /// `1 MiB`, `1 GiB`, or bytes.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        return "\(bytes) bytes"
    }
}

extension HTTPField.Name {
    static let catalogRevision = HTTPField.Name("X-Catalog-Revision")!
    static let requestID = HTTPField.Name("X-Request-Id")!
}
