import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// `schemas/partner.schema.json` and `schemas/catalog.schema.json` are held equal to the decoders:
/// the same keys, required keys and enum values, and every example in them decodes.
@Suite("Schemas match the decoders")
struct SchemaTests {
    static func load(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(Repository.schemas)/\(name)"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Where each decoder shape stands in the partner schema.
    static let partnerShapes: [String: String] = [
        "": "partner", "/properties/roles": "roles", "/properties/partner_metrics": "partnerMetrics",
        "/properties/ad_types": "adTypes", "/properties/roi360": "roi360", "/properties/setup": "setup",
        "/properties/audiences": "audiences", "/properties/audiences/properties/api_key": "apiKey",
        "/$defs/credentialField": "credentialField", "/$defs/credentialField/properties/fallback": "fallback",
        "/$defs/adType/oneOf[1]": "adType", "/$defs/supersededSource": "supersededSource",
    ]

    /// Where each enumeration stands in the partner schema.
    static let partnerEnums: [String: [String]] = [
        "/properties/auth": AuthStyle.allCases.map(\.rawValue),
        "/properties/roi360/properties/same_user": SameUserPolicy.allCases.map(\.rawValue),
        "/properties/audiences/properties/identifiers/items": AudienceIdentifier.allCases.map(\.rawValue),
        "/$defs/normalizer": Normalizer.allCases.map(\.rawValue),
        "/$defs/credentialField/properties/kind": CredentialKind.allCases.map(\.rawValue),
        "/$defs/supersededSource/properties/duplicates/items": DuplicatedData.allCases.map(\.rawValue),
    ]

    @Test("every object in the partner schema has the decoder's keys and required keys")
    func partnerKeys() throws {
        try Self.expectShapes(
            of: "partner.schema.json", places: Self.partnerShapes.mapValues { PartnerDecoder.shapes[$0] }, enums: Self.partnerEnums)
    }

    /// Expects the objects of a schema to be exactly `places` (path → the decoder's shape): the same keys and
    /// required keys, no unknown keys allowed, every key described; and its enumerations to be `enums`.
    static func expectShapes(
        of name: String, places: [String: ObjectShape?], enums expected: [String: [String]],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let schema = try load(name)
        var objects: [String: [String: Any]] = [:]
        var enums: [String: [String]] = [:]
        walk(schema, path: "", objects: &objects, enums: &enums)
        #expect(Set(objects.keys) == Set(places.keys), sourceLocation: sourceLocation)
        for (path, shape) in places {
            let shape = try #require(shape, "no decoder shape for \(path)", sourceLocation: sourceLocation)
            let object = try #require(objects[path], "no object at \(path)", sourceLocation: sourceLocation)
            let properties = try #require(object["properties"] as? [String: Any], sourceLocation: sourceLocation)
            #expect(Set(properties.keys) == Set(shape.keys), "keys of \(path)", sourceLocation: sourceLocation)
            #expect(Set(object["required"] as? [String] ?? []) == Set(shape.required), "required keys of \(path)", sourceLocation: sourceLocation)
            #expect(object["additionalProperties"] as? Bool == false, "\(path) allows unknown keys", sourceLocation: sourceLocation)
            for (key, value) in properties {
                let property = try #require(value as? [String: Any], sourceLocation: sourceLocation)
                let described = property["description"] != nil || (property["$ref"] != nil)
                #expect(described, "\(path).\(key) has no description", sourceLocation: sourceLocation)
            }
        }
        #expect(enums == expected, sourceLocation: sourceLocation)
    }

    @Test("the catalog settings schema has the settings decoder's keys")
    func catalogKeys() throws {
        let schema = try Self.load("catalog.schema.json")
        var objects: [String: [String: Any]] = [:]
        var enums: [String: [String]] = [:]
        Self.walk(schema, path: "", objects: &objects, enums: &enums)
        let places = ["": "catalog", "/properties/data_availability": "dataAvailability"]
        #expect(Set(objects.keys) == Set(places.keys))
        for (path, name) in places {
            let shape = try #require(SettingsDecoder.shapes[name])
            let properties = try #require(objects[path]?["properties"] as? [String: Any])
            #expect(Set(properties.keys) == Set(shape.keys))
        }
    }

    @Test("every whole-file example in the partner schema decodes without an error")
    func partnerExamples() throws {
        let schema = try Self.load("partner.schema.json")
        let examples = try #require(schema["examples"] as? [Any])
        #expect(!examples.isEmpty)
        for example in examples {
            try expectDecodes(example)
        }
    }

    @Test("every example of a top-level key decodes in a partner file")
    func propertyExamples() throws {
        let schema = try Self.load("partner.schema.json")
        let base = try #require((schema["examples"] as? [Any])?.first as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        for (key, value) in properties {
            let examples = (value as? [String: Any])?["examples"] as? [Any] ?? []
            #expect(!examples.isEmpty, "'\(key)' has no examples")
            for example in examples {
                var document = base
                document[key] = example
                if key == "credentials" { document["auth"] = (example as? [Any])?.isEmpty == false ? "credentials" : "oauth" }
                if key == "auth", example as? String == "oauth" { document["credentials"] = [Any]() }
                if key == "auth", example as? String == "credentials", (document["credentials"] as? [Any])?.isEmpty != false {
                    document["credentials"] = [["key": "token", "label": "Token", "kind": "token"]]
                }
                if key == "id" { continue }  // the id must equal the file name, checked by its own rule
                try expectDecodes(document)
            }
        }
    }

