import Foundation
import PartnerRules
import PartnerRulesTestSupport
import Testing

/// The code of the DocC article "Embedding the engine in a service", run as it is written there.
///
/// Each `// snippet: NAME` … `// end snippet` region below is one ```swift block of the article, in order, character for
/// character once indented alike (`import` lines of the article are left out: a function body cannot hold them).
/// ``snippetsAreTheArticle()`` fails when the two differ, so an article whose code stops compiling or stops doing what
/// it says fails here first.
@Suite("Embedding article")
struct EmbeddingArticleTests {
    static let articlePath = "Sources/PartnerRules/PartnerRules.docc/EmbeddingTheEngine.md"

    /// The made-up partner the article talks about.
    static let acme = """
        # yaml-language-server: $schema=../schemas/partner.schema.json
        id: acme
        name: Acme Ads
        media_sources: [acme_int]
        auth: credentials
        credentials:
          - key: account_id
            label: Account ID
            kind: identifier
            normalize: [remove_whitespace]
          - key: api_password
            label: API password
            kind: password
        ad_types:
          unsupported: [CTV]

        """

    /// What the article calls `logger`: the service's own logger; here, lines the tests read back.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func info(_ line: String) { lock.withLock { stored.append(line) } }
        var all: [String] { lock.withLock { stored } }
        var text: String { all.joined(separator: "\n") }
    }

    static let secret = "s3cret-value-never-logged"

    @Test("every swift block of the article is a snippet region of this file, in order")
    func snippetsAreTheArticle() throws {
        let article = try String(contentsOfFile: Repository.path(Self.articlePath), encoding: .utf8)
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let blocks = Self.swiftBlocks(article)
        let regions = Self.regions(source)
        #expect(blocks.count >= 6, "the article should show its code")
        #expect(blocks.count == regions.count, "the article has \(blocks.count) swift blocks, this file \(regions.count) snippets")
        for (index, (block, region)) in zip(blocks, regions).enumerated() {
            #expect(block == region, "swift block \(index + 1) of the article differs from snippet '\(region.first ?? "")'")
        }
    }

    @Test("load once, share across tasks")
    func loadAndShare() async throws {
        let folder = try TemporaryDirectory(files: ["acme.yaml": Self.acme])
        defer { folder.cleanup() }
        let partnersFolder = folder.path
        let form = ["account_id": "AC 123", "api_password": Self.secret]

        // snippet: load
        let catalog = try CatalogLoader.load(directory: partnersFolder)
        let revision = catalog.revision  // "sha256:…": which files answer
        // end snippet

        // snippet: share
        let checker = IntegrationChecker(catalog: catalog)
        let today = CalendarDate.todayUTC()
        let verdicts = await withTaskGroup(of: Verdict.self) { group in
            for app in ["com.acme.puzzle", "com.acme.racing"] {
                group.addTask {
                    checker.check(IntegrationRequest(partner: "acme", apps: [app], credentials: form), today: today)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        // end snippet

        #expect(revision.hasPrefix("sha256:") && revision.count == 7 + 64)
        #expect(verdicts.count == 2)
        for verdict in verdicts {
            #expect(verdict.valid, "\(verdict.errors)")
            #expect(verdict.credentials["account_id"] == "AC123")
            #expect(verdict.credentials["api_password"] == Verdict.mask)
        }
    }

    @Test("reload keeps the last good catalog; one catalog per request")
    func reloadAndAnswer() throws {
        let folder = try TemporaryDirectory(files: ["acme.yaml": Self.acme])
        defer { folder.cleanup() }
        let partnersFolder = folder.path
        let logger = Lines()
        let request = IntegrationRequest(partner: "acme", apps: ["com.acme.puzzle"], credentials: ["account_id": "AC1"])

        // snippet: store
        let store = try CatalogStore(directory: partnersFolder)
        // end snippet
        let good = store.current.revision
        try folder.write("acme.yaml", "id: acme\nname: [broken\n")

        // snippet: reload
        // On SIGHUP, or when the files change: a bad edit keeps the last good catalog.
        if let failure = store.reload() {
            logger.info("reload refused, still answering with \(store.current.revision):\n\(failure)")
        }

        // Per request: take the catalog once and answer everything from it.
        let current = store.current
        let verdict = IntegrationChecker(catalog: current).check(request, today: .todayUTC())
        let answer = (revision: current.revision, verdict: verdict)
        // end snippet

        #expect(answer.revision == good)
        #expect(logger.text.contains("reload refused, still answering with \(good)"))
        #expect(logger.text.contains("acme.yaml:2:"), "the refusal names the broken line: \(logger.text)")
        #expect(answer.verdict.errors.map(\.code) == [.missingCredential])
    }

    @Test("check a JSON body: 200 with the verdict, 400 with the one error shape")
    func checkJSON() throws {
        let catalog = try Catalog(definitions: [Self.definition()])

        // snippet: check
        func answer(body: [UInt8], catalog: Catalog) -> (status: Int, json: [UInt8]) {
            do throws(JSONInputError) {
                let input = try CheckBody.decode(json: body)
                let verdict = IntegrationChecker(catalog: catalog)
                    .check(input.request, existing: input.existing, today: input.today ?? .todayUTC())
                return (200, verdict.jsonBytes())
            } catch {
                return (400, error.jsonBytes())  // {"error": {"line", "column", "path", "message"}}
            }
        }
        // end snippet

        let body = #"{"request": {"partner": "ACME", "apps": ["com.acme.puzzle"], "credentials": {"account_id": "AC 1", "api_password": "\#(Self.secret)"}}, "today": "2026-01-15"}"#
        let good = answer(body: Array(body.utf8), catalog: catalog)
        let goodText = String(decoding: good.json, as: UTF8.self)
        #expect(good.status == 200)
        #expect(goodText.contains(#""valid":true"#) && goodText.contains(#""api_password":"***""#), "\(goodText)")
        #expect(!goodText.contains(Self.secret))

        let bad = answer(body: Array(#"{"request": {"partner": "acme", "apps": "com.acme.puzzle"}}"#.utf8), catalog: catalog)
        let badText = String(decoding: bad.json, as: UTF8.self)
        #expect(bad.status == 400)
        #expect(badText.contains(#""path":"request.apps""#), "\(badText)")
    }

    @Test("classify rows, one at a time and a whole file")
    func classifyRows() throws {
        let folder = try TemporaryDirectory(files: [
            "partners/acme.yaml": Self.acme,
            "rows.csv": "app_id,media_source,date,ad_type\ncom.acme.puzzle,acme_int,2026-01-15,CTV\ncom.acme.puzzle,acme_int,2026-01-15,video\n",
        ])
        defer { folder.cleanup() }
        let catalog = try CatalogLoader.load(directory: folder.file("partners"))
        let (rowsCSV, classifiedCSV) = (folder.file("rows.csv"), folder.file("classified.csv"))
        let logger = Lines()

        // snippet: rows
        let rules = RowRules(catalog: catalog)
        let ctv = rules.granularity(mediaSource: "acme_int", adType: "CTV")  // .ad: never reaches creative level
        let video = rules.granularity(mediaSource: "acme_int", adType: "video")  // .creative
        // end snippet

        // snippet: classify
        let classifier = Classifier(rules: RowRules(catalog: catalog), duplicates: .drop)
        let summary = try classifier.run(input: .file(rowsCSV), output: .file(classifiedCSV))
        for source in summary.sources {
            logger.info("\(source.mediaSource): \(source.totals.creativeRows) creative, \(source.totals.adRows) ad-level rows")
        }
        // end snippet

        #expect(ctv == .ad && video == .creative)
        #expect(logger.all == ["acme_int: 1 creative, 1 ad-level rows"])
        let written = try folder.read("classified.csv")
        #expect(written.contains("CTV,ad") && written.contains("video,creative"), "\(written)")
    }

    @Test("the because is logged with its places and never a credential")
    func logBecause() throws {
        let folder = try TemporaryDirectory(files: ["acme.yaml": Self.acme])
        defer { folder.cleanup() }
        let catalog = try CatalogLoader.load(directory: folder.path)
        let logger = Lines()
        let verdict = IntegrationChecker(catalog: catalog).check(
            IntegrationRequest(partner: "acme", apps: ["com.acme.puzzle"], credentials: ["api_password": Self.secret]),
            today: .todayUTC())

        // snippet: because
        for issue in verdict.errors + verdict.warnings {
            let places = issue.because.map(\.description).joined(separator: ", ")  // "partners/acme.yaml:7:5"
            logger.info("\(issue.code) at \(issue.path): \(issue.message) (because \(places))")
        }
        logger.info(VerdictExplanation.render(verdict))
        // end snippet

        #expect(verdict.errors.map(\.code) == [.missingCredential])
        #expect(logger.all.first?.contains("acme.yaml:7:5") == true, "the place of the account_id field: \(logger.text)")
        #expect(logger.text.contains("because \(folder.path)/acme.yaml:"))
        #expect(!logger.text.contains(Self.secret))
        #expect(!String(decoding: verdict.jsonBytes(), as: UTF8.self).contains(Self.secret))
    }

    // MARK: - reading the article and this file

    /// The acme partner as a definition, for a catalog built without files.
    static func definition() throws -> PartnerDefinition {
        let folder = try TemporaryDirectory(files: ["acme.yaml": acme])
        defer { folder.cleanup() }
        let catalog = try CatalogLoader.load(directory: folder.path)
        return try #require(catalog.partner(named: "acme")?.definition)
    }

    /// The code of each ```swift block, without `import` lines and with its common indentation removed.
    static func swiftBlocks(_ text: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current == nil, trimmed == "```swift" {
                current = []
            } else if current != nil, trimmed == "```" {
                blocks.append(dedent(current!.filter { !$0.hasPrefix("import ") }))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// The lines between each `// snippet: NAME` and the next `// end snippet`, with their common indentation removed.
    static func regions(_ source: String) -> [[String]] {
        var regions: [[String]] = []
        var current: [String]?
        for line in source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// snippet: ") {
                current = []
            } else if trimmed == "// end snippet", let lines = current {
                regions.append(dedent(lines))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return regions
    }

    static func dedent(_ lines: [String]) -> [String] {
        var lines = lines
        while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeFirst() }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        let indent = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map { $0.count >= indent ? String($0.dropFirst(indent)) : $0.trimmingCharacters(in: .whitespaces) }
    }
}
