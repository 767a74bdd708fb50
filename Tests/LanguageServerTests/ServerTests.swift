import Foundation
import LanguageServerProtocol
import PartnerRules
import PartnerRulesLanguageServer
import PartnerRulesTestSupport
import Testing

/// The partner server in process: the same findings as the engine's in-memory lint, bad messages answered with
/// errors while the server keeps serving, and the fuzz corpus through the document path.
@Suite struct ServerTests {
    private var remerge: String { get throws { try String(contentsOfFile: Repository.path("partners/remerge.yaml"), encoding: .utf8) } }
    private var remergeURI: String { Session.uri(Repository.path("partners/remerge.yaml")) }

    /// An edited buffer gets the findings and words `serve`'s `/v1/lint` (``CatalogDraft``) gives for the same text.
    @Test func diagnosticsAreTheFindingsOfTheEnginesInMemoryLint() throws {
        let session = Session()
        let edited = try remerge.replacingOccurrences(of: "auth: credentials", with: "auth: sometimes")
            .replacingOccurrences(of: "  any_of: []\n", with: "  any_of: []\n  all_of: [x]\n")
        session.open(remergeURI, edited)
        let published = try #require(session.diagnostics()[remergeURI])
        let catalog = try CatalogLoader.load(directory: Repository.partners)
        let draft = CatalogDraft(files: [CatalogSourceFile(name: "remerge.yaml", bytes: Array(edited.utf8))], context: catalog)
        #expect(!draft.findings.isEmpty)
        #expect(published.map { $0["code"] as? String } == draft.findings.map { $0.code.rawValue })
        #expect(published.map { $0["message"] as? String } == draft.findings.map(\.message))
        #expect(published.map { ($0["range"] as? [String: Any]).flatMap { $0["start"] as? [String: Any] }?["line"] as? Int } == draft.findings.map { $0.line - 1 })
    }

