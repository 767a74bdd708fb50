import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// Coverage counts YAML nodes, not lines (SPEC 19), and what staff read holds none of the engine's words.
@Suite("Partner tests: coverage by node, and staff words")
struct PartnerTestGateTests {
    /// The repository's partners folder copied, with `edit` applied to one partner file.
    static func editedCatalog(_ file: String, _ edit: (String) -> String) throws -> (folder: TemporaryDirectory, catalog: Catalog) {
        let folder = try TemporaryDirectory(prefix: "partner-rules-coverage")
        try FileManager.default.copyItem(atPath: Repository.partners, toPath: folder.file("partners"))
        let original = try folder.read("partners/\(file)")
        let edited = edit(original)
        try #require(edited != original, "\(file) no longer reads as this test expects")
        try folder.write("partners/\(file)", edited)
        return (folder, try CatalogLoader.load(directory: folder.file("partners")))
    }

    static func run(_ catalog: Catalog, tests: [String]) throws -> PartnerTestReport {
        let (files, findings) = try PartnerTestLoader.load(paths: tests, catalog: catalog)
        #expect(findings.filter { $0.severity == .error }.isEmpty, "\(findings)")
        let results = PartnerTestRunner(catalog: catalog, today: CalendarDate(year: 2026, month: 1, day: 15)).run(files)
        return PartnerTestReport(results: results, coverage: PartnerTestCoverage(catalog: catalog, results: results))
    }

    @Test("an entry added inside a one-line list is not covered until a case consults it")
    func entryInOneLineList() throws {
        let (folder, catalog) = try Self.editedCatalog("moloco.yaml") {
            $0.replacingOccurrences(
                of: "unsupported: [{name: CTV, aliases: [CTV Ads]}]", with: "unsupported: [{name: CTV, aliases: [CTV Ads]}, Zebra Ads]")
        }
        defer { folder.cleanup() }
        let tests = Repository.path("partners/tests/moloco.yaml")
        let report = try Self.run(catalog, tests: [tests])
        #expect(report.failed == 0)
        let ctv = try #require(report.coverage.facts.first { $0.fact == "ad type 'CTV' (unsupported)" })
        let zebra = try #require(report.coverage.facts.first { $0.fact == "ad type 'Zebra Ads' (unsupported)" })
        #expect(ctv.covered && !zebra.covered)
        // One line, two nodes: each fact stands at its own column.
        #expect(ctv.place.line == zebra.place.line && ctv.place.column < zebra.place.column)
        let line = try folder.read("partners/moloco.yaml").split(separator: "\n", omittingEmptySubsequences: false)[zebra.place.line - 1]
        #expect(line.dropFirst(zebra.place.column - 1).hasPrefix("Zebra Ads"), "\(line) at \(zebra.place.column)")
        #expect(report.coverage.percent < 100)

        // A case that consults it covers it.
        let extra = try folder.write(
            "zebra.yaml",
            PartnerTestLoader.schemaComment
                + "\ncases:\n  - name: zebra ads stay at ad level\n    rows:\n      - {media_source: moloco_int, ad_type: Zebra Ads, expect: ad}\n")
        let more = try Self.run(catalog, tests: [tests, extra])
        #expect(more.coverage.facts.first { $0.fact == zebra.fact }?.covered == true)
        #expect(more.coverage.covered == report.coverage.covered + 1)
    }

