import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

@Suite("Catalog rules")
struct CatalogRuleTests {
    static let rules: [String] = CatalogRules.all.map(\.code)

    @Test("every rule has a stable code, a summary and examples that pass and fail", arguments: rules)
    func examples(code: String) throws {
        let rule = try #require(CatalogRules.all.first { $0.code == code })
        #expect(!rule.summary.isEmpty && !rule.summary.hasSuffix("."))
        #expect(!rule.examples.passing.isEmpty && !rule.examples.failing.isEmpty)
        for files in rule.examples.passing {
            let findings = try findings(of: files)
            #expect(findings.isEmpty, "passing example of \(code) reported \(findings)")
        }
        for files in rule.examples.failing {
            let findings = try findings(of: files)
            let own = findings.filter { $0.code == code }
            #expect(!own.isEmpty, "failing example of \(code) reported \(findings)")
            #expect(own.allSatisfy { $0.severity == rule.severity && $0.line > 1 || $0.line == 1 })
            #expect(findings.allSatisfy { $0.code == code }, "failing example of \(code) also broke other rules: \(findings)")
        }
    }

    @Test("rule codes are unique and do not clash with the decoder's")
    func uniqueCodes() {
        let codes = FindingCodes.all.map(\.code)
        #expect(Set(codes).count == codes.count)
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
        let findings = try findings(of: ["acme.yaml": acme, "beta.yaml": beta])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        // The test adds the schema comment as line 1, so every line is one further down.
        #expect(finding.file.hasSuffix("beta.yaml") && finding.line == 6 && finding.column == 5, "\(finding)")
        #expect(finding.message.contains("acme.yaml:4"))
    }

    @Test("the catalog initializer refuses definitions that break a rule")
    func catalogInitializer() {
        let a = PartnerDefinition(id: "a", name: "A", mediaSources: ["x_int"], auth: .oauth)
        let b = PartnerDefinition(id: "b", name: "B", mediaSources: ["x_int"], auth: .oauth)
        #expect(throws: CatalogError.self) { try Catalog(definitions: [a, b]) }
        #expect(throws: Never.self) { try Catalog(definitions: [a]) }
    }

    private func findings(of files: [String: String]) throws -> [Finding] {
        let withComment = files.mapValues { "# yaml-language-server: $schema=../schemas/partner.schema.json\n" + $0 }
        let folder = try temporaryFolder(withComment)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let folders = Set(files.keys.map { name in name.contains("/") ? "\(folder)/\(name.split(separator: "/")[0])" : folder })
        return try CatalogLoader.lint(paths: folders.sorted()).findings.filter { $0.code != "no-partners" }
    }
}