    @Test("every $defs example decodes where it is used")
    func definitionExamples() throws {
        let schema = try Self.load("partner.schema.json")
        let base = try #require((schema["examples"] as? [Any])?.first as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let embed: [String: (Any) -> [String: Any]] = [
            "credentialField": { var d = base; d["auth"] = "credentials"; d["credentials"] = [$0]; return d },
            "adType": { var d = base; d["ad_types"] = ["unsupported": [$0]]; return d },
            "supersededSource": { var d = base; d["supersedes"] = [$0]; return d },
            "date": { var d = base; d["supersedes"] = [["media_source": "old_int", "name": "Old", "introduced": $0]]; return d },
            "normalizer": { var d = base; d["auth"] = "credentials"; d["credentials"] = [["key": "a", "label": "A", "kind": "text", "normalize": [$0]]]; return d },
        ]
        #expect(Set(definitions.keys) == Set(embed.keys))
        for (name, definition) in definitions {
            let examples = (definition as? [String: Any])?["examples"] as? [Any] ?? []
            #expect(!examples.isEmpty, "$defs/\(name) has no examples")
            let place = try #require(embed[name])
            for example in examples { try expectDecodes(place(example)) }
        }
    }

    @Test("the real catalog decodes exactly as the schema describes it: every enum value is used somewhere it can be")
    func enumsDecodeFromYAML() throws {
        for value in CredentialKind.allCases.map(\.rawValue) {
            let text = "id: a\nname: A\nmedia_sources: [a]\nauth: credentials\ncredentials:\n  - {key: k, label: L, kind: \(value), secret: true}\nad_types: {unsupported: []}\n"
            let (document, findings) = CatalogLoader.decodePartner(Array(text.utf8), file: "a.yaml")
            #expect(document?.definition.credentials.first?.kind.rawValue == value, "\(findings)")
        }
    }

    private func expectDecodes(_ example: Any, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        var document = try #require(example as? [String: Any])
        document["id"] = "example"
        let yaml = Self.yaml(document)
        let (decoded, findings) = CatalogLoader.decodePartner(Array(yaml.utf8), file: "example.yaml")
        let errors = findings.filter { $0.severity == .error }
        #expect(errors.isEmpty && decoded != nil, "\(errors)\n\(yaml)", sourceLocation: sourceLocation)
        if let decoded {
            let rules = Rules.check([decoded]).filter { $0.severity == .error }
            #expect(rules.isEmpty, "\(rules)\n\(yaml)", sourceLocation: sourceLocation)
        }
    }

    /// Every object (with `properties`) and enumeration in a schema, by JSON-pointer-like path.
    static func walk(_ node: Any, path: String, objects: inout [String: [String: Any]], enums: inout [String: [String]]) {
        if let object = node as? [String: Any] {
            if object["properties"] != nil { objects[path] = object }
            if let values = object["enum"] as? [String] { enums[path] = values }
            for (key, child) in object where !["examples", "description", "default", "enum", "const"].contains(key) {
                walk(child, path: "\(path)/\(key)", objects: &objects, enums: &enums)
            }
        } else if let list = node as? [Any] {
            for (index, child) in list.enumerated() { walk(child, path: "\(path)[\(index)]", objects: &objects, enums: &enums) }
        }
    }

    /// JSON value → YAML flow text with plain keys (quoted keys are refused by design).
    static func yaml(_ value: Any) -> String {
        switch value {
        case let object as [String: Any]:
            return "{" + object.keys.sorted().map { "\($0): \(yaml(object[$0]!))" }.joined(separator: ", ") + "}"
        case let list as [Any]:
            return "[" + list.map(yaml).joined(separator: ", ") + "]"
        case let flag as Bool where "\(type(of: value))" == "Bool" || "\(type(of: value))".contains("Boolean"):
            return flag ? "true" : "false"
        case let number as NSNumber:
            return number.stringValue
        case let text as String:
            var writer = JSONWriter()
            writer.string(text)
            return writer.text
        default:
            return "null"
        }
    }
}
