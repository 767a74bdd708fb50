import Foundation
import NIOHTTP1
import Hummingbird
import PartnerRules
import PartnerRulesServer
import PartnerRulesTestSupport
import Testing

/// `schemas/openapi.yaml` against the server: the same routes, the same text served, a valid document, and every
/// answer of a live server valid against it.
@Suite("OpenAPI document")
struct OpenAPITests {
    static let documentPath = Repository.rootURL.appendingPathComponent("schemas/openapi.yaml")
    static let generatedPath = Repository.rootURL.appendingPathComponent("Sources/PartnerRulesServer/OpenAPIDocument.swift")

    /// The Swift file that embeds `yaml` (what `UPDATE_DOCS=1` writes).
    static func swiftSource(_ yaml: String) -> String {
        var lines = yaml.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        let body = lines.map { $0.trimmingCharacters(in: .whitespaces).isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
        return """
            // Generated from schemas/openapi.yaml by `UPDATE_DOCS=1 swift test --filter OpenAPITests`; edit the YAML, not this file.

            /// `schemas/openapi.yaml`, embedded in the binary so the static release serves `GET /openapi.yaml` without a
            /// resource folder. A test holds it equal to the file.
            public enum OpenAPIDocument {
                /// The document's text.
                public static let text = ##\"\"\"

            """ + body + """


                \"\"\"##

                static let bytes = Array(text.utf8)
            }

            """
    }

    @Test("the embedded document is schemas/openapi.yaml (UPDATE_DOCS=1 regenerates it)")
    func embedded() throws {
        let yaml = try String(contentsOf: Self.documentPath, encoding: .utf8)
        let expected = Self.swiftSource(yaml)
        let current = try String(contentsOf: Self.generatedPath, encoding: .utf8)
        if current != expected, ProcessInfo.processInfo.environment["UPDATE_DOCS"] == "1" {
            try Data(expected.utf8).write(to: Self.generatedPath)
        }
        #expect(current == expected, "OpenAPIDocument.swift differs from schemas/openapi.yaml; run UPDATE_DOCS=1 swift test --filter OpenAPITests and rebuild")
        #expect(OpenAPIDocument.text == yaml)
    }

    /// The document's paths and their methods, read from its `paths:` section (two spaces, then four).
    static func documentRoutes() throws -> Set<String> {
        let yaml = try String(contentsOf: documentPath, encoding: .utf8)
        var routes: Set<String> = []
        var inPaths = false
        var path: String?
        for line in yaml.components(separatedBy: "\n") {
            if !line.hasPrefix(" ") { inPaths = line == "paths:" }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "),
                let method = ["get", "post", "put", "patch", "delete"].first(where: { line == "    \($0):" })
            {
                routes.insert("\(method.uppercased()) \(path)")
            }
        }
        return routes
    }

    @Test("the router's routes are exactly the document's paths and methods")
    func routeTable() throws {
        let catalog = ServedCatalog(catalog: try Catalog(definitions: []), loader: { () throws(CatalogError) in try Catalog(definitions: []) })
        let router = RulesServer(catalog: catalog).router()
        let served = Set(router.routes.map { "\($0.method) \($0.path)" })
        let documented = try Self.documentRoutes()
        #expect(!documented.isEmpty)
        #expect(served == documented, "only served: \(served.subtracting(documented).sorted()); only documented: \(documented.subtracting(served).sorted())")
    }

    @Test("openapi-spec-validator accepts the document", .requires(.openAPISpecValidator))
    func validDocument() async throws {
        let result = try await ProcessRunner.run(program: "openapi-spec-validator", [Self.documentPath.path], timeout: .seconds(120))
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
    }

    @Test("a served partner form is valid against the document's PartnerForm schema", .requires(.openAPISpecValidator))
    func formAgainstSchema() async throws {
        try await ServeHarness.with { serve in
            for id in ["acme", "beta"] {
                let form = try await serve.call(.GET, "/v1/partners/\(id)")
                #expect(form.status == 200)
                try await Self.validate(form.body, against: "PartnerForm")
            }
            // And a form that breaks the schema is refused, so the check can fail.
            await #expect(throws: (any Error).self) { try await Self.validate(#"{"id":"acme"}"#, against: "PartnerForm") }
        }
    }

    /// Validates `json` against `components.schemas.NAME` of the document (Python's jsonschema, draft 2020-12).
    static func validate(_ json: String, against name: String) async throws {
        let script = """
            import json, sys, yaml, jsonschema
            doc = yaml.safe_load(open(sys.argv[1]))
            text = json.dumps(doc["components"]["schemas"]).replace("#/components/schemas/", "#/$defs/")
            defs = json.loads(text)
            schema = dict(defs[sys.argv[2]])
            schema["$defs"] = defs
            jsonschema.Draft202012Validator(schema).validate(json.load(sys.stdin))
            """
        let result = try await ProcessRunner.run(
            program: "python3", ["-c", script, documentPath.path, name], input: Data(json.utf8), timeout: .seconds(60))
        guard result.status == 0 else { throw ProcessRunner.Failure("\(name): \(result.stderrText.suffix(800))") }
    }

    @Test("schemathesis: every route of a live server, no 5xx, every answer valid against the document", .requires(.schemathesis))
    func schemathesis() async throws {
        let partners = Repository.rootURL.appendingPathComponent("partners").path
        let catalog = ServedCatalog(loader: { () throws(CatalogError) in try CatalogLoader.load(directory: partners) })
        if let failure = catalog.initialError { throw failure }
        let server = try await LoopbackServer.start(router: RulesServer(catalog: catalog).router())
        defer { Task { await server.stop() } }
        let result = try await Task.detached {
            try await ProcessRunner.run(
                program: "schemathesis",
                [
                    "run", Self.documentPath.path, "--url", server.baseURL,
                    "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                    "--max-examples", "25", "--seed", "1", "--no-color",
                ],
                // The hooks give schemathesis a serializer for the NDJSON route's bodies.
                environment: ProcessInfo.processInfo.environment.merging([
                    "SCHEMATHESIS_HOOKS": "ndjson_hooks",
                    "PYTHONPATH": Repository.rootURL.appendingPathComponent("tools/schemathesis").path,
                ]) { $1 },
                timeout: .seconds(600))
        }.value
        #expect(result.status == 0, "\(result.stdoutText.suffix(6000))\(result.stderrText.suffix(2000))")
        await server.stop()
    }
}
