import Foundation
import PartnerRulesSigning
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// A catalog loaded from its bundle answers exactly as the same catalog loaded from its folder.
@Suite("catalog bundles: round trip")
struct BundleRoundTripTests {
    static let today = CalendarDate(year: 2024, month: 5, day: 1)

    @Test("the repository's partners come back with the same definitions, places, settings, files and revision")
    func definitionsAndPlaces() throws {
        let folder = BundleFixture.folderCatalog
        let loaded = try CatalogBundle.decode(try BundleFixture.bundle())
        #expect(loaded.partners.map(\.definition) == folder.partners.map(\.definition))
        #expect(loaded.settings == folder.settings)
        #expect(loaded.revision == folder.revision)
        #expect(loaded.sourceFiles == folder.sourceFiles)
        #expect(loaded.sourceFile(ofPartner: "Moloco")?.text.contains("id: moloco") == true)
        #expect(loaded.compiled.partners.map(\.document) == folder.compiled.partners.map(\.document))
        // The places are those of the files as loaded, not of a made-up file name.
        let moloco = try #require(loaded.partner(named: "moloco"))
        #expect(loaded.compiled.partners[try #require(loaded.compiled.target(named: moloco.id)).partner].places.file.hasSuffix("partners/moloco.yaml"))
    }

    @Test("the same catalog gives the same bytes, and a signature of the same key the same signature")
    func deterministic() throws {
        #expect(try BundleFixture.bundle() == BundleFixture.bundle())
        let (signer, _) = try BundleFixture.keyPair(1)
        #expect(try BundleFixture.bundle(signer: signer) == BundleFixture.bundle(signer: signer))
    }

    @Test("the same files in another folder, written in another order at other times, give the same revision and bundle")
    func revisionIgnoresOrderAndTimes() throws {
        let files = BundleFixture.folderCatalog.sourceFiles
        let revision = BundleFixture.folderCatalog.revision
        #expect(revision.hasPrefix("sha256:") && revision.count == 7 + 64)
        let copy = try TemporaryDirectory(prefix: "bundle-revision")
        defer { copy.cleanup() }
        var generator = SeededRandom(seed: 7)
        for (index, file) in files.shuffled(using: &generator).enumerated() {
            let path = try copy.write("partners/\(file.name)", Data(file.bytes))
            let time = Date(timeIntervalSince1970: 1_000_000_000 + Double(index) * 86_400)
            try FileManager.default.setAttributes([.modificationDate: time], ofItemAtPath: path)
        }
        let moved = try CatalogLoader.load(directory: copy.file("partners"))
        #expect(moved.revision == revision)
        let movedBundle = try CatalogBundle.decode(try CatalogBundle.encode(moved))
        #expect(movedBundle.revision == revision)
        // One byte more in one file is another revision.
        var changed = files
        changed[0] = CatalogSourceFile(name: changed[0].name, bytes: changed[0].bytes + [0x0A])
        #expect(CatalogRevision.of(changed) != revision)
    }

    @Test("a catalog built from definitions, without files, round-trips with its revision")
    func fromDefinitions() throws {
        let definitions = [
            PartnerDefinition(
                id: "acme", name: "Acme", mediaSources: ["acme_int"], auth: .credentials,
                credentials: [CredentialField(key: "token", label: "Token", kind: .token, pattern: "[a-z]+")],
                adTypes: .supported([AdTypeName(name: "video", aliases: ["vid"])]),
                supersedes: [SupersededSource(mediaSource: "acme_old", name: "Acme (old)", deprecated: CalendarDate("2024-03-31"))]),
            PartnerDefinition(id: "beta", name: "Beta", mediaSources: ["beta_int"], auth: .oauth),
        ]
        let catalog = try Catalog(definitions: definitions, settings: BundleFixture.folderCatalog.settings)
        let loaded = try CatalogBundle.decode(try CatalogBundle.encode(catalog))
        #expect(loaded.partners.map(\.definition) == definitions)
        #expect(loaded.revision == catalog.revision)
        #expect(loaded.sourceFiles.isEmpty)
    }

    @Test("verdicts and their because places are the same for requests to every partner")
    func verdicts() throws {
        let folder = IntegrationChecker(catalog: BundleFixture.folderCatalog)
        let bundled = IntegrationChecker(catalog: try CatalogBundle.decode(try BundleFixture.bundle()))
        var compared = 0
        for request in Self.requests(for: BundleFixture.folderCatalog) {
            for existing in Self.existing(for: request) {
                let expected = folder.check(request, existing: existing, today: Self.today)
                let got = bundled.check(request, existing: existing, today: Self.today)
                #expect(got.jsonBytes() == expected.jsonBytes(), "\(request.partner)")
                compared += 1
            }
        }
        #expect(compared > 0)
    }

