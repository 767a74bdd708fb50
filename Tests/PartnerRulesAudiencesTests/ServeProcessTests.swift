import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PartnerRulesTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `partner-rules-serve` as a process: signals, `--watch`, logs, faults at the socket level.
@Suite("serve as a process", .serialized)
struct ServeProcessTests {
    static let secretPartner = ServeHarness.acme.replacingOccurrences(
        of: "kind: identifier\n", with: "kind: identifier\n    secret: true\n")

    func folder(_ files: [String: String] = ["acme.yaml": ServeProcessTests.secretPartner, "beta.yaml": ServeHarness.beta]) throws
        -> TemporaryDirectory
    {
        try TemporaryDirectory(prefix: "serve-process", files: files)
    }

    func call(
        _ client: HTTPClient, _ method: HTTPMethod, _ url: String, _ body: String? = nil, headers: [(String, String)] = []
    ) async throws -> ServeHarness.Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(Patience.seconds(30)))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return ServeHarness.Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    }

    @Test("SIGTERM lets a slow request in flight finish, then the process exits 0")
    func gracefulStop() async throws {
        let partners = try folder()
        defer { partners.cleanup() }
        let server = try await ServeProcess(["--partners", partners.path, "--log-level", "debug"])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { Task { try? await client.shutdown() } }

        let rows = 20_000
        let line = ByteBuffer(string: String(repeating: "com.a,acme_int,2026-01-01,video\n", count: rows / 20))
        var request = HTTPClientRequest(url: server.baseURL + "/v1/classify?summary=true")
        request.method = .POST
        let signalled = ServeSignal(server)
        // The body's fifth piece waits until the server has logged that it read the request's head; then SIGTERM
        // goes, and the rest of the body follows it. The request is in flight at the server when the stop begins,
        // however slowly this machine or a sanitized build runs.
        let pieces = [ByteBuffer(string: "app_id,media_source,date,ad_type\n")] + Array(repeating: line, count: 20)
        request.body = .stream(
            PacedBody(pieces: pieces, pause: .milliseconds(50)) { index in
                guard index == 4 else { return }
                let deadline = ContinuousClock.now + Patience.scaled(.seconds(30))
                while !server.stderrText.contains(#""message":"started""#), ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(20))
                }
                signalled.sendTerm()
            }, length: .unknown)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(Patience.seconds(60)))
        } catch {
            _ = await server.stop()
            Issue.record("the request failed (\(error)); the server's standard error ends: \(server.stderrText.suffix(4000))")
            return
        }
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        #expect(response.status.code == 200)
        #expect(body.contains(#""rows": \#(rows)"#))
        #expect(signalled.sent)
        #expect(await server.stop() == 0)
    }

    @Test("SIGHUP and --watch reload; a bad catalog with --watch serves 503 until fixed; a deleted folder keeps the last good catalog")
    func reloads() async throws {
        let partners = try folder(["acme.yaml": "id: acme\nname: [broken\n", "beta.yaml": ServeHarness.beta])
        defer { partners.cleanup() }
        let refused = try await ServeProcess.runToExit(["--partners", partners.path])
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("yaml-syntax"))

        let server = try await ServeProcess(["--partners", partners.path, "--watch"])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { Task { try? await client.shutdown() } }
        #expect(try await call(client, .GET, server.baseURL + "/readyz").status == 503)
        #expect(try await call(client, .GET, server.baseURL + "/healthz").status == 200)
        #expect(try await call(client, .POST, server.baseURL + "/v1/check", #"{"partner":"beta","apps":["a.b"]}"#).status == 503)

        try partners.write("acme.yaml", ServeHarness.acme)
        #expect(try await ServeProcess.eventually { try await call(client, .GET, server.baseURL + "/readyz").status == 200 })
        let first = try await call(client, .GET, server.baseURL + "/readyz").body

        // SIGHUP: a change the watcher has not seen yet is taken at once.
        try partners.write("beta.yaml", ServeHarness.beta.replacingOccurrences(of: "Beta Network", with: "Beta Renamed"))
        server.signal(SIGHUP)
        #expect(try await ServeProcess.eventually { try await call(client, .GET, server.baseURL + "/v1/partners/beta").body.contains("Beta Renamed") })
        let second = try await call(client, .GET, server.baseURL + "/readyz").body
        #expect(first != second)

        // The folder deleted: reloads fail, the last good catalog answers.
        try FileManager.default.removeItem(atPath: partners.path)
        server.signal(SIGHUP)
        #expect(
            try await ServeProcess.eventually {
                try await call(client, .GET, server.baseURL + "/metrics").body.contains(#"partner_rules_reloads_total{outcome="failure"}"#)
            })
        #expect(try await call(client, .GET, server.baseURL + "/readyz").body == second)
        let check = try await call(client, .POST, server.baseURL + "/v1/check", #"{"partner":"beta","apps":["com.a"]}"#)
        #expect(check.status == 200 && check.body.contains(#""partner":"beta""#))
        #expect(await server.stop() == 0)
        #expect(server.stderrText.contains(#""outcome":"failure""#))
    }

    @Test("logs and answers never hold a secret: credentials, the reload token, a masked field's value")
    func noSecrets() async throws {
        let partners = try folder()
        defer { partners.cleanup() }
        let tokenFile = partners.url.appendingPathComponent("reload.token")
        try Data("RELOAD-PLANTED-77\n".utf8).write(to: tokenFile)
        let server = try await ServeProcess([
            "--partners", partners.path, "--reload-token-file", tokenFile.path, "--log-level", "trace", "--decision-log", "-",
        ])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { Task { try? await client.shutdown() } }
        let request = #"{"partner":"acme","apps":["com.a"],"credentials":{"token":"TOKEN-PLANTED-11","workplace_id":"WORKPLACE-PLANTED-22"}}"#
        var answers: [String] = []
        answers.append(try await call(client, .POST, server.baseURL + "/v1/check", request, headers: [("X-Request-Id", "req-planted-check")]).body)
        answers.append(try await call(client, .POST, server.baseURL + "/v1/check", #"{"partner":"acme","apps":["com.a"],"credentials":{"tokn":"TOKEN-PLANTED-11"}}"#).body)
        answers.append(
            try await call(
                client, .POST, server.baseURL + "/v1/check/batch",
                #"{"common":{"partner":"acme","apps":["com.a"],"credentials":{"token":"TOKEN-PLANTED-11"}},"items":[{"id":"1","request":{}},{"id":"2","request":{"credentials":{"tokn":"TOKEN-PLANTED-11","workplace_id":"WORKPLACE-PLANTED-22"}}},{"id":"3","request":{"apps":"TOKEN-PLANTED-11"}}]}"#
            ).body)
        answers.append(try await call(client, .POST, server.baseURL + "/v1/check/ndjson", request + "\n" + #"{"credentials":"TOKEN-PLANTED-11"}"#).body)
        answers.append(
            try await call(
                client, .POST, server.baseURL + "/v1/preview",
                try ServeRoutesTests.json(["files": ["acme.yaml": Self.secretPartner], "request": try JSONSerialization.jsonObject(with: Data(request.utf8))])
            ).body)
        answers.append(try await call(client, .POST, server.baseURL + "/v1/reload", headers: [("Authorization", "Bearer RELOAD-PLANTED-77")]).body)
        answers.append(try await call(client, .POST, server.baseURL + "/v1/reload", headers: [("Authorization", "Bearer RELOAD-PLANTED-78")]).body)
        answers.append(try await call(client, .GET, server.baseURL + "/metrics").body)
        #expect(await server.stop() == 0)
        let logs = server.stderrText
        #expect(logs.contains(#""request_id":"req-planted-check""#))
        #expect(logs.contains(#""route":"/v1/check""#))
        // The decision log (standard output here) has the batch's decisions, with their item ids.
        #expect(server.stdoutText.contains(#""item_id":"2""#))
        for secret in ["TOKEN-PLANTED-11", "WORKPLACE-PLANTED-22", "RELOAD-PLANTED-77", "RELOAD-PLANTED-78"] {
            #expect(!logs.contains(secret), "the log holds \(secret)")
            #expect(!answers.contains { $0.contains(secret) }, "an answer holds \(secret)")
            #expect(!server.stdoutText.contains(secret))
        }
    }

    @Test("the reload token read from a file or the environment guards /v1/reload; a token on the command line is refused with the fix")
    func reloadTokenOutOfTheArguments() async throws {
        let partners = try folder()
        defer { partners.cleanup() }
        let tokenFile = partners.url.appendingPathComponent("reload.token")
        try Data("FILE-TOKEN-31\n# the rest of the file is not read\n".utf8).write(to: tokenFile)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { Task { try? await client.shutdown() } }

        let server = try await ServeProcess(["--partners", partners.path, "--reload-token-file", tokenFile.path])
        #expect(try await call(client, .POST, server.baseURL + "/v1/reload").status == 401)
        #expect(try await call(client, .POST, server.baseURL + "/v1/reload", headers: [("Authorization", "Bearer FILE-TOKEN-31")]).status == 200)
        #expect(await server.stop() == 0)
        #expect(!server.stderrText.contains("FILE-TOKEN-31"))

        let fromEnvironment = try await ServeProcess(["--partners", partners.path], environment: ["PARTNER_RULES_RELOAD_TOKEN": "ENV-TOKEN-32"])
        #expect(try await call(client, .POST, fromEnvironment.baseURL + "/v1/reload").status == 401)
        #expect(try await call(client, .POST, fromEnvironment.baseURL + "/v1/reload", headers: [("Authorization", "Bearer ENV-TOKEN-32")]).status == 200)
        #expect(await fromEnvironment.stop() == 0)

        let inArguments = try await ServeProcess.runToExit(["--partners", partners.path, "--reload-token", "ARGUMENT-TOKEN-33"])
        #expect(inArguments.status == 2)
        #expect(inArguments.stderrText.contains("--reload-token-file FILE") && inArguments.stderrText.contains("PARTNER_RULES_RELOAD_TOKEN"))
        #expect(!inArguments.stderrText.contains("ARGUMENT-TOKEN-33"))
        let missing = try await ServeProcess.runToExit(["--partners", partners.path, "--reload-token-file", partners.path + "/absent.token"])
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("--reload-token-file"))
    }

    @Test("malformed HTTP gets 400; a body announced over 1 MiB gets 413 before it is sent; 1,000 idle connections do not stop others")
    func faults() async throws {
        let partners = try folder()
        defer { partners.cleanup() }
        let server = try await ServeProcess(["--partners", partners.path])

        let garbage = try RawConnection(port: server.port)
        garbage.send("THIS IS NOT HTTP\r\n\r\n")
        #expect(garbage.receive().hasPrefix("HTTP/1.1 400"))

        let announced = try RawConnection(port: server.port)
        announced.send("POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n")
        let early = announced.receive(until: "\r\n\r\n")
        #expect(early.hasPrefix("HTTP/1.1 413"))

        var idle: [RawConnection] = []
        for _ in 0..<1000 { idle.append(try RawConnection(port: server.port)) }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { Task { try? await client.shutdown() } }
        for _ in 0..<20 {
            #expect(try await call(client, .GET, server.baseURL + "/v1/partners/acme").status == 200)
        }
        // Every idle connection is still open and still served when it finally asks.
        idle[999].send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(idle[999].receive(until: "ok\n").hasPrefix("HTTP/1.1 200"))
        idle.removeAll()
        #expect(await server.stop() == 0)
    }
}

/// Sends SIGTERM to a server once, from the task that streams a request body.
final class ServeSignal: @unchecked Sendable {
    private let server: ServeProcess
    private let lock = NSLock()
    private var done = false

    init(_ server: ServeProcess) {
        self.server = server
    }

    var sent: Bool { lock.withLock { done } }

    func sendTerm() {
        lock.withLock {
            guard !done else { return }
            done = true
            server.signal(SIGTERM)
        }
    }
}

/// A request body handed to the HTTP client one piece at a time, each after a pause, awaiting `onPull` with the
/// piece's index as the client asks for it: unlike a stream filled ahead, it shows how far the sending has got, and
/// can hold the rest back.
struct PacedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let pieces: [ByteBuffer]
    let pause: Duration
    let onPull: @Sendable (Int) async -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        let body: PacedBody
        var index = 0

        mutating func next() async -> ByteBuffer? {
            guard index < body.pieces.count else { return nil }
            if index > 0 { try? await Task.sleep(for: body.pause) }
            await body.onPull(index)
            index += 1
            return body.pieces[index - 1]
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(body: self) }
}
