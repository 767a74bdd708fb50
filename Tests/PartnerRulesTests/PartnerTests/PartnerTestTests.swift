import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The real catalog, and the partner tests written for it.
enum PartnerTestSupport {
    static let catalog: Catalog? = try? CatalogLoader.load(directory: Repository.partners)

    static func load(_ paths: [String]) throws -> (files: [PartnerTestFile], findings: [Finding]) {
        let catalog = try #require(catalog, "the partners folder does not load")
        return try PartnerTestLoader.load(paths: paths, catalog: catalog)
    }

    static func decode(_ text: String, file: String = "tests/inline.yaml") -> (PartnerTestFile?, [Finding]) {
        PartnerTestLoader.decode(Array((PartnerTestLoader.schemaComment + "\n" + text).utf8), file: file)
    }

    /// A partner of the real catalog as the engine compiled it, with its facts' places.
    static func compiled(_ name: String) throws -> CompiledPartner {
        let compiled = try #require(catalog).compiled
        let target = try #require(compiled.target(named: name))
        return compiled.partners[target.partner]
    }

    static func run(_ files: [PartnerTestFile]) throws -> PartnerTestReport {
        let catalog = try #require(catalog)
        let results = PartnerTestRunner(catalog: catalog, today: CalendarDate(year: 2026, month: 1, day: 15)).run(files)
        return PartnerTestReport(results: results, coverage: PartnerTestCoverage(catalog: catalog, results: results))
    }
}

@Suite("Partner test files: decoding and lint")
struct PartnerTestDecodingTests {
    @Test("a case decodes with its place, request, existing integrations, expectation and rows")
    func decodes() throws {
        let (file, findings) = PartnerTestSupport.decode(
            """
            cases:
              - name: a Workplace ID with spaces is normalized
                today: 2026-01-15
                request:
                  operation: update
                  partner: moloco
                  apps: [com.acme.game, id1234567890]
                  credentials: {workplace_id: "Acme Games", password: "no"}
                  oauth: {granted: true}
                  agency: {id: blue-agency, transparent: false}
                  roles: [Workplace Owner]
                  roi360: {subscribed: true, integrated_by: ana@acme.example}
                existing:
                  - {media_source: moloco_int, apps: [com.acme.game], agency: blue-agency}
                expect:
                  valid: false
                  plan: delete_and_recreate
                  errors: [credentials_immutable]
                  warnings: []
                  credentials: {workplace_id: AcmeGames}
                  candidates: {workplace_id: [AcmeGames, ACMEGAMES]}
                rows:
                  - {media_source: moloco_int, ad_type: CTV, expect: ad}
                  - {media_source: moloco_int, ad_type: video, app_id: com.acme.game, date: 2026-01-01, expect: creative}
            """)
        #expect(findings.isEmpty, "\(findings)")
        let testCase = try #require(file?.cases.first)
        #expect(testCase.name == "a Workplace ID with spaces is normalized")
        #expect(testCase.place == SourcePlace(file: "tests/inline.yaml", location: SourceLocation(line: 3, column: 5)))
        #expect(testCase.today == CalendarDate(year: 2026, month: 1, day: 15))
        let request = try #require(testCase.request)
        #expect(request.operation == .update && request.partner == "moloco" && request.apps == ["com.acme.game", "id1234567890"])
        #expect(request.credentials == ["workplace_id": "Acme Games", "password": "no"])
        #expect(request.oauth?.granted == true && request.agency == AgencyReference(id: "blue-agency", transparent: false))
        #expect(request.roles == ["Workplace Owner"] && request.roi360?.integratedBy == "ana@acme.example")
        #expect(testCase.existing == [ExistingIntegration(mediaSource: "moloco_int", apps: ["com.acme.game"], agency: "blue-agency")])
        #expect(
            testCase.expect
                == VerdictExpectation(
                    valid: false, plan: .deleteAndRecreate, errors: [.credentialsImmutable], warnings: [],
                    credentials: ["workplace_id": "AcmeGames"], candidates: ["workplace_id": ["AcmeGames", "ACMEGAMES"]]))
        #expect(testCase.rows.map(\.expect) == [.ad, .creative])
        #expect(testCase.rows[0].location.line == 24 && testCase.rows[1].appID == "com.acme.game" && testCase.rows[0].date == nil)
    }

    @Test("every slip in a test file is found at its line and column, with the nearest right spelling")
    func misspelt() throws {
        let path = fixtures.path("partner-tests/misspelt.yaml")
        let (_, findings) = try PartnerTestSupport.load([path])
        func finding(_ line: Int, _ column: Int, _ message: String) -> String { "\(path):\(line):\(column): error: \(message)" }
        let text = findings.map(\.description)
        let expected = [
            finding(5, 16, "unknown partner 'molocco'; did you mean 'Moloco'? [unknown-value]"),
            finding(9, 24, "unknown partner 'moloco_itn'; did you mean 'moloco_int'? [unknown-value]"),
            finding(10, 5, "unknown key 'expct'; did you mean 'expect'? [unknown-key]"),
            finding(14, 16, "unknown verdict code 'missing_credentail'; did you mean 'missing_credential'? [unknown-value]"),
            finding(14, 36, "'legacy_duplication' is a verdict warning, not an error; list it under 'warnings' [unknown-value]"),
            finding(16, 21, "'password' is secret, and a verdict shows it as '***' only; expect '***' [invalid-value]"),
            finding(16, 39, "Moloco has no credential 'workplace_idd'; did you mean 'workplace_id'? [unknown-value]"),
            finding(17, 13, "'recreate' is not a valid plan; did you mean 'create'? [unknown-value]"),
            finding(20, 58, "'add' is not a valid expect; did you mean 'ad'? [unknown-value]"),
            finding(21, 24, "'moloco_in' is no media source of the catalog, so its rows are always at ad level; did you mean 'moloco_int'? [unknown-value]"),
        ]
        for line in expected { #expect(text.contains(line), "missing: \(line)\nin:\n\(text.joined(separator: "\n"))") }
        #expect(text.contains { $0.contains(":15:18: error: unknown verdict code 'unknown-key'") }, "\(text)")
        #expect(findings.first { $0.message.contains("molocco") }?.suggestion == "Moloco")
        #expect(findings == findings.sorted(), "findings come sorted as lint sorts them")
    }

    @Test("a case without a request or rows, and expect without a request, are refused with the fix")
    func emptyCase() throws {
        let (_, findings) = PartnerTestSupport.decode("cases:\n  - name: nothing to test\n  - name: half\n    expect: {valid: true}\n")
        #expect(findings.map(\.code) == [.missingKey, .missingKey, .missingKey])
        #expect(findings.contains { $0.line == 3 && $0.message.contains("a case needs a 'request'") })
        #expect(findings.contains { $0.line == 5 && $0.column == 5 && $0.message.contains("has no 'request'") })
    }

    @Test("bad YAML is one finding at its place, never a crash")
    func badYAML() throws {
        let (file, findings) = PartnerTestLoader.decode(Array("cases: [\n  - name: x\n".utf8), file: "tests/broken.yaml")
        #expect(file == nil)
        #expect(findings.count == 1 && findings[0].code == .yamlSyntax && findings[0].line >= 1, "\(findings)")
    }

    @Test("a file without the schema comment gets a warning naming the line to add")
    func schemaComment() {
        let (file, findings) = PartnerTestLoader.decode(Array("cases:\n  - {name: x, rows: []}\n".utf8), file: "tests/x.yaml")
        #expect(file != nil)
        #expect(findings.map(\.code) == [.schemaComment])
        #expect(findings.first?.message.contains("partner-test.schema.json") == true)
    }
}

