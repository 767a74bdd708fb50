public import Foundation

/// JSON-RPC 2.0 as the Language Server Protocol frames it: a `Content-Length` header, a blank line, then the JSON.
///
/// This module is the boundary to a maintained LSP package (SPEC 23): the server sees ``IncomingMessage`` values
/// and sends Codable results through ``MessageWriter``; swapping the module for ChimeHQ's `LanguageServerProtocol`
/// or swift-tools-protocols changes this file and the types file, not the server.

/// A request id: JSON-RPC allows a number or a string.
public enum RequestID: Sendable, Hashable, Codable, CustomStringConvertible {
    case number(Int)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        }
    }

    public var description: String {
        switch self {
        case .number(let number): return String(number)
        case .string(let text): return text
        }
    }

    /// The id as Foundation's JSON reader gives it, or `nil` when it is neither a whole number nor a string.
    init?(json: Any) {
        if let text = json as? String {
            self = .string(text)
        } else if let number = json as? Int {
            self = .number(number)
        } else {
            return nil
        }
    }
}

/// The error codes of JSON-RPC and LSP (`ErrorCodes` in the specification).
public enum ErrorCodes {
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    public static let serverNotInitialized = -32002
    public static let requestFailed = -32803
}

/// An error answer (`ResponseError` in the specification).
public struct ResponseError: Error, Sendable, Hashable, Codable {
    public var code: Int
    public var message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }
}

/// One message read from the client.
public enum IncomingMessage: Sendable {
    /// A request: it gets exactly one answer, a result or an error.
    case request(id: RequestID, method: String, params: Data)
    /// A notification: no answer.
    case notification(method: String, params: Data)
    /// A response to a request the server sent; the server sends none that need an answer, so it is dropped.
    case response(id: RequestID?)
    /// A frame that could not be read as a message: answered with `error` (and `id` when the frame had one).
    case invalid(id: RequestID?, error: ResponseError)

    /// Reads one frame's JSON body.
    public static func parse(_ body: Data) -> IncomingMessage {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
        } catch {
            return .invalid(id: nil, error: ResponseError(code: ErrorCodes.parseError, message: "the message is not JSON"))
        }
        guard let fields = object as? [String: Any] else {
            return .invalid(id: nil, error: ResponseError(code: ErrorCodes.invalidRequest, message: "the message is not a JSON object"))
        }
        let rawID = fields["id"]
        let id = rawID.flatMap { $0 is NSNull ? nil : RequestID(json: $0) }
        if let rawID, !(rawID is NSNull), id == nil {
            return .invalid(id: nil, error: ResponseError(code: ErrorCodes.invalidRequest, message: "the id is neither a number nor a string"))
        }
        guard let methodValue = fields["method"] else {
            if fields["result"] != nil || fields["error"] != nil { return .response(id: id) }
            return .invalid(id: id, error: ResponseError(code: ErrorCodes.invalidRequest, message: "the message has no method"))
        }
        guard let method = methodValue as? String else {
            return .invalid(id: id, error: ResponseError(code: ErrorCodes.invalidRequest, message: "the method is not a string"))
        }
        var params = Data("null".utf8)
        if let value = fields["params"], !(value is NSNull) {
            guard value is [String: Any] || value is [Any],
                let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
            else {
                return .invalid(id: id, error: ResponseError(code: ErrorCodes.invalidRequest, message: "params is neither an object nor a list"))
            }
            params = data
        }
        if let id { return .request(id: id, method: method, params: params) }
        return .notification(method: method, params: params)
    }
}

/// Splits a byte stream into `Content-Length` frames.
///
/// Bytes are fed as they arrive; ``next()`` gives each complete frame's body, or a header error (after which the
/// reader skips to the next header it can read, so one bad frame does not end the session).
public struct MessageFramer: Sendable {
    /// The largest body accepted: past it the frame is skipped with an error, not buffered.
    public var maxBody: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var skipping = 0