    @Test("the partner tests pass and fail alike, with the same coverage")
    func partnerTests() throws {
        let folderCatalog = BundleFixture.folderCatalog
        let bundled = try CatalogBundle.decode(try BundleFixture.bundle())
        let paths = [PartnerTestLoader.defaultFolder(partners: Repository.partners)]
        func report(_ catalog: Catalog) throws -> String {
            let (files, findings) = try PartnerTestLoader.load(paths: paths, catalog: catalog)
            #expect(findings.filter { $0.severity == .error }.isEmpty)
            let results = PartnerTestRunner(catalog: catalog, today: Self.today).run(files)
            return PartnerTestReport(results: results, coverage: PartnerTestCoverage(catalog: catalog, results: results))
                .render(as: .json, listCoverage: true)
        }
        let expected = try report(folderCatalog)
        #expect(expected.contains("\"covered\""))
        #expect(try report(bundled) == expected)
    }

    @Test("classify writes the same rows, with the same because column (classify's sample and its partners)")
    func classify() throws {
        let sample = try CatalogLoader.load(directory: Repository.path("Tests/CLITests/Golden/classify-partners"))
        let bundled = try CatalogBundle.decode(try CatalogBundle.encode(sample))
        let folder = try TemporaryDirectory(prefix: "bundle-classify")
        defer { folder.cleanup() }
        let input = Repository.path("Tests/CLITests/Golden/classify-input.csv")
        func run(_ catalog: Catalog, _ name: String) throws -> String {
            var classifier = Classifier(rules: RowRules(catalog: catalog), duplicates: .mark)
            classifier.explain = true
            _ = try classifier.run(input: .file(input), output: .file(folder.file(name)))
            return try folder.read(name)
        }
        let expected = try run(sample, "folder.csv")
        #expect(expected.contains("classify-partners/"), "the sample has ad-level rows whose because names a partner file")
        #expect(try run(bundled, "bundle.csv") == expected)
    }

    /// Requests that reach every rule for each partner: by each name it answers to, with nothing, with its form
    /// filled in wrongly and rightly, through an agency, as an update.
    static func requests(for catalog: Catalog) -> [IntegrationRequest] {
        var requests: [IntegrationRequest] = []
        for partner in catalog.partners {
            let definition = partner.definition
            let names = [definition.id, definition.name] + definition.mediaSources + definition.supersedes.map(\.mediaSource)
            let filled = Dictionary(definition.credentials.map { ($0.key, " Some Value 12 ") }, uniquingKeysWith: { $1 })
            let metrics = Dictionary(definition.partnerMetrics.credentials.map { ($0.key, "0123456789abcdef") }, uniquingKeysWith: { $1 })
            for name in names {
                requests.append(IntegrationRequest(partner: name, apps: ["com.acme.game"]))
                requests.append(
                    IntegrationRequest(
                        partner: name, apps: ["com.acme.game", "id1234567890"], user: "ana@acme.example",
                        credentials: filled.merging(["unknown_key": "x"]) { $1 }, oauth: OAuthGrant(granted: true, fullPermissions: false),
                        partnerMetrics: metrics, agency: AgencyReference(id: "blue-agency", transparent: false),
                        roles: ["Viewer"], roi360: ROI360Status(subscribed: true, integratedBy: "bo@acme.example")))
                requests.append(
                    IntegrationRequest(
                        operation: .update, partner: name, apps: ["id1234567890"], user: "ana@acme.example",
                        credentials: Dictionary(definition.credentials.map { ($0.key, "ana@acme.example") }, uniquingKeysWith: { $1 }),
                        oauth: OAuthGrant(granted: true, fullPermissions: true),
                        roles: definition.roles.allOf + definition.roles.anyOf.prefix(1),
                        roi360: ROI360Status(subscribed: false)))
            }
        }
        return requests
    }

    /// No integrations, and one of the same partner for the same app (duplicates, supersessions, updates).
    static func existing(for request: IntegrationRequest) -> [[ExistingIntegration]] {
        [[], [ExistingIntegration(partner: request.partner, apps: request.apps, user: request.user)]]
    }
}
