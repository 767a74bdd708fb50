import Foundation
package import LanguageServerProtocol
package import PartnerRules

/// The partner language server (SPEC 21): the state of a session and an answer to each message.
///
/// It holds the workspace's `partners/` folder in memory (``CatalogWorkspace``) with the open buffers in place of
/// their files, lints after each change, and publishes the diagnostics of every file whose findings changed (an
/// unsaved file that clashes with another partner is reported in both). Messages come from ``ServerLoop``, which
/// debounces changes; this type does no I/O besides reading the workspace's files and writing through `writer`.
package final class PartnerLanguageServer {
    /// Where diagnostics come from, as the client shows it.
    static let source = "partner-rules"

    /// What is reported on one file: the engine's findings, and (in a test file) the cases that fail or were not run.
    struct Report: Equatable {
        var findings: [Finding] = []
        /// Lines about the cases, each with its place and severity; they carry no rule code.
        var cases: [(location: SourceLocation, severity: Int, message: String)] = []

        static func == (lhs: Report, rhs: Report) -> Bool {
            lhs.findings == rhs.findings && lhs.cases.map(\.message) == rhs.cases.map(\.message)
                && lhs.cases.map(\.location) == rhs.cases.map(\.location)
        }
    }

    /// An open buffer.
    struct OpenDocument {
        var uri: DocumentUri
        var version: Int
        var lines: DocumentText
    }

    /// What a URI stands for.
    enum FileRole: Equatable {
        /// A partner or settings file of the workspace's partners folder, by name (`acme.yaml`).
        case catalog(String)
        /// A partner test file of `partners/tests/`, by name (`acme.yaml`).
        case test(String)
        /// A YAML file elsewhere: linted alone, with no catalog around it.
        case outside
    }

    let writer: MessageWriter
    private(set) var partnersFolder: String?
    private var workspace = CatalogWorkspace()
    private var open: [DocumentUri: OpenDocument] = [:]
    /// What the last lint reported for each file, by URI; what code actions answer from.
    private var reports: [DocumentUri: Report] = [:]
    /// The diagnostics last published for each URI, and the buffer version they were for.
    private var published: [DocumentUri: [Diagnostic]] = [:]
    private var publishedVersions: [DocumentUri: Int] = [:]
    private var lastLint: CatalogWorkspace.Lint?
    private var initialized = false
    private var shutdownRequested = false
    /// Whether a buffer changed since the last lint.
    private(set) var isDirty = false
    /// Set by the `exit` notification: the status the process ends with.
    private(set) var exitStatus: Int32?

    /// A server writing through `writer`; `partners` overrides the workspace folder's `partners/`.
    package init(writer: MessageWriter, partners: String? = nil) {
        self.writer = writer
        if let partners { partnersFolder = Self.standardized(partners) }
    }

    // MARK: - Messages

    /// Answers one message. Changes only mark the server dirty; ``lintIfDirty()`` publishes.
    package func handle(_ message: IncomingMessage) {
        switch message {
        case .invalid(let id, let error):
            writer.respond(to: id, error: error)
        case .response:
            break
        case .notification(let method, let params):
            notify(method, params)
        case .request(let id, let method, let params):
            guard initialized || method == "initialize" else {
                writer.respond(to: id, error: ResponseError(code: ErrorCodes.serverNotInitialized, message: "the server is not initialized yet"))
                return
            }
            switch method {
            case "initialize": answer(id, params, InitializeParams.self, initialize)
            case "shutdown":
                shutdownRequested = true
                writer.respond(to: id, result: Optional<Bool>.none)
            case "textDocument/codeAction": answer(id, params, CodeActionParams.self, codeActions)
            case "textDocument/hover": answer(id, params, TextDocumentPositionParams.self, hover)
            case "textDocument/completion": answer(id, params, TextDocumentPositionParams.self, completion)
            case "textDocument/definition": answer(id, params, TextDocumentPositionParams.self, definition)
            case "textDocument/references": answer(id, params, ReferenceParams.self, references)
            case "textDocument/documentSymbol": answer(id, params, DocumentSymbolParams.self, symbols)
            default:
                writer.respond(to: id, error: ResponseError(code: ErrorCodes.methodNotFound, message: "the server does not answer '\(method)'"))
            }
        }
    }

    private func answer<Params: Decodable, Answer: Encodable>(
        _ id: RequestID, _ data: Data, _ type: Params.Type, _ body: (Params) -> Answer?
    ) {
        switch decodeParams(type, from: data) {
        case .success(let params): writer.respond(to: id, result: body(params))
        case .failure(let error): writer.respond(to: id, error: error)
        }
    }

    private func notify(_ method: String, _ data: Data) {
        switch method {
        case "initialized":
            lintIfDirty()
        case "exit":
            exitStatus = shutdownRequested ? 0 : 1
        case "textDocument/didOpen":
            guard case .success(let params) = decodeParams(DidOpenTextDocumentParams.self, from: data) else { return }
            let item = params.textDocument
            open[item.uri] = OpenDocument(uri: item.uri, version: item.version, lines: DocumentText(item.text))
            place(item.uri, bytes: open[item.uri]!.lines.bytes)
        case "textDocument/didChange":
            guard case .success(let params) = decodeParams(DidChangeTextDocumentParams.self, from: data),
                var document = open[params.textDocument.uri]
            else { return }
            for change in params.contentChanges {
                document.lines = DocumentText(Self.applying(change, to: document.lines))
            }
            document.version = params.textDocument.version
            open[document.uri] = document
            place(document.uri, bytes: document.lines.bytes)
        case "textDocument/didClose":
            guard case .success(let params) = decodeParams(DidCloseTextDocumentParams.self, from: data) else { return }
            let uri = params.textDocument.uri
            open[uri] = nil
            if case .catalog(let name) = role(of: uri), let folder = partnersFolder {
                // The file on disk takes the buffer's place again, or leaves the catalog when it was never saved.
                if let bytes = FileManager.default.contents(atPath: folder + "/" + name) {
                    workspace.set(name, bytes: [UInt8](bytes))
                } else {
                    workspace.remove(name)
                }
                isDirty = true
            } else {
                reports[uri] = nil
                publishedVersions[uri] = nil
                if published[uri].map({ !$0.isEmpty }) ?? false {
                    published[uri] = []
                    writer.notify("textDocument/publishDiagnostics", params: PublishDiagnosticsParams(uri: uri, version: nil, diagnostics: []))
                }
            }
        default:
            break  // Notifications the server does not know are ignored (JSON-RPC).
        }
    }

    /// Puts an open buffer's text in the workspace (a partner file) and marks the server dirty.
    private func place(_ uri: DocumentUri, bytes: [UInt8]) {
        if case .catalog(let name) = role(of: uri) { workspace.set(name, bytes: bytes) }
        isDirty = true
    }

    static func applying(_ change: TextDocumentContentChangeEvent, to lines: DocumentText) -> String {
        guard let range = change.range else { return change.text }
        let text = String(decoding: lines.bytes, as: UTF8.self)
        let edit = PartnerRules.TextEdit(
            line: lines.location(range.start).line, column: lines.location(range.start).column,
            endLine: lines.location(range.end).line, endColumn: lines.location(range.end).column, text: change.text)
        return Fix(description: "", edits: [edit]).applied(to: text) ?? text
    }

    // MARK: - Initialize

    private func initialize(_ params: InitializeParams) -> InitializeResult? {
        initialized = true
        if partnersFolder == nil {
            let root = params.workspaceFolders?.first?.uri ?? params.rootUri
            if let root, let path = Self.path(of: root) {
                partnersFolder = Self.standardized(path + "/partners")
            } else if let path = params.rootPath {
                partnersFolder = Self.standardized(path + "/partners")
            }
        }
        loadFolder()
        let capabilities = ServerCapabilities(
            positionEncoding: "utf-16",
            textDocumentSync: TextDocumentSyncOptions(openClose: true, change: TextDocumentSyncKind.full, save: false),
            hoverProvider: true,
            completionProvider: CompletionOptions(triggerCharacters: [":", " ", "-"]),
            definitionProvider: true, referencesProvider: true, documentSymbolProvider: true,
            codeActionProvider: CodeActionOptions(codeActionKinds: [CodeActionKind.quickFix]))
        return InitializeResult(capabilities: capabilities, serverInfo: ServerInfo(name: "partner-rules", version: nil))
    }

    /// Reads the partners folder's `*.yaml` files into the workspace.
    private func loadFolder() {
        guard let folder = partnersFolder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted() where CatalogDraft.isFileName(name) {
            guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
            workspace.set(name, bytes: [UInt8](data))
        }
        isDirty = true
    }

    // MARK: - Places

    /// What `uri` stands for in this workspace.
    func role(of uri: DocumentUri) -> FileRole {
        guard let folder = partnersFolder, let path = Self.path(of: uri).map(Self.standardized) else { return .outside }
        let name = (path as NSString).lastPathComponent
        let parent = (path as NSString).deletingLastPathComponent
        guard name.hasSuffix(".yaml") else { return .outside }
        if parent == folder, CatalogDraft.isFileName(name) { return .catalog(name) }
        if parent == folder + "/tests", !name.hasPrefix("_"), !name.hasPrefix(".") { return .test(name) }
        return .outside
    }

    /// The URI of a catalog file by name: its open buffer's, else the file's in the partners folder.
    func uri(ofCatalogFile name: String) -> DocumentUri {
        if let document = open.values.first(where: { role(of: $0.uri) == .catalog(name) }) { return document.uri }
        return URL(fileURLWithPath: (partnersFolder ?? ".") + "/" + name).absoluteString
    }

    /// The text of a URI: its open buffer, else the workspace's copy, else the file on disk.
    func text(of uri: DocumentUri) -> DocumentText? {
        if let document = open[uri] { return document.lines }
        if case .catalog(let name) = role(of: uri), let bytes = workspace.bytes(of: name) {
            return DocumentText(String(decoding: bytes, as: UTF8.self))
        }
        guard let path = Self.path(of: uri), let data = FileManager.default.contents(atPath: path) else { return nil }
        return DocumentText(String(decoding: data, as: UTF8.self))
    }

    /// The path of a `file:` URI, percent-decoded; `nil` for any other scheme.
    static func path(of uri: DocumentUri) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.path
    }

    static func standardized(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    // MARK: - Diagnostics

    /// Lints and publishes when a buffer changed since the last lint: the one place the server calls the engine's
    /// lint (``CatalogWorkspace``, the in-memory counterpart of `lint` over the folder).
    package func lintIfDirty() {
        guard isDirty else { return }
        isDirty = false
        let lint = workspace.lint()
        lastLint = lint
        var byURI: [DocumentUri: Report] = [:]
        for finding in lint.findings { byURI[uri(ofCatalogFile: finding.file), default: Report()].findings.append(finding) }
        for document in open.values {
            switch role(of: document.uri) {
            case .catalog: break
            case .test: byURI[document.uri] = testReport(document, lint: lint)
            case .outside: byURI[document.uri] = Report(findings: CatalogLoader.decodePartner(document.lines.bytes, file: document.uri).1)
            }
        }
        for uri in Set(byURI.keys).union(reports.keys).union(open.keys) {
            let new = byURI[uri] ?? Report()
            // An open buffer hears back on each version it was linted at, even when nothing changed for it.
            let answered = publishedVersions[uri] == open[uri]?.version
            if reports[uri] == new, answered, published[uri] != nil || new.findings.isEmpty && new.cases.isEmpty { continue }
            reports[uri] = new
            publish(uri, new)
        }
    }

    private func publish(_ uri: DocumentUri, _ report: Report) {
        guard let lines = text(of: uri) else { return }
        let diagnostics =
            report.findings.map { diagnostic($0, lines: lines) }
            + report.cases.map {
                Diagnostic(
                    range: lines.wordRange(at: $0.location), severity: $0.severity, code: nil, source: Self.source + " test", message: $0.message,
                    relatedInformation: nil)
            }
        let version = open[uri]?.version
        if published[uri] == diagnostics && publishedVersions[uri] == version || (published[uri] == nil && diagnostics.isEmpty && version == nil) { return }
        published[uri] = diagnostics
        publishedVersions[uri] = version
        writer.notify("textDocument/publishDiagnostics", params: PublishDiagnosticsParams(uri: uri, version: open[uri]?.version, diagnostics: diagnostics))
    }

    package func diagnostic(_ finding: Finding, lines: DocumentText) -> Diagnostic {
        let related = finding.related.compactMap { place -> DiagnosticRelatedInformation? in
            let uri = uri(ofCatalogFile: place.file)
            guard let other = text(of: uri) else { return nil }
            return DiagnosticRelatedInformation(
                location: Location(uri: uri, range: other.wordRange(at: place.location)), message: "also here: \(place.file):\(place.line)")
        }
        return Diagnostic(
            range: lines.wordRange(at: finding.location),
            severity: finding.severity == .error ? DiagnosticSeverity.error : DiagnosticSeverity.warning,
            code: finding.code.rawValue, source: Self.source, message: finding.message, relatedInformation: related.isEmpty ? nil : related)
    }

    /// A test file's own findings (as `test` reports them), and each failing case at its line with what differs.
    private func testReport(_ document: OpenDocument, lint: CatalogWorkspace.Lint) -> Report {
        let (file, found) = PartnerTestLoader.decode(document.lines.bytes, file: document.uri)
        var report = Report(findings: found)
        guard let file else { return report }
        guard let catalog = lint.catalog() else {
            report.cases.append((.start, DiagnosticSeverity.information, "the cases were not run: a partner file has an error; fix it first"))
            return report
        }
        report.findings = (report.findings + PartnerTestLoader.check(file, against: catalog)).sorted()
        guard !report.findings.contains(where: { $0.severity == .error }) else { return report }
        for result in PartnerTestRunner(catalog: catalog).run([file]) where !result.passed {
            report.cases.append(
                (result.testCase.place.location, DiagnosticSeverity.error,
                 "case '\(result.testCase.name)' fails: \(result.failures.joined(separator: "; "))"))
        }
        return report
    }

    // MARK: - Code actions

    private func codeActions(_ params: CodeActionParams) -> [CodeAction]? {
        lintIfDirty()
        let uri = params.textDocument.uri
        guard let lines = text(of: uri) else { return [] }
        var actions: [CodeAction] = []
        for finding in reports[uri]?.findings ?? [] {
            let diagnostic = diagnostic(finding, lines: lines)
            guard diagnostic.range.start.line <= params.range.end.line, diagnostic.range.end.line >= params.range.start.line,
                let action = Self.quickFix(finding, diagnostic: diagnostic, uri: uri, lines: lines)
            else { continue }
            actions.append(action)
        }
        return actions
    }

    /// A finding's proven fix (SPEC 18) as the client's quick fix: its edits, in UTF-16 places, on the file `uri`.
    package static func quickFix(_ finding: Finding, diagnostic: Diagnostic, uri: DocumentUri, lines: DocumentText) -> CodeAction? {
        guard let fix = finding.fix else { return nil }
        return CodeAction(
            title: fix.description, kind: CodeActionKind.quickFix, diagnostics: [diagnostic], isPreferred: true,
            edit: WorkspaceEdit(changes: [uri: fix.edits.map(lines.textEdit)]))
    }

    // MARK: - The documents the catalog is made of

    /// The decoded partner documents of the last lint, linting first when a buffer changed.
    var documents: [PartnerDocument] {
        lintIfDirty()
        return lastLint?.documents ?? []
    }

    /// The test files' texts: open buffers first, then the files of `partners/tests/`.
    var testFiles: [(uri: DocumentUri, lines: DocumentText)] {
        var result: [(DocumentUri, DocumentText)] = []
        var seen: Set<DocumentUri> = []
        for document in open.values.sorted(by: { $0.uri < $1.uri }) where role(of: document.uri).isTest {
            result.append((document.uri, document.lines))
            seen.insert(document.uri)
        }
        if let folder = partnersFolder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder + "/tests") {
            for name in names.sorted() where name.hasSuffix(".yaml") {
                let uri = URL(fileURLWithPath: folder + "/tests/" + name).absoluteString
                guard !seen.contains(uri), let lines = text(of: uri) else { continue }
                result.append((uri, lines))
            }
        }
        return result
    }
}

extension PartnerLanguageServer.FileRole {
    var isTest: Bool {
        if case .test = self { return true }
        return false
    }
}
