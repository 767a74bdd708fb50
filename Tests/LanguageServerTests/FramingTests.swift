import Foundation
import LanguageServerProtocol
import Testing

/// The JSON-RPC framing and message reading of the LSP module (SPEC 23): frames split anywhere, bad headers,
/// bad JSON and wrong types each give an error and leave the stream readable.
@Suite struct FramingTests {
    private func frame(_ json: String) -> [UInt8] {
        Array("Content-Length: \(json.utf8.count)\r\n\r\n\(json)".utf8)
    }

    @Test func framesArriveWholeWhateverTheChunks() {
        let bytes = frame(#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#) + frame(#"{"jsonrpc":"2.0","method":"exit"}"#)
        for size in [1, 2, 7, 64, bytes.count] {
            var framer = MessageFramer()
            var bodies: [String] = []
            var offset = 0
            while offset < bytes.count {
                framer.append(bytes[offset..<min(offset + size, bytes.count)])
                offset += size
                while case .body(let body)? = framer.next() { bodies.append(String(decoding: body, as: UTF8.self)) }
            }
            #expect(bodies == [#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#, #"{"jsonrpc":"2.0","method":"exit"}"#], "chunks of \(size)")
        }
    }

    @Test func aHeaderWithoutLengthIsAnErrorAndTheNextFrameIsRead() {
        var framer = MessageFramer()
        framer.append(Array("Content-Type: x\r\n\r\n".utf8) + frame(#"{"jsonrpc":"2.0","method":"exit"}"#))
        #expect(framer.next() == .badHeader("the header has no Content-Length with a whole number"))
        guard case .body(let body)? = framer.next() else {
            Issue.record("the frame after the bad header was not read")
            return
        }
        #expect(String(decoding: body, as: UTF8.self) == #"{"jsonrpc":"2.0","method":"exit"}"#)
    }

    @Test func anOversizedFrameIsSkippedWithoutBuffering() {
        var framer = MessageFramer(maxBody: 10)
        framer.append(Array("Content-Length: 20\r\n\r\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 20) + frame("[]"))
        guard case .badHeader(let reason)? = framer.next() else {
            Issue.record("an oversized frame was not refused")
            return
        }
        #expect(reason.contains("over the limit"))
        #expect(framer.next() == .body(Data("[]".utf8)))
    }

    @Test func messagesAreRequestsNotificationsResponsesOrErrors() {
        if case .request(let id, let method, let params) = IncomingMessage.parse(Data(#"{"jsonrpc":"2.0","id":"a","method":"m","params":{"x":1}}"#.utf8)) {
            #expect(id == .string("a"))
            #expect(method == "m")
            #expect(String(decoding: params, as: UTF8.self).contains("\"x\""))
        } else {
            Issue.record("a request was not read as one")
        }
        if case .notification(let method, _) = IncomingMessage.parse(Data(#"{"jsonrpc":"2.0","method":"n"}"#.utf8)) {
            #expect(method == "n")
        } else {
            Issue.record("a notification was not read as one")
        }
        if case .response(let id) = IncomingMessage.parse(Data(#"{"jsonrpc":"2.0","id":4,"result":null}"#.utf8)) {
            #expect(id == .number(4))
        } else {
            Issue.record("a response was not read as one")
        }
        let cases: [(String, Int)] = [
            ("{not json", ErrorCodes.parseError),
            ("[1,2]", ErrorCodes.invalidRequest),
            (#"{"id":1}"#, ErrorCodes.invalidRequest),
            (#"{"id":1,"method":7}"#, ErrorCodes.invalidRequest),
            (#"{"id":{"x":1},"method":"m"}"#, ErrorCodes.invalidRequest),
            (#"{"id":1,"method":"m","params":"text"}"#, ErrorCodes.invalidRequest),
        ]
        for (json, code) in cases {
            guard case .invalid(_, let error) = IncomingMessage.parse(Data(json.utf8)) else {
                Issue.record("\(json) was read as a message")
                continue
            }
            #expect(error.code == code, "\(json)")
        }
    }

    @Test func paramsOfTheWrongShapeAreInvalidParams() {
        let result = decodeParams(DidOpenTextDocumentParams.self, from: Data(#"{"textDocument":{"uri":1}}"#.utf8))
        guard case .failure(let error) = result else {
            Issue.record("wrong params were decoded")
            return
        }
        #expect(error.code == ErrorCodes.invalidParams)
    }

    @Test func theWriterFramesAnswersAndKeepsNullResults() throws {
        var out = Data()
        let writer = MessageWriter { out.append($0) }
        writer.respond(to: .number(3), result: Optional<Bool>.none)
        writer.respond(to: nil, error: ResponseError(code: ErrorCodes.parseError, message: "bad"))
        writer.notify("textDocument/publishDiagnostics", params: PublishDiagnosticsParams(uri: "file:///a.yaml", version: 2, diagnostics: []))
        var framer = MessageFramer()
        framer.append(out)
        var objects: [[String: Any]] = []
        while case .body(let body)? = framer.next() {
            objects.append(try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any]))
        }
        #expect(objects.count == 3)
        #expect(objects[0]["id"] as? Int == 3 && objects[0]["result"] is NSNull && objects[0]["jsonrpc"] as? String == "2.0")
        #expect(objects[1]["id"] is NSNull && (objects[1]["error"] as? [String: Any])?["code"] as? Int == ErrorCodes.parseError)
        #expect(objects[2]["method"] as? String == "textDocument/publishDiagnostics")
    }
}
