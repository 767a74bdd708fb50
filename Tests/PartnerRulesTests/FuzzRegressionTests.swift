import Foundation
import PartnerRulesTestSupport
import Testing
@_spi(Fuzzing) import PartnerRules
import PartnerRulesAudiencesCore

/// Inputs the fuzz targets (Fuzz/, tools/fuzz) crashed on, replayed through the same code path as the target, one
/// test named for what each broke. The memory errors among them show under `tools/test --sanitize address`.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
    static let folder = Repository.path("Tests/PartnerRulesTests/Fixtures/fuzz-regressions")

    static func fixture(_ target: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(target)/\(name)")))
    }

    /// partner-test: running the cases' rows writes through AtomicFile, whose clean-up of killed writers' temporary
    /// files read each folder entry's name as the full 256 bytes `d_name` declares, past the end of readdir's
    /// record (AddressSanitizer: heap-buffer-overflow in `AtomicFile.removeAbandoned`).
    @Test func atomicFileReadsFolderEntriesOnlyUpToTheirNames() throws {
        let bytes = try Self.fixture("partner-test", "crash-ecb8568bc48f07bedb9e1e4c1639dfab39642c6c")
        let catalog = try CatalogLoader.load(directory: Repository.partners)
        let outcome = PartnerTestPipeline.run(
            bytes, file: "tests/acme.yaml", catalog: catalog, today: CalendarDate(year: 2026, month: 6, day: 1),
            limits: YAMLLimits(maxBytes: 1 << 16, maxDepth: 32))
        #expect(outcome.cases > 0)
        if let json = outcome.jsonReport {
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
        }
    }

    /// s3-answer: an S3 `<Code>` whose text begins with a combining mark (U+0655) was not found, because the reader
    /// searched Swift characters and the mark joins the tag's `>` into one; escaping, by characters too, would leave a
    /// `<` or `&` followed by such a mark unescaped. Both now work on code points and bytes, as XML does.
    @Test func s3AnswersAndEscapingWorkOnCodePointsNotCharacters() throws {
        let bytes = try Self.fixture("s3-answer", "crash-977ddc44d3526de5886befd01021ecf6671df9bd")
        let escaped = S3Response.escapeXML(String(decoding: bytes, as: UTF8.self))
        let wrapped = S3Response(status: 200, body: Array("<Error><Code>\(escaped)</Code></Error>".utf8))
        #expect(wrapped.code.utf8.elementsEqual(escaped.utf8))
        #expect(S3Response.escapeXML("<\u{301}a & \u{301}\"") == "&lt;\u{301}a &amp; \u{301}&quot;")
        #expect(!S3Response.escapeXML("&\u{655}<\u{655}>\u{655}").utf8.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") })
        let combining = S3Response(status: 400, body: Array("<Error><Message>\u{655}key</Message></Error>".utf8))
        #expect(combining.element("Message") == "\u{655}key")
    }

    /// catalog: a folder holding only `_catalog.yaml` linted with a warning alone (`no-partners`), so CI passed it,
    /// while loading refuses a catalog with no partner (every request would be refused). Lint now says so as an
    /// error, and what lints without errors loads.
    @Test func aFolderWithoutPartnersIsALintErrorAsItIsALoadError() throws {
        let bytes = try Self.fixture("catalog", "crash-65830d04cc5f6362b51742927578c479e4ee19db")
        let text = String(decoding: bytes, as: UTF8.self)
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        for (index, part) in text.components(separatedBy: "\n---8<---\n").prefix(8).enumerated() {
            let catalog = index == 0 && part.hasPrefix("#catalog\n")
            let name = catalog ? CatalogLoader.settingsFileName : String(UnicodeScalar(UInt8(ascii: "a") + UInt8(index))) + ".yaml"
            _ = try folder.write(name, catalog ? String(part.dropFirst("#catalog\n".count)) : part)
        }
        let report = try CatalogLoader.lint(paths: [folder.path])
        #expect(report.findings.contains { $0.code == .noPartners && $0.severity == .error }, "\(report.findings)")
        #expect(report.errorCount > 0)
        #expect(throws: CatalogError.self) { try CatalogLoader.load(directory: folder.path) }
    }

    /// Every input tools/fuzz saved has its test here, named for what it broke.
    @Test func everySavedCrashHasItsTest() throws {
        let source = try String(contentsOfFile: Repository.path("Tests/PartnerRulesTests/FuzzRegressionTests.swift"), encoding: .utf8)
        let saved = (FileManager.default.enumerator(atPath: Self.folder)?.allObjects as? [String] ?? [])
            .filter { $0.contains("/") }.map { ($0 as NSString).lastPathComponent }
        #expect(!saved.isEmpty)
        for name in saved { #expect(source.contains(name), "\(name) has no test in FuzzRegressionTests") }
    }
}
