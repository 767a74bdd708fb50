import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// `schemas/partner-test.schema.json` is held equal to the test-file decoder, as `partner.schema.json` is to
/// the partner decoder (``SchemaTests``): the same keys and required keys, enums equal to the engine's (the
/// verdict codes from the code registry), and every example decodes and lints cleanly against the catalog.
@Suite("The partner-test schema matches the decoder")
struct PartnerTestSchemaTests {
    /// Where each decoder shape stands in the schema.
    static let shapes: [String: String] = [
        "": "file", "/$defs/case": "case", "/$defs/request": "request", "/$defs/oauth": "oauth", "/$defs/agency": "agency",
        "/$defs/roi360": "roi360", "/$defs/existing": "existing", "/$defs/expect": "expect", "/$defs/row": "row",
    ]

    /// Where each enumeration stands, and the values the engine has.
    static let enums: [String: [String]] = [
        "/$defs/request/properties/operation": IntegrationOperation.allCases.map(\.rawValue),
        "/$defs/expect/properties/plan": IntegrationPlan.allCases.map(\.rawValue),
        "/$defs/expect/properties/errors/items": PartnerTestDecoder.errorCodes.map(\.rawValue),
        "/$defs/expect/properties/warnings/items": PartnerTestDecoder.warningCodes.map(\.rawValue),
        "/$defs/row/properties/expect": RowOutcome.allCases.map(\.rawValue),
    ]

    @Test("every object has the decoder's keys and required keys, and every key a description")
    func keys() throws {
        try SchemaTests.expectShapes(
            of: "partner-test.schema.json", places: Self.shapes.mapValues { PartnerTestDecoder.shapes[$0] }, enums: Self.enums)
    }

    @Test("the code lists are the registry's verdict codes, split by severity, none left out")
    func codesFromRegistry() {
        let listed = Set(PartnerTestDecoder.errorCodes + PartnerTestDecoder.warningCodes)
        #expect(listed == Set(RuleCode.allCases.filter { $0.family == .request }))
        #expect(PartnerTestDecoder.errorCodes.allSatisfy { $0.severity == .error })
        #expect(PartnerTestDecoder.warningCodes.allSatisfy { $0.severity == .warning })
    }

    @Test("every whole-file example decodes and lints cleanly against the catalog")
    func examples() throws {
        let schema = try SchemaTests.load("partner-test.schema.json")
        let examples = try #require(schema["examples"] as? [Any])
        #expect(!examples.isEmpty)
        let catalog = try #require(PartnerTestSupport.catalog)
        for example in examples {
            let (file, findings) = PartnerTestSupport.decode(SchemaTests.yaml(example))
            #expect(findings.isEmpty, "\(findings)")
            let decoded = try #require(file)
            #expect(PartnerTestLoader.check(decoded, against: catalog).isEmpty)
        }
    }

    @Test("every $defs example decodes where it is used")
    func definitionExamples() throws {
        let schema = try SchemaTests.load("partner-test.schema.json")
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let request: [String: Any] = ["partner": "moloco", "apps": ["com.acme.game"]]
        let embed: [String: (Any) -> [String: Any]] = [
            "case": { ["cases": [$0]] },
            "request": { ["cases": [["name": "n", "request": $0]]] },
            "oauth": { ["cases": [["name": "n", "request": request.merging(["oauth": $0]) { $1 }]]] },
            "agency": { ["cases": [["name": "n", "request": request.merging(["agency": $0]) { $1 }]]] },
            "roi360": { ["cases": [["name": "n", "request": request.merging(["roi360": $0]) { $1 }]]] },
            "existing": { ["cases": [["name": "n", "request": request, "existing": [$0]]]] },
            "expect": { ["cases": [["name": "n", "request": request, "expect": $0]]] },
            "row": { ["cases": [["name": "n", "rows": [$0]]]] },
        ]
        #expect(Set(definitions.keys) == Set(embed.keys))
        for (name, definition) in definitions {
            let examples = (definition as? [String: Any])?["examples"] as? [Any] ?? []
            #expect(!examples.isEmpty, "$defs/\(name) has no examples")
            let place = try #require(embed[name])
            for example in examples {
                let (file, findings) = PartnerTestSupport.decode(SchemaTests.yaml(place(example)))
                #expect(file != nil && findings.isEmpty, "$defs/\(name): \(findings)")
            }
        }
    }
}
