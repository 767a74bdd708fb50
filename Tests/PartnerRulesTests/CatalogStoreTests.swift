import Foundation
import Synchronization
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

@Suite("Catalog store")
struct CatalogStoreTests {
    static let good = """
        # yaml-language-server: $schema=../schemas/partner.schema.json
        id: acme
        name: Acme
        media_sources: [acme_int]
        auth: oauth
        ad_types: {unsupported: [ctv]}
        """

    @Test("a bad reload keeps the last good catalog; a good one replaces it")
    func reloadKeepsLastGood() throws {
        let folder = try temporaryFolder(["acme.yaml": Self.good])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try CatalogStore(directory: folder)
        #expect(store.current.partner(named: "acme") != nil)

        try Data("id: acme\nname: [broken\n".utf8).write(to: URL(fileURLWithPath: "\(folder)/acme.yaml"))
        let failure = store.reload()
        guard case .invalid(let findings)? = failure else {
            Issue.record("expected the reload to fail, got \(String(describing: failure))")
            return
        }
        #expect(findings.first?.code == .yamlSyntax)
        #expect(store.current.partner(named: "acme")?.reachesCreativeLevel(adType: "ctv") == false)

        try Data(Self.good.replacingOccurrences(of: "[ctv]", with: "[]").utf8).write(to: URL(fileURLWithPath: "\(folder)/acme.yaml"))
        #expect(store.reload() == nil)
        #expect(store.current.partner(named: "acme")?.reachesCreativeLevel(adType: "ctv") == true)
    }

    @Test("many tasks read while another reloads")
    func concurrentReads() async throws {
        let folder = try temporaryFolder(["acme.yaml": Self.good])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try CatalogStore(directory: folder)
        await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask {
                    if index == 0 { for _ in 0..<20 { _ = store.reload() } }
                    return (0..<200).allSatisfy { _ in store.current.partner(named: "ACME") != nil }
                }
            }
            for await ok in group { #expect(ok) }
        }
    }

    @Test("reloads take turns: a load never starts while another runs, and the last one to finish is the last taken")
    func reloadsTakeTurns() async throws {
        let first = try Catalog(definitions: [])
        // Each load notes that it runs, stays long enough for others to pile up, and gives its own revision.
        let running = Mutex((now: 0, most: 0, loads: 0))
        let held = LastGoodCatalog(first) { () throws(CatalogError) in
            let number = running.withLock { state in
                state.now += 1
                state.most = max(state.most, state.now)
                state.loads += 1
                return state.loads
            }
            usleep(2_000)
            running.withLock { $0.now -= 1 }
            if number.isMultiple(of: 3) { throw .unreadable(path: "load \(number)", reason: "a planted failure") }
            return Catalog(checked: [], settings: CatalogSettings(), revision: "load \(number)")
        }
        #expect(held.current?.revision == first.revision)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<6 { group.addTask { _ = held.reload() } }
        }
        let state = running.withLock { $0 }
        #expect(state.loads == 6)
        #expect(state.most == 1, "\(state.most) loads ran at once")
        // Loads 3 and 6 failed: the last good one is load 5.
        #expect(held.current?.revision == "load 5")
    }
}
