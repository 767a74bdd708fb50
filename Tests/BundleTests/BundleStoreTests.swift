import Foundation
import PartnerRulesSigning
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// A service's store on a bundle: reloading reads the bundle again and keeps the last good catalog.
@Suite("catalog bundles: the store")
struct BundleStoreTests {
    @Test("a bad bundle on reload keeps the last good catalog; a good one replaces it")
    func reloadKeepsLastGood() throws {
        let folder = try TemporaryDirectory(prefix: "bundle-store")
        defer { folder.cleanup() }
        let (signer, verifier) = try BundleFixture.keyPair(6)
        let (otherSigner, _) = try BundleFixture.keyPair(7)
        let path = folder.file("catalog.bundle")
        let good = try BundleFixture.bundle(signer: signer)
        try folder.write("catalog.bundle", Data(good))
        let store = try CatalogStore(bundle: path, verifier: verifier)
        #expect(store.source == .bundle(path))
        let first = store.current
        #expect(first.partner(named: "moloco") != nil)

        let bad: [(String, [UInt8])] = [
            ("cut short", Array(good.prefix(good.count / 2))),
            ("another key", try BundleFixture.bundle(signer: otherSigner)),
            ("unsigned", try BundleFixture.bundle()),
            ("not a bundle", Array("id: acme\n".utf8)),
        ]
        for (name, bytes) in bad {
            try folder.write("catalog.bundle", Data(bytes))
            guard case .unreadable(let failedPath, let reason)? = store.reload() else {
                Issue.record("a bundle \(name) was taken on reload")
                continue
            }
            #expect(failedPath == path)
            #expect(!reason.isEmpty)
            #expect(store.current.partners.map(\.definition) == first.partners.map(\.definition), "\(name)")
        }
        try FileManager.default.removeItem(atPath: path)
        #expect(store.reload() != nil, "a deleted bundle keeps the last good catalog")
        #expect(store.current.partner(named: "moloco") != nil)

        try folder.write("catalog.bundle", Data(good))
        #expect(store.reload() == nil)
    }

    @Test("a store refuses to start on a bundle that does not verify")
    func refusesAtStart() throws {
        let folder = try TemporaryDirectory(prefix: "bundle-store")
        defer { folder.cleanup() }
        let (_, verifier) = try BundleFixture.keyPair(8)
        let path = try folder.write("catalog.bundle", Data(try BundleFixture.bundle()))
        do {
            _ = try CatalogStore(bundle: path, verifier: verifier)
            Issue.record("an unsigned bundle was taken with a verifier")
        } catch {
            #expect(error.description.contains("not signed"))
            #expect(error.description.hasPrefix(path))
        }
    }
}

/// The bundle writes every stored property of the types it holds: a new property must be written (and the format
/// version raised) before this passes again.
@Suite("catalog bundles: format coverage")
struct BundleFormatCoverageTests {
    static func propertyCount(_ value: Any) -> Int { Mirror(reflecting: value).children.count }

    @Test("the stored properties of each type the bundle writes")
    func storedProperties() {
        let field = CredentialField(key: "k", label: "K", kind: .text)
        let definition = PartnerDefinition(id: "acme", name: "Acme", mediaSources: ["acme_int"], auth: .oauth)
        // When one of these changes: write the new property in BundleContent (both ways), raise
        // CatalogBundle.formatVersion, say so in docs/bundles.md, then update the number here.
        #expect(Self.propertyCount(definition) == 16)
        #expect(Self.propertyCount(field) == 14)
        #expect(Self.propertyCount(CredentialFallback(key: "k", label: "K")) == 2)
        #expect(Self.propertyCount(RoleRequirement()) == 2)
        #expect(Self.propertyCount(PartnerMetrics()) == 2)
        #expect(Self.propertyCount(AdTypeName(name: "ctv")) == 2)
        #expect(Self.propertyCount(SupersededSource(mediaSource: "m", name: "n")) == 5)
        #expect(Self.propertyCount(ROI360Policy()) == 1)
        #expect(Self.propertyCount(Setup()) == 2)
        #expect(Self.propertyCount(AudienceEndpoint(identifiers: [], endpoint: "")) == 3)
        #expect(Self.propertyCount(CatalogSettings()) == 2)
        #expect(Self.propertyCount(DataAvailability()) == 5)
        #expect(Self.propertyCount(PartnerDocument(definition: definition, file: "f")) == 3)
        #expect(Self.propertyCount(CalendarDate(year: 2024, month: 1, day: 1)) == 3)
    }
}