    public init(maxBody: Int = 64 << 20) {
        self.maxBody = maxBody
    }

    /// One result of ``next()``.
    public enum Frame: Sendable, Equatable {
        case body(Data)
        case badHeader(String)
    }

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or `nil` until more bytes arrive.
    public mutating func next() -> Frame? {
        if skipping > 0 {
            let dropped = min(skipping, buffer.count - start)
            start += dropped
            skipping -= dropped
            compact()
            if skipping > 0 { return nil }
        }
        let available = buffer.count - start
        guard available > 0 else { return nil }
        guard let headerEnd = findHeaderEnd() else {
            if available > 8192 {
                start = buffer.count
                compact()
                return .badHeader("the header is longer than 8192 bytes or never ends with a blank line")
            }
            return nil
        }
        let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
        let bodyStart = headerEnd + 4
        var length: Int?
        for line in header.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            if parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                length = Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let length, length >= 0 else {
            start = bodyStart
            compact()
            return .badHeader("the header has no Content-Length with a whole number")
        }
        if length > maxBody {
            start = bodyStart
            let dropped = min(length, buffer.count - start)
            start += dropped
            skipping = length - dropped
            compact()
            return .badHeader("the message is \(length) bytes, over the limit of \(maxBody)")
        }
        guard buffer.count - bodyStart >= length else { return nil }
        let body = Data(buffer[bodyStart..<(bodyStart + length)])
        start = bodyStart + length
        compact()
        return .body(body)
    }

    private func findHeaderEnd() -> Int? {
        var index = start
        while index + 3 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 16 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}

/// Writes messages as `Content-Length` frames to a sink (standard output, or a buffer in tests).
public final class MessageWriter: @unchecked Sendable {
    private let sink: (Data) -> Void
    private let lock = NSLock()
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public init(sink: @escaping (Data) -> Void) {
        self.sink = sink
    }

    /// A writer to a file descriptor (1 for standard output).
    public convenience init(fileDescriptor: Int32) {
        self.init { data in
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }

    /// The answer to request `id`: `result` (`null` when `nil`).
    public func respond(to id: RequestID, result: (some Encodable)?) {
        send(ResponseMessage(id: id, result: result, error: nil))
    }

    /// The error answer to request `id` (or to a frame with no readable id).
    public func respond(to id: RequestID?, error: ResponseError) {
        send(ResponseMessage<Bool>(id: id, result: nil, error: error))
    }

    /// A notification to the client.
    public func notify(_ method: String, params: some Encodable) {
        send(NotificationMessage(method: method, params: params))
    }

    private func send(_ message: some Encodable) {
        guard let body = try? encoder.encode(message) else { return }
        var frame = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
        frame.append(body)
        lock.lock()
        sink(frame)
        lock.unlock()
    }
}

struct ResponseMessage<Result: Encodable>: Encodable {
    var id: RequestID?
    var result: Result?
    var error: ResponseError?

    enum CodingKeys: String, CodingKey { case jsonrpc, id, result, error }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        if let id { try container.encode(id, forKey: .id) } else { try container.encodeNil(forKey: .id) }
        if let error {
            try container.encode(error, forKey: .error)
        } else if let result {
            try container.encode(result, forKey: .result)
        } else {
            try container.encodeNil(forKey: .result)
        }
    }
}

struct NotificationMessage<Params: Encodable>: Encodable {
    var method: String
    var params: Params

    enum CodingKeys: String, CodingKey { case jsonrpc, method, params }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        try container.encode(method, forKey: .method)
        try container.encode(params, forKey: .params)
    }
}

/// Decodes a request's or notification's params as `type`, or gives the `InvalidParams` error.
public func decodeParams<Params: Decodable>(_ type: Params.Type, from data: Data) -> Result<Params, ResponseError> {
    do {
        return .success(try JSONDecoder().decode(Params.self, from: data))
    } catch {
        return .failure(ResponseError(code: ErrorCodes.invalidParams, message: "the params do not have the shape of \(Params.self)"))
    }
}