    @Test("a role added inside a one-line any_of list is not covered until a case shows it lets the user in")
    func roleInOneLineList() throws {
        let (folder, catalog) = try Self.editedCatalog("moloco.yaml") {
            $0.replacingOccurrences(of: "any_of: [Workplace Owner, Ad Account Owner]", with: "any_of: [Workplace Owner, Ad Account Owner, Zebra Manager]")
        }
        defer { folder.cleanup() }
        let tests = Repository.path("partners/tests/moloco.yaml")
        let report = try Self.run(catalog, tests: [tests])
        #expect(report.failed == 0)
        let owner = try #require(report.coverage.facts.first { $0.fact == "role 'Ad Account Owner' (roles.any_of)" })
        let zebra = try #require(report.coverage.facts.first { $0.fact == "role 'Zebra Manager' (roles.any_of)" })
        #expect(owner.covered && !zebra.covered)
        #expect(owner.place.line == zebra.place.line && owner.place.column < zebra.place.column)
        #expect(report.coverage.facts.first { $0.fact == "roles.any_of" }?.covered == true, "the refusal covers the list")

        // A case refused for another reason still shows the role lets the user in; one refused for the role does not.
        func request(_ roles: String, _ credentials: String, _ errors: String) -> String {
            "  - name: \(roles)\n    request: {partner: moloco, apps: [com.acme.game], credentials: {\(credentials)}, roles: [\(roles)]}\n"
                + "    expect: {errors: [\(errors)]}\n"
        }
        let refused = try folder.write(
            "refused.yaml", PartnerTestLoader.schemaComment + "\ncases:\n" + request("Viewer", "email: a@acme.example, password: x, workplace_id: A", "missing_role"))
        #expect(try Self.run(catalog, tests: [tests, refused]).coverage.facts.first { $0.fact == zebra.fact }?.covered == false)
        let accepted = try folder.write(
            "accepted.yaml", PartnerTestLoader.schemaComment + "\ncases:\n" + request("zebra manager", "email: a@acme.example, workplace_id: A", "missing_credential"))
        let more = try Self.run(catalog, tests: [tests, accepted])
        #expect(more.failed == 0, "\(more.results.flatMap(\.failures))")
        #expect(more.coverage.facts.first { $0.fact == zebra.fact }?.covered == true)
    }

