public import AsyncHTTPClient
import NIOCore
public import PartnerRules
public import PartnerRulesAudiences
import NIOHTTP1
import Hummingbird
import Foundation

/// The testing phase of an audience connection, run against a partner's endpoints.
///
/// Checks, in order: `/validate` with the good key (200) and with a bad one (401); `/create` twice (200 with two
/// different letters-and-digits container ids); `/sync` (200, answered before the download finished) and the
/// download itself (every file fetched in full within ``Options/fetchTimeout``).
///
/// The files are served by a server this check starts on 127.0.0.1. It sends each file's header at once and holds
/// the rest until `/sync` has answered (or ``Options/holdTimeout`` passed): a partner that answers only after
/// downloading is caught, and one that checks reachability first still passes.
public enum Conformance {
    public struct Options: Sendable {
        /// The partner's endpoint; `/validate`, `/create` and `/sync` are below it.
        public var baseURL: String
        /// The testing API key the partner issued.
        public var apiKey: Secret
        /// The identifiers the partner receives; one file each.
        public var identifiers: [AudienceIdentifier]
        /// When given, pull URLs carry `{{PARTNER_PULL_KEY}}` and the file server serves only the substituted path.
        public var pullKey: Secret?
        public var callTimeout: Duration = .seconds(10)
        public var fetchTimeout: Duration = .seconds(15)
        public var holdTimeout: Duration = .seconds(3)