@Suite("Partner tests: running, reports and coverage")
struct PartnerTestRunTests {
    /// Whether every partner has cases is `partner-rules test --threshold 100`'s to say, not this test's.
    @Test("the partner tests of the repository load cleanly and pass")
    func repositoryTestsPass() throws {
        let (files, findings) = try PartnerTestSupport.load([Repository.path("partners/tests")])
        #expect(findings.isEmpty, "\(findings.map(\.description).joined(separator: "\n"))")
        let report = try PartnerTestSupport.run(files)
        let failures = report.results.filter { !$0.passed }.map { "\($0.testCase.place): \($0.testCase.name): \($0.failures)" }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test("a planted wrong expectation fails, named by the case's file and line, with expected and got")
    func plantedFailure() throws {
        let path = fixtures.path("partner-tests/wrong-expectation.yaml")
        let (files, findings) = try PartnerTestSupport.load([path])
        #expect(findings.isEmpty, "\(findings)")
        let report = try PartnerTestSupport.run(files)
        #expect(report.results.map(\.passed) == [true, false, false])
        let text = report.render(as: .text)
        #expect(text.contains("PASS \(path):3: a right expectation\n"))
        #expect(text.contains("FAIL \(path):6: a planted wrong expectation\n"))
        // In the verdict's words, with the partner-file line that decided what came.
        let moloco = try PartnerTestSupport.compiled("moloco")
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("    errors: ") })
        #expect(line.hasPrefix("    errors: expected invalid_credential, got missing_credential — \""), "\(text)")
        #expect(line.hasSuffix(" (\(moloco.places.file):\(moloco.places.credentials[2].line))"), "the Workplace ID field: \(text)")
        #expect(text.contains("FAIL \(path):14: a planted wrong row\n"))
        let ctv = moloco.places.adTypeEntries[0]
        #expect(text.contains("    rows[1] (line 17: moloco_int 'CTV Ads'): expected creative, got ad (\(ctv.file):\(ctv.line))\n"), "\(text)")
    }

    @Test("removing the case that shows CTV at ad level drops coverage and names the ad-type entry")
    func removingACaseDropsCoverage() throws {
        let (files, _) = try PartnerTestSupport.load([Repository.path("partners/tests/moloco.yaml")])
        let full = try PartnerTestSupport.run(files)
        let fact = "ad type 'CTV' (unsupported)"
        #expect(full.coverage.facts.first { $0.fact == fact }?.covered == true)
        var reduced = files
        reduced[0].cases.removeAll { !$0.rows.isEmpty }
        let report = try PartnerTestSupport.run(reduced)
        #expect(report.coverage.covered == full.coverage.covered - 1)
        #expect(report.coverage.percent < full.coverage.percent)
        let uncovered = try #require(report.coverage.uncovered.first { $0.fact == fact })
        #expect(uncovered.place.file.hasSuffix("partners/moloco.yaml") && uncovered.place.line > 1)
        #expect(report.render(as: .json).contains(#""fact": "ad type 'CTV' (unsupported)""#))
        #expect(report.render(as: .text, listCoverage: true).contains(": not covered: \(fact)\n"))
    }

    @Test("a failing case covers nothing")
    func failingCoversNothing() throws {
        let (file, _) = PartnerTestSupport.decode(
            "cases:\n  - name: wrong\n    request: {partner: smadex, apps: [com.acme.game], credentials: {password: x}}\n    expect: {credentials: {password: '***'}, valid: false}\n")
        let report = try PartnerTestSupport.run([try #require(file)])
        #expect(report.failed == 1)
        #expect(report.coverage.covered == 0)
    }

    @Test("json has exactly the contract's shape")
    func jsonShape() throws {
        let (files, _) = try PartnerTestSupport.load([fixtures.path("partner-tests/wrong-expectation.yaml")])
        let report = try PartnerTestSupport.run(files)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.render(as: .json).utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["cases", "coverage"])
        let cases = try #require(object["cases"] as? [[String: Any]])
        #expect(cases.count == 3)
        for entry in cases { #expect(Set(entry.keys) == ["file", "line", "name", "passed", "expected", "got", "differences"]) }
        #expect(cases[1]["line"] as? Int == 6 && cases[1]["passed"] as? Bool == false)
        #expect((cases[1]["expected"] as? [String: Any])?["errors"] as? [String] == ["invalid_credential"])
        #expect((cases[1]["got"] as? [String: Any])?["errors"] as? [String] == ["missing_credential"])
        // What differs, as the text says it: the verdict's words and the partner-file places that decided it.
        #expect((cases[0]["differences"] as? [Any])?.isEmpty == true)
        let differences = try #require(cases[1]["differences"] as? [[String: Any]])
        let errors = try #require(differences.first { $0["key"] as? String == "errors" })
        #expect(Set(errors.keys) == ["key", "expected", "got", "message", "because", "text"])
        #expect(errors["expected"] as? String == "invalid_credential" && errors["got"] as? String == "missing_credential")
        #expect((errors["message"] as? String)?.contains("Workplace ID") == true, "\(errors)")
        let because = try #require((errors["because"] as? [[String: Any]])?.first)
        #expect(Set(because.keys) == ["file", "line", "column"])
        #expect((because["file"] as? String)?.hasSuffix("moloco.yaml") == true)
        #expect(report.results[1].failures.contains(try #require(errors["text"] as? String)))
        let coverage = try #require(object["coverage"] as? [String: Any])
        #expect(Set(coverage.keys) == ["covered", "total", "percent", "uncovered"])
        let uncovered = try #require(coverage["uncovered"] as? [[String: Any]])
        #expect(!uncovered.isEmpty)
        for entry in uncovered { #expect(Set(entry.keys) == ["file", "line", "fact"]) }
    }

    @Test("JUnit XML is well-formed, escapes what it must, and counts the failures")
    func junit() throws {
        let (file, _) = PartnerTestSupport.decode(
            """
            cases:
              - name: "quotes \\" and <tags> & 'apostrophes' and a bell \\a"
                rows:
                  - {media_source: moloco_int, ad_type: "<CTV & co>", expect: ad}
              - name: passes
                rows:
                  - {media_source: moloco_int, ad_type: CTV, expect: ad}
            """)
        let report = try PartnerTestSupport.run([try #require(file)])
        let xml = report.render(as: .junit)
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = JUnitCollector()
        parser.delegate = collector
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")\n\(xml)")
        #expect(collector.attributes["testsuites"]?["failures"] == "1")
        #expect(collector.attributes["testsuites"]?["tests"] == "2")
        #expect(collector.names.first == "quotes \" and <tags> & 'apostrophes' and a bell \u{FFFD}")
        #expect(collector.failures == 1)
        #expect(collector.attributes["testcase"]?["line"] != nil)
    }

    final class JUnitCollector: NSObject, XMLParserDelegate {
        var attributes: [String: [String: String]] = [:]
        var names: [String] = []
        var failures = 0

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if self.attributes[element] == nil { self.attributes[element] = attributes }
            if element == "testcase", let name = attributes["name"] { names.append(name) }
            if element == "failure" { failures += 1 }
        }
    }
}