    @Test("over every one-line list of every partner file, an entry added at its end is a fact of its own, not covered")
    func everyOneLineList() throws {
        let list = /^(\s*(?:-\s+)?(?:supported|unsupported|all_of|any_of):\s*\[)(.+)\]\s*$/
        var edits = 0
        for name in try Repository.partnerFileNames() where !name.hasPrefix("_") {
            let lines = try String(contentsOfFile: "\(Repository.partners)/\(name)", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() {
                guard let match = line.wholeMatch(of: list) else { continue }
                let (folder, catalog) = try Self.editedCatalog(name) { text in
                    var edited = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    edited[index] = "\(match.1)\(match.2), Zebra Entry]"
                    return edited.joined(separator: "\n")
                }
                defer { folder.cleanup() }
                let report = try Self.run(catalog, tests: [Repository.path("partners/tests")])
                let added = report.coverage.facts.filter { $0.fact.contains("'Zebra Entry'") }
                #expect(added.count == 1, "\(name):\(index + 1): \(added)")
                // Its own node: on the list's line, past every other fact there.
                let neighbours = report.coverage.facts.filter {
                    $0.place.file.hasSuffix("/\(name)") && $0.place.line == index + 1 && !$0.fact.contains("'Zebra Entry'")
                }
                #expect(added.allSatisfy { fact in fact.place.line == index + 1 && neighbours.allSatisfy { $0.place.column < fact.place.column } })
                // Not covered by its neighbours. (A new all_of role is named by every case that is refused for a
                // missing role, whose asserted `missing_role` it now decides too: that case does cover it.)
                if !line.contains("all_of") {
                    #expect(added.allSatisfy { !$0.covered }, "\(name):\(index + 1): \(added)")
                }
                edits += 1
            }
        }
        print("one-line lists edited: \(edits), each added entry its own fact")
        #expect(edits > 0)
    }

    @Test("every listed fact of the real catalog stands at a place of its own")
    func factsHaveTheirOwnPlaces() throws {
        let catalog = try CatalogLoader.load(directory: Repository.partners)
        for partner in catalog.compiled.partners {
            let places = partner.places
            let listed = places.allOfRoleEntries + places.anyOfRoleEntries + places.credentials + places.partnerMetrics + places.adTypeEntries + places.supersedes
            #expect(Set(listed).count == listed.count, "\(partner.id): two facts share a place: \(listed)")
            #expect(listed.allSatisfy { $0.line > 1 && $0.column > 0 }, "\(partner.id): \(listed)")
        }
    }

    @Test("a row names the ad-type entry that decided it, with its column, for every row of the repository's tests")
    func rowPlacesAreTyped() throws {
        let catalog = try CatalogLoader.load(directory: Repository.partners)
        let rules = catalog.compiled.rows
        let entries = Set(catalog.compiled.partners.flatMap { $0.places.adTypeEntries + $0.places.supersedes + [$0.places.adTypes] })
        let (files, _) = try PartnerTestLoader.load(paths: [Repository.path("partners/tests")], catalog: catalog)
        var named = 0
        for row in files.flatMap(\.cases).flatMap(\.rows) {
            for place in rules.decidingPlaces(mediaSource: row.mediaSource, adType: row.adType, duplicate: row.expect == .duplicate) {
                #expect(entries.contains(place), "\(row.mediaSource) '\(row.adType)' names \(place), no fact of the catalog")
                named += 1
            }
        }
        #expect(named > 0)
    }

    /// Words staff do not use: how the engine works inside, or the contract's name.
    static let engineWords = ["regular expression", "compile", "SPEC", "seed"]

    static func engineWord(in text: String) -> String? {
        engineWords.first { word in
            // "compile" in all its forms (compiled, compiles); the others as whole words, "SPEC" in capitals only.
            let pattern = word == "compile" ? "\\bcompil" : "\\b\(word)\\b"
            return text.range(of: pattern, options: word == "SPEC" ? [.regularExpression] : [.regularExpression, .caseInsensitive]) != nil
        }
    }

    @Test("the finding messages of every rule's failing examples hold none of the engine's words", arguments: Rules.all.map { "\($0)" })
    func ruleMessages(name: String) throws {
        let rule = try #require(Rules.all.first { "\($0)" == name })
        for example in rule.examples.failing {
            let messages: [String]
            if example.request != nil {
                let verdict = try RuleRegistryTests.verdict(of: example).verdict
                messages = (verdict.errors + verdict.warnings).map(\.message)
            } else {
                let folder = try temporaryFolder(example.files.mapValues { "# yaml-language-server: $schema=../schemas/partner.schema.json\n" + $0 })
                defer { try? FileManager.default.removeItem(atPath: folder) }
                let folders = Set(example.files.keys.map { $0.contains("/") ? "\(folder)/\($0.split(separator: "/")[0])" : folder })
                messages = try CatalogLoader.lint(paths: folders.sorted()).findings.flatMap { [$0.message] + [$0.fix?.description].compactMap { $0 } }
            }
            #expect(!messages.isEmpty, "\(name): a failing example with no message")
            for message in messages {
                #expect(Self.engineWord(in: message) == nil, "\(name): '\(Self.engineWord(in: message) ?? "")' in: \(message)")
            }
        }
        #expect(Self.engineWord(in: rule.summary) == nil, "\(name)'s summary: \(rule.summary)")
    }

    @Test("the comments of the partner files and their tests hold none of the engine's words")
    func partnerFileComments() throws {
        var checked = 0
        for folder in [Repository.partners, Repository.path("partners/tests")] {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".yaml") {
                let text = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
                for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    // A comment starts with '#' at the line's start or after a space; the schema line names a path.
                    guard let hash = line.firstRange(of: "#"), hash.lowerBound == line.startIndex || line[line.index(before: hash.lowerBound)] == " ",
                        !line.contains("yaml-language-server")
                    else { continue }
                    let comment = String(line[hash.lowerBound...])
                    checked += 1
                    #expect(Self.engineWord(in: comment) == nil, "\(folder)/\(name):\(index + 1): \(comment)")
                }
            }
        }
        #expect(checked > 0)
    }

    @Test("the check finds the words it looks for")
    func theCheckCanFail() {
        #expect(Self.engineWord(in: "pattern 'x' does not compile") == "compile")
        #expect(Self.engineWord(in: "# the seed lists it") == "seed")
        #expect(Self.engineWord(in: "as SPEC section 3 says") == "SPEC")
        #expect(Self.engineWord(in: "fix the Regular Expression") == "regular expression")
        #expect(Self.engineWord(in: "the specific role 'Seedling Owner' is needed") == nil)
    }
}
