import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// What a service team met embedding the library (issue 26): each finding, held by a test.
@Suite("Embedding the library")
struct EmbeddingFindingsTests {
    @Test("an emptied folder fails to reload and keeps the last good catalog; a folder without partner files fails to load")
    func emptiedFolder() async throws {
        let folder = try temporaryFolder(["acme.yaml": CatalogStoreTests.good])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try CatalogStore(directory: folder)
        let revision = store.current.revision

        try FileManager.default.removeItem(atPath: folder + "/acme.yaml")
        let failure: CatalogError? = store.reload()
        guard let failure else {
            Issue.record("an emptied folder reloaded")
            return
        }
        // Lint reports the folder (`no-partners`, an error) before the load's own guard would.
        #expect("\(failure)".contains("no partner file"), "\(failure)")
        #expect(await store.reloadDetached() != nil)
        #expect(store.current.revision == revision && store.current.partner(named: "acme") != nil)

        try Data("notes: [settings only]\n".utf8).write(to: URL(fileURLWithPath: folder + "/_catalog.yaml"))
        #expect(throws: CatalogError.self) { try CatalogStore(directory: folder) }
        let settingsOnly: CatalogError? = store.reload()
        #expect(settingsOnly != nil)
        #expect(store.current.revision == revision)
    }

    @Test("a file given where the partners folder is expected is an error, not its whole folder")
    func fileAsFolder() throws {
        let folder = try temporaryFolder(["acme.yaml": CatalogStoreTests.good])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            _ = try CatalogStore(directory: folder + "/acme.yaml")
            Issue.record("a file loaded as a folder")
        } catch {
            guard case .unreadable(let path, let reason) = error else {
                Issue.record("expected unreadable, got \(error)")
                return
            }
            #expect(path == folder + "/acme.yaml")
            #expect(reason.contains("this is a file") && reason.contains("give the folder"))
        }
        #expect(throws: CatalogError.self) { try CatalogStore(directory: folder + "/absent") }
    }

    @Test("the async reload takes a good catalog, keeps the last good one on a bad edit, and the last started wins")
    func asyncReload() async throws {
        let folder = try temporaryFolder(["acme.yaml": CatalogStoreTests.good])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try CatalogStore(directory: folder)
        try Data("id: acme\nname: [broken\n".utf8).write(to: URL(fileURLWithPath: "\(folder)/acme.yaml"))
        guard case .invalid? = await store.reloadDetached() else {
            Issue.record("a broken file reloaded")
            return
        }
        #expect(store.current.partner(named: "acme")?.reachesCreativeLevel(adType: "ctv") == false)
        try Data(CatalogStoreTests.good.replacingOccurrences(of: "[ctv]", with: "[]").utf8)
            .write(to: URL(fileURLWithPath: "\(folder)/acme.yaml"))
        let failures = await withTaskGroup(of: CatalogError?.self) { group in
            for _ in 0..<4 { group.addTask { await store.reloadDetached() } }
            var failures = 0
            for await failure in group where failure != nil { failures += 1 }
            return failures
        }
        #expect(failures == 0)
        #expect(store.current.partner(named: "acme")?.reachesCreativeLevel(adType: "ctv") == true)
    }

    @Test("every _*.yaml of the folder counts in the revision, as SPEC 17's hash of the folder's *.yaml files")
    func everySettingsFileCounts() throws {
        let folder = try temporaryFolder(["acme.yaml": CatalogStoreTests.good])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plain = try CatalogLoader.load(directory: folder).revision
        try Data("notes: [kept aside]\n".utf8).write(to: URL(fileURLWithPath: folder + "/_notes.yaml"))
        let withNotes = try CatalogLoader.load(directory: folder)
        #expect(withNotes.revision != plain)
        #expect(withNotes.revision == CatalogRevision.of(withNotes.sourceFiles))
        #expect(withNotes.sourceFiles.map(\.name) == ["_notes.yaml", "acme.yaml"])
        try Data("notes: [changed]\n".utf8).write(to: URL(fileURLWithPath: folder + "/_notes.yaml"))
        #expect(try CatalogLoader.load(directory: folder).revision != withNotes.revision)
    }

    @Test("print, debugPrint, dump and interpolation of a request or a check body never show a credential")
    func printedRequestsHoldNoSecret() {
        let request = IntegrationRequest(
            partner: "acme", apps: ["com.acme.game"], user: "ana@acme.test",
            credentials: ["password": "PASSWORD-PLANTED-51", "email": "EMAIL-PLANTED-52"],
            partnerMetrics: ["api_key": "METRICS-PLANTED-53"])
        let body = CheckBody(request: request, today: CalendarDate("2026-01-01"))
        var shown: [String] = []
        for value in [request as Any, body as Any] {
            var printed = ""
            print(value, to: &printed)
            debugPrint(value, to: &printed)
            dump(value, to: &printed)
            printed += "\(value) \(String(describing: value)) \(String(reflecting: value))"
            shown.append(printed)
        }
        shown.append("\(request) \(body) \(Mirror(reflecting: request).children.map { "\($0.value)" })")
        for text in shown {
            for secret in ["PASSWORD-PLANTED-51", "EMAIL-PLANTED-52", "METRICS-PLANTED-53"] {
                #expect(!text.contains(secret), "\(text)")
            }
            #expect(text.contains("password") && text.contains("***") && text.contains("com.acme.game"))
        }
        #expect("\(request)".contains(#"credentials: ["email": "***", "password": "***"]"#))
    }
}
