import Foundation
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
                    if index == 0 { for _ in 0..<20 { store.reload() } }
                    return (0..<200).allSatisfy { _ in store.current.partner(named: "ACME") != nil }
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