        public init(baseURL: String, apiKey: Secret, identifiers: [AudienceIdentifier] = [.adid], pullKey: Secret? = nil) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.identifiers = identifiers.isEmpty ? [.adid] : identifiers
            self.pullKey = pullKey
        }
    }

    /// One check and what came back.
    public struct Check: Sendable, Hashable, Codable {
        public var name: String
        public var passed: Bool
        public var detail: String
    }

    /// Every check, in the order they ran.
    public struct Report: Sendable, Hashable, Codable {
        public var checks: [Check]

        public var passed: Bool { checks.allSatisfy(\.passed) }

        /// One line per check (`PASS name: detail`), then a count.
        public var text: String {
            let lines = checks.map { "\($0.passed ? "PASS" : "FAIL")  \($0.name): \($0.detail)" }
            let failed = checks.filter { !$0.passed }.count
            return (lines + ["\(checks.count) checks: \(checks.count - failed) passed, \(failed) failed"])
                .joined(separator: "\n")
        }
    }

    /// Runs every check; never throws: a failure to run one is that check's failure.
    public static func run(_ options: Options, httpClient: HTTPClient = .shared) async -> Report {
        var checks: [Check] = []
        var client = AudienceClient(endpoint: options.baseURL, httpClient: httpClient, timeout: .init(options.callTimeout))
        client.maximumResponseBytes = 16 * 1024
        let key = options.apiKey
        func ms(_ duration: Duration) -> String {
            let (seconds, attoseconds) = duration.components
            return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
        }
        func describe(_ response: AudienceResponse) -> String {
            let body = response.excerpt(masking: key)
            return "\(response.status)" + (body.isEmpty ? "" : " \(body.trimmingTrailingNewlines)") + " in \(ms(response.elapsed))"
        }
        func expect(_ name: String, _ path: String, _ body: some Encodable, status: Int) async -> AudienceResponse? {
            do {
                let response = try await client.call(path, body, apiKey: key)
                let passed = response.status == status
                checks.append(
                    Check(name: name, passed: passed, detail: (passed ? "" : "expected \(status), got ") + describe(response)))
                return response
            } catch {
                checks.append(Check(name: name, passed: false, detail: error.description))
                return nil
            }
        }

        // validate
        _ = await expect("validate with the good key", "validate", ValidateRequest(apiKey: key), status: 200)
        let badKey = Secret(wrongKey(for: key.value))
        do {
            let response = try await client.call("validate", ValidateRequest(apiKey: badKey), apiKey: key)
            let passed = response.status == 401
            checks.append(
                Check(name: "validate with a bad key", passed: passed, detail: (passed ? "" : "expected 401, got ") + describe(response)))
        } catch {
            checks.append(Check(name: "validate with a bad key", passed: false, detail: error.description))
        }

        // create twice
        var containers: [ContainerID] = []
        for (index, platform) in [AudiencePlatform.android, .ios].enumerated() {
            // Any script, any symbol: a partner must take names like this one.
            let name = (try? AudienceName("Conformance \(index + 1) — Käufer 买家 $%^@ ✓")) ?? (try? AudienceName("Conformance"))
            guard let name else { continue }
            let label = "create (\(platform.rawValue))"
            guard let response = await expect(label, "create", CreateRequest(apiKey: key, name: name, platform: platform), status: 200),
                response.status == 200
            else { continue }
            do {
                containers.append(try JSONDecoder.decodeCreate(response.body).containerID)
            } catch {
                checks[checks.count - 1].passed = false
                checks[checks.count - 1].detail = "200 but the body is not {\"container_id\": letters and digits}: "
                    + response.excerpt(masking: key)
            }
        }
        if containers.count == 2 {
            let distinct = containers[0] != containers[1]
            checks.append(
                Check(
                    name: "create gives a new container id each call", passed: distinct,
                    detail: distinct ? "\(containers[0].value) ≠ \(containers[1].value)" : "both calls returned \(containers[0].value)"))
        } else {
            checks.append(Check(name: "create gives a new container id each call", passed: false, detail: "fewer than two containers were created"))
        }

        // sync and fetch
        let container = containers.first ?? ContainerID.random()
        checks += await syncChecks(options, client: client, container: container)
        return Report(checks: checks)
    }

    private static func syncChecks(_ options: Options, client: AudienceClient, container: ContainerID) async -> [Check] {
        let files = SegmentFileHost(pullKey: options.pullKey, holdTimeout: options.holdTimeout)
        let server: LoopbackServer
        do {
            server = try await LoopbackServer.start(router: files.router())
        } catch {
            return [Check(name: "sync", passed: false, detail: "cannot serve the segment files: \(error)")]
        }
        defer { Task { await server.stop() } }
        var urls: [AudienceIdentifier: String] = [:]
        for identifier in options.identifiers {
            let token = ContainerID.random(length: 12).value
            let path = "/\(token)/\(container.value)/\(identifier.segmentHeader).csv"
            await files.serve(path: path, pullKeyPrefix: options.pullKey != nil, body: sampleSegment(identifier))
            let prefix = options.pullKey != nil ? "/\(PullURL.variable)" : ""
            urls[identifier] = server.baseURL + prefix + path
        }
        var checks: [Check] = []
        let sync: SyncRequest
        do throws(AudienceContractError) {
            sync = try SyncRequest(apiKey: options.apiKey, containerID: container, urls: urls, supported: options.identifiers)
        } catch {
            return [Check(name: "sync", passed: false, detail: error.description)]
        }
        let key = options.apiKey
        do {
            let response = try await client.call("sync", sync, apiKey: key)
            await files.syncAnswered()
            let completedBefore = await files.completedCount()
            let body = response.excerpt(masking: key)
            var detail = "\(response.status)" + (body.isEmpty ? "" : " \(body.trimmingTrailingNewlines)")
            var passed = response.status == 200
            if !passed { detail = "expected 200, got " + detail }
            if completedBefore > 0 {
                passed = false
                detail += "; answered only after downloading the file: answer once the file is reachable, then download"
            }
            checks.append(Check(name: "sync", passed: passed, detail: detail))
        } catch {
            await files.syncAnswered()
            checks.append(Check(name: "sync", passed: false, detail: error.description))
        }
        // After a failed /sync the partner has no reason to download: do not wait for it.
        let synced = checks.last?.passed == true
        checks += await files.fetchChecks(waitingUpTo: synced ? options.fetchTimeout : .zero)
        return checks
    }

    /// A segment of three sample identifiers.
    static func sampleSegment(_ identifier: AudienceIdentifier) -> [UInt8] {
        let samples: [String]
        switch identifier {
        case .adid:
            samples = ["3f2504e0-4f89-11d3-9a0c-0305e82c3301", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "AEBE52E7-03EE-455A-B3C4-E57283966239"]
        case .email:
            samples = ["ana@example.com", "Bo.Li@example.org", "kim@example.net"]
        case .phone:
            samples = ["+49 151 12345678", "+1 (415) 555-0100", "0044 20 7946 0958"]
        }
        let lines = [identifier.segmentHeader] + samples.compactMap { SegmentFiles.digest($0, as: identifier)?.hex }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// A key that differs from `key` but has its length and alphabet, so a pattern check alone cannot tell.
    static func wrongKey(for key: String) -> String {
        let replacement: Character = key.first == "0" ? "1" : "0"
        let wrong = String(repeating: replacement, count: max(key.count, 16))
        return wrong == key ? wrong + "0" : wrong
    }
}

