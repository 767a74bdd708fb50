import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import PartnerRules
import PartnerRulesServer
import PartnerRulesTestSupport
import Testing

/// `POST /v1/check/batch`, `POST /v1/check/ndjson` and the decision log (SPEC 22), over loopback.
@Suite("serve batch decisions")
struct ServeBatchTests {
    static let token = #""token":"tok-1","workplace_id":"Acme1""#

    @Test("a batch answers every item in order with one revision; common is merged, the item winning; a malformed item gets its error")
    func batch() async throws {
        try await ServeHarness.with { serve in
            let body = """
                {"common": {"partner": "acme", "apps": ["com.acme.game"], "credentials": {\(Self.token)}},
                 "items": [
                   {"id": "plain", "request": {}},
                   {"id": "other-partner", "request": {"partner": "beta", "credentials": null, "oauth": {"granted": true}}},
                   {"id": "bad-apps", "request": {"apps": [1]}},
                   {"id": "no-credentials", "request": {"credentials": {}}, "today": "2026-01-01"},
                   "not an item",
                   {"id": "unknown-key", "request": {}, "extra": 1}
                 ]}
                """
            let reply = try await serve.call(.POST, "/v1/check/batch", body)
            #expect(reply.status == 200)
            let revision = try #require(reply.headers.first(name: "X-Catalog-Revision"))
            let object = try #require(reply.json as? [String: Any])
            #expect(object["catalog_revision"] as? String == revision)
            let results = try #require(object["results"] as? [[String: Any]])
            #expect(results.map { $0["id"] as? String } == ["plain", "other-partner", "bad-apps", "no-credentials", nil, "unknown-key"])
            func verdict(_ index: Int) -> [String: Any]? { results[index]["verdict"] as? [String: Any] }
            func error(_ index: Int) -> [String: Any]? { results[index]["error"] as? [String: Any] }
            #expect(verdict(0)?["valid"] as? Bool == true && verdict(0)?["partner"] as? String == "acme")
            #expect(verdict(1)?["partner"] as? String == "beta")
            #expect(error(2)?["path"] as? String == "items[2].request.apps[0]")
            #expect(error(2)?["line"] as? Int == 5)
            let missing = (verdict(3)?["errors"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(missing?.contains("missing_credential") == true)
            #expect(error(4)?["path"] as? String == "items[4]")
            #expect((error(5)?["message"] as? String)?.contains("unknown key 'extra'") == true)
            for index in [0, 1, 3] { #expect(verdict(index)?["catalog_revision"] as? String == revision) }
            // The verdict is the one /v1/check gives for the merged request.
            let single = try await serve.call(
                .POST, "/v1/check", #"{"partner":"beta","apps":["com.acme.game"],"oauth":{"granted":true}}"#)
            #expect(reply.body.contains(#""id":"other-partner","verdict":"# + single.body.dropLast() + "}"))
        }
    }

    @Test("a batch refused as a whole: no items, duplicate ids, common not an object, no JSON, too many items or bytes")
    func refusals() async throws {
        try await ServeHarness.with { serve in
            func refusal(_ body: String) async throws -> (status: Int, path: String?, message: String) {
                let reply = try await serve.call(.POST, "/v1/check/batch", body)
                let error = (reply.json as? [String: Any])?["error"] as? [String: Any]
                return (reply.status, error?["path"] as? String, error?["message"] as? String ?? reply.body)
            }
            let empty = try await refusal(#"{"items": []}"#)
            #expect(empty.status == 400 && empty.path == "items" && empty.message.contains("no items"))
            let none = try await refusal(#"{"common": {}}"#)
            #expect(none.status == 400 && none.message.contains(#"no "items""#))
            let twice = try await refusal(#"{"items": [{"id": "a", "request": {}}, {"id": "b", "request": {}}, {"id": "a", "request": {}}]}"#)
            #expect(twice.status == 400 && twice.path == "items[2].id" && twice.message.contains("items 0 and 2 have the same id"))
            let common = try await refusal(#"{"common": "acme", "items": [{"id": "a", "request": {}}]}"#)
            #expect(common.status == 400 && common.path == "common" && common.message.contains("found a string"))
            let commonKey = try await refusal(#"{"common": {"partnr": "acme"}, "items": [{"id": "a", "request": {}}]}"#)
            #expect(commonKey.status == 400 && commonKey.path == "common" && commonKey.message.contains("did you mean 'partner'"))
            let broken = try await refusal(#"{"items": [{"id": "a", "request": {}"#)
            #expect(broken.status == 400)
            let unknown = try await refusal(#"{"item": []}"#)
            #expect(unknown.status == 400 && unknown.message.contains("did you mean 'items'"))

            let item = #"{"id":"x","request":{}}"#
            var many = #"{"items":["#
            for index in 0...CheckBatch.maximumItems {
                many += (index == 0 ? "" : ",") + item.replacingOccurrences(of: "\"x\"", with: "\"\(index)\"")
            }
            many += "]}"
            let tooMany = try await refusal(many)
            #expect(tooMany.status == 413 && tooMany.message.contains("more than 10000 items"))
            let tooBig = try await serve.call(.POST, "/v1/check/batch", String(repeating: " ", count: CheckBatch.maximumBytes + 1))
            #expect(tooBig.status == 413 && tooBig.body.contains("16 MiB"))
        }
    }

    @Test("ndjson: one verdict line per request line with the revision, an error with its record, streamed both ways")
    func ndjson() async throws {
        try await ServeHarness.with { serve in
            let lines = [
                #"{"partner":"acme","apps":["com.acme.game"],"credentials":{\#(Self.token)}}"#, "", "not json",
                #"{"partner":"nobody","apps":[]}"#,
            ]
            let reply = try await serve.call(.POST, "/v1/check/ndjson", lines.joined(separator: "\n"))
            #expect(reply.status == 200)
            #expect(reply.headers.first(name: "Content-Type") == "application/x-ndjson")
            let revision = try #require(reply.headers.first(name: "X-Catalog-Revision"))
            let answers = reply.body.split(separator: "\n").map(String.init)
            #expect(answers.count == 3)
            #expect(answers[0].hasPrefix(#"{"valid":true"#) && answers[0].hasSuffix(#""catalog_revision":"\#(revision)"}"#))
            #expect(answers[1].hasPrefix(#"{"record":3,"error":{"line":3,"column":1"#))
            #expect(answers[2].contains(#""unknown_partner""#))

            // Streamed in many chunks, a line cut between two of them: every line is answered.
            var request = HTTPClientRequest(url: serve.server.baseURL + "/v1/check/ndjson")
            request.method = .POST
            let line = #"{"partner":"beta","apps":["com.a"],"oauth":{"granted":true}}"# + "\n"
            let count = 20_000
            request.body = .stream(
                AsyncStream<ByteBuffer> { continuation in
                    let block = String(repeating: line, count: 100)
                    for _ in 0..<(count / 100) {
                        let cut = block.utf8.count / 3
                        continuation.yield(ByteBuffer(bytes: Array(block.utf8.prefix(cut))))
                        continuation.yield(ByteBuffer(bytes: Array(block.utf8.dropFirst(cut))))
                    }
                    continuation.finish()
                }, length: .unknown)
            let streamed = try await serve.client.execute(request, timeout: .seconds(Patience.seconds(60)))
            var answered = 0
            for try await buffer in streamed.body {
                answered += buffer.readableBytesView.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            }
            #expect(answered == count)
        }
    }

    @Test("the decision log: one line per decision, batch and item ids when batched, codes and because, never a credential")
    func decisionLog() async throws {
        let folder = try TemporaryDirectory(prefix: "decisions")
        defer { folder.cleanup() }
        let path = folder.path + "/decisions.jsonl"
        let log = try DecisionLog(path: path, logger: .init(label: "test"))
        try await ServeHarness.with(options: .init(decisionLog: log)) { serve in
            let secret = "SECRET-PLANTED-41"
            let single = try await serve.call(
                .POST, "/v1/check", #"{"partner":"acme","apps":["com.a"],"credentials":{"token":"\#(secret)"}}"#,
                headers: [("X-Request-Id", "single-1")])
            #expect(single.status == 200)
            let batch = try await serve.call(
                .POST, "/v1/check/batch",
                #"{"common":{"partner":"acme","apps":["com.a"],"credentials":{"token":"\#(secret)","workplace_id":"W\#(secret)"}},"items":[{"id":"one","request":{}},{"id":"two","request":{"partner":"beta"}},{"id":"bad","request":{"apps":"x"}}]}"#,
                headers: [("X-Request-Id", "batch-1")])
            #expect(batch.status == 200)
            let stream = try await serve.call(
                .POST, "/v1/check/ndjson", #"{"partner":"acme","apps":["com.a"],"credentials":{"token":"\#(secret)"}}"# + "\n",
                headers: [("X-Request-Id", "stream-1")])
            #expect(stream.status == 200)

            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!text.contains(secret))
            let lines = try text.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(lines.count == 4)
            #expect(lines[0]["request_id"] as? String == "single-1" && lines[0]["batch_id"] == nil && lines[0]["item_id"] == nil)
            #expect(lines[0]["partner"] as? String == "acme" && lines[0]["valid"] as? Bool == false)
            #expect((lines[0]["codes"] as? [String])?.contains("missing_credential") == true)
            #expect(((lines[0]["because"] as? [[String: Any]])?.first?["file"] as? String)?.hasSuffix("acme.yaml") == true)
            #expect(lines[1]["request_id"] as? String == "batch-1" && lines[1]["item_id"] as? String == "one")
            #expect(lines[2]["item_id"] as? String == "two" && lines[2]["partner"] as? String == "beta")
            #expect(lines[1]["batch_id"] as? String != nil && lines[1]["batch_id"] as? String == lines[2]["batch_id"] as? String)
            #expect(lines[3]["request_id"] as? String == "stream-1" && lines[3]["item_id"] as? String == "1")
            let revision = try #require(batch.headers.first(name: "X-Catalog-Revision"))
            #expect(lines.allSatisfy { $0["revision"] as? String == revision && ($0["time"] as? String)?.hasSuffix("Z") == true })
        }
    }
}
