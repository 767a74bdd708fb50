import Foundation
@testable import PartnerRules
import PartnerRulesTestSupport
import Testing

/// The JSON Schemas of requests, verdicts and existing integrations say exactly what the types
/// read and write: the same member names, the same enum values, and a description everywhere.
@Suite("check: schemas match the types")
struct CheckSchemaTests {
    static func schema(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(Repository.schemas)/\(name).schema.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func properties(_ node: Any?, _ path: String...) throws -> Set<String> {
        var node = node
        for key in path { node = (node as? [String: Any])?[key] }
        let properties = try #require((node as? [String: Any])?["properties"] as? [String: Any], "\(path)")
        return Set(properties.keys)
    }

    static func names<Key: CodingKey & CaseIterable>(_: Key.Type) -> Set<String> {
        Set(Key.allCases.map(\.stringValue))
    }

    static func enumValues(_ node: Any?, _ path: String...) -> Set<String> {
        var node = node
        for key in path { node = (node as? [String: Any])?[key] }
        return Set(((node as? [String: Any])?["enum"] as? [Any] ?? []).compactMap { $0 as? String })
    }

    @Test func request() throws {
        let schema = try Self.schema("integration-request")
        #expect(try Self.properties(schema) == Self.names(IntegrationRequest.CodingKeys.self))
        let members = schema["properties"]
        #expect(try Self.properties(members, "oauth") == Self.names(OAuthGrant.CodingKeys.self))
        #expect(try Self.properties(members, "agency") == Self.names(AgencyReference.CodingKeys.self))
        #expect(try Self.properties(members, "roi360") == Self.names(ROI360Status.CodingKeys.self))
        #expect(Self.enumValues(members, "operation") == Set(IntegrationOperation.allCases.map(\.rawValue)))
    }

    @Test func existing() throws {
        let schema = try Self.schema("existing-integrations")
        #expect(try Self.properties(schema, "items") == Self.names(ExistingIntegration.CodingKeys.self))
    }

    @Test func verdict() throws {
        let schema = try Self.schema("verdict")
        #expect(try Self.properties(schema) == Self.names(Verdict.CodingKeys.self))
        #expect(try Self.properties(schema, "$defs", "issue") == Self.names(Verdict.Issue.CodingKeys.self))
        let members = schema["properties"]
        #expect(Self.enumValues(members, "plan") == Set(IntegrationPlan.allCases.map(\.rawValue)))
        let verdictCodes = RuleCode.allCases.filter { $0.family == .request }
        let errors = Set(verdictCodes.filter { $0.severity == .error }.map(\.rawValue))
        let warnings = Set(verdictCodes.filter { $0.severity == .warning }.map(\.rawValue))
        #expect(Self.enumValues(members, "errors", "items", "properties", "code") == errors)
        #expect(Self.enumValues(members, "warnings", "items", "properties", "code") == warnings)
        let shapes = try #require(((members as? [String: Any])?["ad_level_only"] as? [String: Any])?["oneOf"] as? [Any])
        let keys = shapes.compactMap { ($0 as? [String: Any])?["properties"] as? [String: Any] }.flatMap(\.keys)
        #expect(Set(keys) == Self.names(AdLevelOnly.CodingKeys.self))
    }

    /// Every property, at any depth, says what it is.
    @Test(arguments: ["integration-request", "verdict", "existing-integrations"])
    func everyPropertyIsDescribed(_ name: String) throws {
        var missing: [String] = []
        func walk(_ node: Any, _ path: String) {
            if let object = node as? [String: Any] {
                if let properties = object["properties"] as? [String: Any] {
                    for (key, value) in properties {
                        let property = value as? [String: Any] ?? [:]
                        if property["description"] == nil { missing.append("\(path).\(key)") }
                    }
                }
                for (key, value) in object { walk(value, "\(path)/\(key)") }
            } else if let array = node as? [Any] {
                for (index, value) in array.enumerated() { walk(value, "\(path)[\(index)]") }
            }
        }
        walk(try Self.schema(name), name)
        #expect(missing.isEmpty, "\(missing)")
        #expect(try Self.schema(name)["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }

    /// The fast member lookup of the JSON reader agrees with the coding keys.
    @Test func fastMemberLookup() {
        for key in IntegrationRequest.CodingKeys.allCases {
            #expect(IntegrationRequest.CodingKeys.member(key.stringValue) == key)
        }
        for other in ["", "apps2", "Apps", "oauth_", "rolex", "roi361", "partner_metrix", "p"] {
            #expect(IntegrationRequest.CodingKeys.member(other) == nil)
        }
    }
}
