import AsyncHTTPClient
import Foundation
import NIOHTTP1
import NIOCore
import PartnerRules
import PartnerRulesServer
import PartnerRulesTestSupport
import Synchronization
import Testing

/// Checks answered while the catalog is reloaded again and again: every answer names one of the valid catalogs'
/// revisions and is exactly the verdict that catalog gives (no answer mixes two catalogs), and the broken catalog
/// among them is counted as a failed reload. Not timed: it counts outcomes, the benchmark measures speed.
@Suite("serve under reloads")
struct ServeReloadTests {
    @Test("concurrent checks during repeated reloads: each answer is its named revision's verdict")
    func checksDuringReloads() async throws {
        let strict = try TemporaryDirectory(prefix: "serve-a", files: ["acme.yaml": ServeHarness.acme, "beta.yaml": ServeHarness.beta])
        let relaxed = try TemporaryDirectory(
            prefix: "serve-b",
            files: [
                "acme.yaml": ServeHarness.acme.replacingOccurrences(of: "min_length: 3", with: "min_length: 1"),
                "beta.yaml": ServeHarness.beta,
            ])
        let broken = try TemporaryDirectory(prefix: "serve-c", files: ["acme.yaml": "id: acme\nname: [broken\n"])
        defer { [strict, relaxed, broken].forEach { $0.cleanup() } }

        let request = #"{"partner":"acme","apps":["com.acme.game"],"credentials":{"token":"t","workplace_id":"AB"}}"#
        let body = try CheckBody.decode(json: Array(request.utf8))
        var expected: [String: String] = [:]
        for folder in [strict, relaxed] {
            let catalog = try CatalogLoader.load(directory: folder.path)
            let checker = IntegrationChecker(catalog: catalog)
            let verdict = checker.check(body.request, existing: [], today: .todayUTC())
            var text = String(decoding: verdict.jsonBytes(), as: UTF8.self)
            text.removeLast()
            expected[catalog.revision] = text + #","catalog_revision":"\#(catalog.revision)"}"# + "\n"
        }
        #expect(expected.count == 2)
        #expect(Set(expected.values.map { $0.hasPrefix(#"{"valid":true"#) }) == [true, false])

        let turn = Mutex(0)
        let folders = [strict.path, broken.path, relaxed.path]
        let catalog = ServedCatalog(loader: { () throws(CatalogError) in
            let index = turn.withLock { turn in
                defer { turn += 1 }
                return turn % folders.count
            }
            return try CatalogLoader.load(directory: folders[index])
        })
        let rules = RulesServer(catalog: catalog)
        let server = try await LoopbackServer.start(router: rules.router())
        let client = HTTPClient(eventLoopGroupProvider: .singleton)

        let reloading = Task {
            var count = 0
            while !Task.isCancelled && count < 300 {
                rules.reload(trigger: "test")
                count += 1
                try? await Task.sleep(for: .milliseconds(2))
            }
        }
        var seen: [String: Int] = [:]
        var mismatches: [String] = []
        do {
            try await withThrowingTaskGroup(of: [(String?, String)].self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        var answers: [(String?, String)] = []
                        for _ in 0..<40 {
                            var call = HTTPClientRequest(url: server.baseURL + "/v1/check")
                            call.method = .POST
                            call.body = .bytes(ByteBuffer(string: request))
                            let response = try await client.execute(call, timeout: .seconds(Patience.seconds(30)))
                            let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
                            answers.append((response.headers.first(name: "X-Catalog-Revision"), text))
                        }
                        return answers
                    }
                }
                for try await answers in group {
                    for (revision, text) in answers {
                        seen[revision ?? "none", default: 0] += 1
                        if expected[revision ?? ""] != text { mismatches.append("\(revision ?? "no revision"): \(text)") }
                    }
                }
            }
        } catch {
            reloading.cancel()
            try? await client.shutdown()
            await server.stop()
            throw error
        }
        reloading.cancel()
        _ = await reloading.value
        let metrics = String(decoding: rules.metrics.text(), as: UTF8.self)
        try await client.shutdown()
        await server.stop()
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
        #expect(seen.values.reduce(0, +) == 320)
        #expect(metrics.contains(#"partner_rules_reloads_total{outcome="failure"}"#))
        #expect(metrics.contains(#"partner_rules_reloads_total{outcome="success"}"#))
    }
}