    @Test func badMessagesGetErrorsAndTheServerKeepsServing() throws {
        let session = Session()
        let bad: [(String, Int)] = [
            ("{not json", ErrorCodes.parseError),
            (#"{"jsonrpc":"2.0","id":1}"#, ErrorCodes.invalidRequest),
            (#"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":7}}"#, ErrorCodes.invalidParams),
            (#"{"jsonrpc":"2.0","id":3,"method":"textDocument/unknown","params":{}}"#, ErrorCodes.methodNotFound),
            (#"{"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":"x"}"#, ErrorCodes.invalidRequest),
        ]
        for (json, code) in bad {
            session.send(raw: Data(json.utf8))
            let answers = session.drain()
            #expect(answers.count == 1, "\(json)")
            #expect((answers.first?["error"] as? [String: Any])?["code"] as? Int == code, "\(json)")
        }
        // Notifications the server does not know, or with the wrong params, are ignored: no answer.
        session.send(raw: Data(#"{"jsonrpc":"2.0","method":"$/unknown","params":{}}"#.utf8))
        session.send(raw: Data(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":1}}"#.utf8))
        #expect(session.drain().isEmpty)
        let text = try remerge
        session.open(remergeURI, text)
        let answer = session.request("textDocument/hover", ["textDocument": ["uri": remergeURI], "position": ["line": 5, "character": 1]])
        let contents = (answer["result"] as? [String: Any])?["contents"] as? [String: Any]
        #expect((contents?["value"] as? String)?.contains("**auth**") == true)
    }

    /// Hover on an ad type gives its level; completion in a roles list offers the roles the catalog uses.
    @Test func adTypeLevelsAndRolesOfTheCatalog() throws {
        let session = Session()
        let path = Repository.path("partners/moloco.yaml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let uri = Session.uri(path)
        session.open(uri, text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let adTypes = try #require(lines.firstIndex { $0.hasPrefix("  unsupported: [{name: CTV") })
        let column = try #require(lines[adTypes].range(of: "CTV")).lowerBound.utf16Offset(in: lines[adTypes]) + 1
        let hover = session.request("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": adTypes, "character": column]])
        let value = ((hover["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String
        #expect(value?.contains("**CTV**: ad level only") == true, "\(hover)")

        let remergeText = try remerge.replacingOccurrences(of: "  any_of: []", with: "  any_of: [W")
        session.open(remergeURI, remergeText)
        let line = try #require(remergeText.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "  any_of: [W" })
        let completion = session.request("textDocument/completion", ["textDocument": ["uri": remergeURI], "position": ["line": line, "character": 12]])
        let labels = ((completion["result"] as? [String: Any])?["items"] as? [[String: Any]])?.compactMap { $0["label"] as? String } ?? []
        let catalog = try CatalogLoader.load(directory: Repository.partners)
        let roles = Set(catalog.partners.flatMap { $0.definition.roles.allOf + $0.definition.roles.anyOf })
        #expect(!roles.isEmpty)
        #expect(roles.isSubset(of: Set(labels)), "\(labels)")
    }

    @Test func aRequestBeforeInitializeIsRefused() {
        var output = MessageFramer()
        let server = PartnerLanguageServer(writer: MessageWriter { output.append($0) })
        server.handle(IncomingMessage.parse(Data(#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}"#.utf8)))
        guard case .body(let body)? = output.next(), let answer = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            Issue.record("no answer")
            return
        }
        #expect((answer["error"] as? [String: Any])?["code"] as? Int == ErrorCodes.serverNotInitialized)
    }

    /// Every input of the `yaml-partner` fuzz target goes through the document path: opened as a partner file,
    /// linted with the catalog, and asked for hover, completion, definition and the outline at its first lines.
    @Test(.timeLimit(.minutes(5))) func theFuzzCorpusGoesThroughTheDocumentPath() throws {
        let folder = Repository.path("Fuzz/corpus/yaml-partner")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(!names.isEmpty)
        let session = Session()
        let uri = Session.uri(Repository.path("partners/fuzzed.yaml"))
        var published = 0
        for (index, name) in names.enumerated() {
            let bytes = try #require(FileManager.default.contents(atPath: "\(folder)/\(name)"))
            let text = String(decoding: bytes, as: UTF8.self)
            if index == 0 { session.open(uri, text) } else { session.change(uri, text, version: index + 1) }
            if let diagnostics = session.diagnostics()[uri] { published += diagnostics.isEmpty ? 0 : 1 }
            for line in 0..<3 {
                let position: [String: Any] = ["textDocument": ["uri": uri], "position": ["line": line, "character": line * 3]]
                for method in ["textDocument/hover", "textDocument/completion", "textDocument/definition"] {
                    #expect(session.request(method, position)["error"] == nil, "\(method) on \(name)")
                }
            }
            #expect(session.request("textDocument/documentSymbol", ["textDocument": ["uri": uri]])["error"] == nil, "\(name)")
        }
        print("fuzz corpus inputs through the document path: \(names.count), with diagnostics: \(published)")
        #expect(published > 0)
    }

    /// The embedded schemas are the files in `schemas/` (tools/lsp-assets).
    @Test func embeddedSchemasAreTheSchemaFiles() async throws {
        let result = try await ProcessRunner.run(
            URL(fileURLWithPath: "/bin/bash"), [Repository.path("tools/lsp-assets"), "--check"], timeout: .seconds(60))
        #expect(result.status == 0, "\(result.stderrText)")
    }

    /// `docs/partner-format.md`'s key tables name the keys of the schema hover reads, with the same defaults.
    @Test func theGuidesKeyEntriesAgreeWithTheSchema() throws {
        let guide = try String(contentsOfFile: Repository.path("docs/partner-format.md"), encoding: .utf8)
        let sections: [String: [String]] = [
            "### Top level": [], "### Credential fields": ["credentials", "[]"],
            "## Replacing a legacy integration": ["supersedes", "[]"], "## Audiences": ["audiences"],
        ]
        var base: [String]?
        var documented: [[String]: Set<String>] = [:]
        var compared = 0
        var inKeyTable = false
        for line in guide.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") {
                base = sections[String(line)]
                continue
            }
            // Key tables start `| key | what it means | default |`; other tables (the clean-ups) are not keys.
            if line.hasPrefix("| "), !line.hasPrefix("| `"), !line.hasPrefix("| ---") { inKeyTable = line.hasPrefix("| key |") }
            guard let base, inKeyTable, line.hasPrefix("| `") else { continue }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, cells[0].hasPrefix("`") else { continue }
            for written in cells[0].components(separatedBy: ", ") {
                let parts = written.trimmingCharacters(in: CharacterSet(charactersIn: "`")).split(separator: ".").map(String.init)
                let path = base + parts
                let entry = PartnerSchema.partner.entry(at: path)
                #expect(entry != nil, "docs/partner-format.md documents '\(written)', which the schema does not have")
                documented[base + parts.dropLast(), default: []].insert(parts.last!)
                let defaultCell = cells[cells.count - 1]
                let parent = PartnerSchema.partner.entry(at: base + parts.dropLast())
                if defaultCell == "required" {
                    #expect(parent?.required.contains(parts.last!) == true, "'\(written)' is required in the guide, not in the schema")
                    compared += 1
                } else if defaultCell.hasPrefix("`"), defaultCell.hasSuffix("`"), defaultCell.filter({ $0 == "`" }).count == 2 {
                    let value = String(defaultCell.dropFirst().dropLast())
                    #expect(entry?.defaultValue == value, "'\(written)': the guide's default is \(value), the schema's \(entry?.defaultValue ?? "none")")
                    compared += 1
                }
            }
        }
        for (path, keys) in documented where path == [] || path == ["credentials", "[]"] {
            let schemaKeys = Set(PartnerSchema.partner.entry(at: path)?.keys ?? [])
            let undocumented = schemaKeys.subtracting(keys).filter { key in !keys.contains(where: { $0.hasPrefix(key) }) }
            // A key written as `roles.all_of` in the guide documents `roles`.
            let covered = undocumented.filter { key in documented[path + [key]] == nil }
            #expect(covered.isEmpty, "the schema has \(covered.sorted()) at \(path), which docs/partner-format.md does not list")
        }
        #expect(compared > 10)
    }
}
