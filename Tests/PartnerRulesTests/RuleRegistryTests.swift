import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// Every rule of every family runs its own examples: a passing example reports none of the rule's
/// codes, a failing one reports the code it names. The registry, the codes and the docs agree.
@Suite("Rule registry")
struct RuleRegistryTests {
    static let rules: [String] = Rules.all.map { "\($0)" }

    static func rule(named name: String) throws -> any Rule.Type {
        try #require(Rules.all.first { "\($0)" == name })
    }

    @Test("every rule has codes, a summary and examples that pass and fail", arguments: rules)
    func examples(name: String) throws {
        let rule = try Self.rule(named: name)
        #expect(!rule.codes.isEmpty)
        #expect(!rule.summary.isEmpty && !rule.summary.hasSuffix("."))
        #expect(!rule.examples.passing.isEmpty && !rule.examples.failing.isEmpty)
        let family = try #require(rule.codes.first?.family)
        #expect(rule.codes.allSatisfy { $0.family == family }, "\(name) reports codes of several families")
        for example in rule.examples.passing {
            let found = try codes(of: example)
            #expect(found.isDisjoint(with: rule.codes), "passing example of \(name) reported \(found): \(example)")
        }
        var shown: Set<RuleCode> = []
        for example in rule.examples.failing {
            let expected = try #require(example.reports ?? rule.codes.first)
            #expect(rule.codes.contains(expected), "\(name)'s example names \(expected), a code the rule does not report")
            let found = try codes(of: example)
            #expect(found.contains(expected), "failing example of \(name) did not report \(expected) but \(found): \(example)")
            if family != .request {
                #expect(found.subtracting(rule.codes).isEmpty, "failing example of \(name) also broke other rules: \(found)")
            }
            shown.insert(expected)
        }
        #expect(shown == Set(rule.codes), "\(name) has no failing example for \(Set(rule.codes).subtracting(shown))")
    }

    @Test("each code is reported by one rule at most, and every verdict code by a request rule")
    func codesBelongToOneRule() {
        var owned: [RuleCode] = []
        for rule in Rules.all { owned += rule.codes }
        #expect(Set(owned).count == owned.count)
        let verdictCodes = Set(RuleCode.allCases.filter { $0.family == .request })
        #expect(verdictCodes == Set(owned.filter { $0.family == .request }))
        #expect(
            Rules.all.count == Rules.composed.count + Rules.value.count + Rules.file.count + Rules.catalog.count + Rules.request.count)
    }

    @Test("codes are spelt as their family spells them, and every code has a summary")
    func spellings() {
        for code in RuleCode.allCases {
            let allowed: Set<Character> = code.family == .request ? Set("abcdefghijklmnopqrstuvwxyz0123456789_") : Set("abcdefghijklmnopqrstuvwxyz0123456789-")
            #expect(code.rawValue.allSatisfy(allowed.contains), "\(code.rawValue)")
            #expect(!code.summary.isEmpty && !code.summary.hasSuffix("."), "\(code.rawValue)")
        }
    }

    @Test("findings point at the value they are about")
    func locations() throws {
        let acme = """
            id: acme
            name: Acme
            media_sources: [acme_int, shared_int]
            auth: oauth
            ad_types: {unsupported: []}
            """
        let beta = """
            id: beta
            name: Beta
            media_sources:
              - beta_int
              - shared_int
            auth: oauth
            ad_types: {unsupported: []}
            """
        let findings = try lintFindings(of: ["acme.yaml": acme, "beta.yaml": beta])
        #expect(findings.count == 2)
        // Both places are told, each naming the other; the schema comment is added as line 1, so every
        // line is one further down.
        let inBeta = try #require(findings.first { $0.file.hasSuffix("beta.yaml") })
        #expect(inBeta.line == 6 && inBeta.column == 5, "\(inBeta)")
        #expect(inBeta.message.contains("acme.yaml:4:27") && inBeta.related.map(\.description).contains { $0.hasSuffix("acme.yaml:4:27") })
        let inAcme = try #require(findings.first { $0.file.hasSuffix("acme.yaml") })
        #expect(inAcme.line == 4 && inAcme.column == 27, "\(inAcme)")
        #expect(inAcme.message.contains("beta.yaml:6:5") && inAcme.related.map(\.description).contains { $0.hasSuffix("beta.yaml:6:5") })
    }

    @Test("the catalog initializer refuses definitions that break a rule")
    func catalogInitializer() {
        let a = PartnerDefinition(id: "a", name: "A", mediaSources: ["x_int"], auth: .oauth)
        let b = PartnerDefinition(id: "b", name: "B", mediaSources: ["x_int"], auth: .oauth)
        #expect(throws: CatalogError.self) { try Catalog(definitions: [a, b]) }
        #expect(throws: Never.self) { try Catalog(definitions: [a]) }
    }

    /// The codes an example makes the engine report: lint's for a catalog, the verdict's for a request.
    private func codes(of example: RuleExample) throws -> Set<RuleCode> {
        guard example.request != nil else {
            return Set(try lintFindings(of: example.files).map(\.code))
        }
        let verdict = try Self.verdict(of: example).verdict
        return Set((verdict.errors + verdict.warnings).map(\.code))
    }

    /// The verdict a request example gets, with the example's partner files by the names its places use.
    static func verdict(of example: RuleExample) throws -> (verdict: Verdict, files: [String: String]) {
        let request = try #require(example.request)
        let files = example.files.mapValues(withSchemaComment)
        let folder = try temporaryFolder(files)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = try CatalogLoader.load(directory: folder)
        let checker = IntegrationChecker(catalog: catalog)
        let existing = try example.existing.map { try ExistingIntegration.decodeList(json: Array($0.utf8)) } ?? []
        let today = try #require(CalendarDate(example.today ?? "2024-01-15"))
        let verdict = checker.check(try IntegrationRequest.decode(json: Array(request.utf8)), existing: existing, today: today)
        return (verdict, Dictionary(uniqueKeysWithValues: files.map { ("\(folder)/\($0.key)", $0.value) }))
    }

    private static func withSchemaComment(_ text: String) -> String {
        "# yaml-language-server: $schema=../schemas/partner.schema.json\n" + text
    }

    private func lintFindings(of files: [String: String]) throws -> [Finding] {
        let folder = try temporaryFolder(files.mapValues(Self.withSchemaComment))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let folders = Set(files.keys.map { name in name.contains("/") ? "\(folder)/\(name.split(separator: "/")[0])" : folder })
        return try CatalogLoader.lint(paths: folders.sorted()).findings.filter { $0.code != .noPartners }
    }
}