extension JSONDecoder {
    static func decodeCreate(_ body: [UInt8]) throws -> CreateResponse {
        try JSONDecoder().decode(CreateResponse.self, from: Data(body))
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }
}

/// Serves the conformance segment files and records who fetched what, and when.
actor SegmentFileHost {
    struct File {
        var body: [UInt8]
        var requested: ContinuousClock.Instant?
        var completed: ContinuousClock.Instant?
        var bytesSent = 0
    }

    let pullKey: Secret?
    let holdTimeout: Duration
    private var files: [String: File] = [:]
    private var answeredAt: ContinuousClock.Instant?
    private var unsubstituted = 0
    private var unknown: [String] = []

    init(pullKey: Secret?, holdTimeout: Duration) {
        self.pullKey = pullKey
        self.holdTimeout = holdTimeout
    }

    func serve(path: String, pullKeyPrefix: Bool, body: [UInt8]) {
        let served = pullKeyPrefix ? "/\(pullKey?.value ?? "")\(path)" : path
        files[served] = File(body: body)
    }

    func syncAnswered() { if answeredAt == nil { answeredAt = .now } }

    func completedCount() -> Int { files.values.filter { $0.completed != nil }.count }

    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("**") { request, _ in
            await self.respond(to: request.uri.path)
        }
        return router
    }

    private func respond(to path: String) -> Response {
        guard var file = files[path] else {
            if path.contains("{{") || path.contains("%7B%7B") || path.contains("%7b%7b") {
                unsubstituted += 1
            } else {
                unknown.append(String(path.prefix(200)))
            }
            return Response(status: .notFound)
        }
        file.requested = file.requested ?? .now
        files[path] = file
        let body = file.body
        let split = (body.firstIndex(of: UInt8(ascii: "\n")) ?? (body.count - 1)) + 1
        return Response(
            status: .ok,
            body: ResponseBody(contentLength: body.count) { writer in
                try await writer.write(ByteBuffer(bytes: body[..<split]))
                await self.hold()
                try await writer.write(ByteBuffer(bytes: body[split...]))
                try await writer.finish(nil)
                await self.completed(path, bytes: body.count)
            })
    }

    /// Waits until `/sync` has answered, or the hold time-out.
    private func hold() async {
        let deadline = ContinuousClock.now + holdTimeout
        while answeredAt == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    private func completed(_ path: String, bytes: Int) {
        files[path]?.completed = .now
        files[path]?.bytesSent = bytes
    }

    /// Waits for every file to be fetched in full, then reports each.
    func fetchChecks(waitingUpTo timeout: Duration) async -> [Check] {
        let deadline = ContinuousClock.now + timeout
        while files.values.contains(where: { $0.completed == nil }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        var checks: [Conformance.Check] = []
        for (path, file) in files.sorted(by: { $0.key < $1.key }) {
            let name = "file fetched: \(path.split(separator: "/").last ?? "")"
            if let completed = file.completed {
                let after = answeredAt.map { completed - $0 }
                let timing = after.map { " \($0 < .zero ? "before" : "after") the /sync answer" } ?? ""
                checks.append(.init(name: name, passed: true, detail: "\(file.bytesSent) bytes, completed\(timing)"))
            } else {
                var detail = file.requested == nil
                    ? "not requested within \(timeout)"
                    : "requested but not completed within \(timeout)"
                if unsubstituted > 0 { detail += "; the URL was requested without substituting \(PullURL.variable)" }
                checks.append(.init(name: name, passed: false, detail: detail))
            }
        }
        return checks
    }
}

typealias Check = Conformance.Check
