/// The LSP 3.17 types the partner server uses, named and shaped as the specification names them; nothing more.

public typealias DocumentUri = String

/// A place between two characters: `line` from 0, `character` in UTF-16 code units from 0.
public struct Position: Sendable, Hashable, Codable, Comparable {
    public var line: Int
    public var character: Int
    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public static func < (lhs: Position, rhs: Position) -> Bool {
        (lhs.line, lhs.character) < (rhs.line, rhs.character)
    }
}

public struct Range: Sendable, Hashable, Codable {
    public var start: Position
    public var end: Position
    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }
}

public struct Location: Sendable, Hashable, Codable {
    public var uri: DocumentUri
    public var range: Range
    public init(uri: DocumentUri, range: Range) {
        self.uri = uri
        self.range = range
    }
}

public struct TextDocumentIdentifier: Sendable, Hashable, Codable {
    public var uri: DocumentUri
    public init(uri: DocumentUri) { self.uri = uri }
}

public struct VersionedTextDocumentIdentifier: Sendable, Hashable, Codable {
    public var uri: DocumentUri
    public var version: Int
}

public struct TextDocumentItem: Sendable, Hashable, Codable {
    public var uri: DocumentUri
    public var languageId: String
    public var version: Int
    public var text: String
}

public struct WorkspaceFolder: Sendable, Hashable, Codable {
    public var uri: DocumentUri
    public var name: String
}

public struct InitializeParams: Sendable, Codable {
    public var processId: Int?
    public var rootUri: DocumentUri?
    public var rootPath: String?
    public var workspaceFolders: [WorkspaceFolder]?
}

public struct ServerInfo: Sendable, Codable {
    public var name: String
    public var version: String?
    public init(name: String, version: String?) {
        self.name = name
        self.version = version
    }
}

/// `TextDocumentSyncKind`: the server takes whole documents (1, Full).
public enum TextDocumentSyncKind {
    public static let full = 1
}

public struct TextDocumentSyncOptions: Sendable, Codable {
    public var openClose: Bool
    public var change: Int
    public var save: Bool
    public init(openClose: Bool, change: Int, save: Bool) {
        self.openClose = openClose
        self.change = change
        self.save = save
    }
}

public struct CompletionOptions: Sendable, Codable {
    public var triggerCharacters: [String]
    public init(triggerCharacters: [String]) { self.triggerCharacters = triggerCharacters }
}

public struct CodeActionOptions: Sendable, Codable {
    public var codeActionKinds: [String]
    public init(codeActionKinds: [String]) { self.codeActionKinds = codeActionKinds }
}

public struct ServerCapabilities: Sendable, Codable {
    public var positionEncoding: String
    public var textDocumentSync: TextDocumentSyncOptions
    public var hoverProvider: Bool
    public var completionProvider: CompletionOptions
    public var definitionProvider: Bool
    public var referencesProvider: Bool
    public var documentSymbolProvider: Bool
    public var codeActionProvider: CodeActionOptions

    public init(
        positionEncoding: String, textDocumentSync: TextDocumentSyncOptions, hoverProvider: Bool, completionProvider: CompletionOptions,
        definitionProvider: Bool, referencesProvider: Bool, documentSymbolProvider: Bool, codeActionProvider: CodeActionOptions
    ) {
        self.positionEncoding = positionEncoding
        self.textDocumentSync = textDocumentSync
        self.hoverProvider = hoverProvider
        self.completionProvider = completionProvider
        self.definitionProvider = definitionProvider
        self.referencesProvider = referencesProvider
        self.documentSymbolProvider = documentSymbolProvider
        self.codeActionProvider = codeActionProvider
    }
}

public struct InitializeResult: Sendable, Codable {
    public var capabilities: ServerCapabilities
    public var serverInfo: ServerInfo
    public init(capabilities: ServerCapabilities, serverInfo: ServerInfo) {
        self.capabilities = capabilities
        self.serverInfo = serverInfo
    }
}

public struct DidOpenTextDocumentParams: Sendable, Codable {
    public var textDocument: TextDocumentItem
}

/// A change with no `range` replaces the whole text (the only kind a Full-sync server is sent); a ranged change is
/// applied too, for clients that send them anyway.
public struct TextDocumentContentChangeEvent: Sendable, Codable {
    public var range: Range?
    public var text: String
}

public struct DidChangeTextDocumentParams: Sendable, Codable {
    public var textDocument: VersionedTextDocumentIdentifier
    public var contentChanges: [TextDocumentContentChangeEvent]
}

public struct DidCloseTextDocumentParams: Sendable, Codable {
    public var textDocument: TextDocumentIdentifier
}

public struct DidSaveTextDocumentParams: Sendable, Codable {
    public var textDocument: TextDocumentIdentifier
}

/// `DiagnosticSeverity`: 1 error, 2 warning, 3 information, 4 hint.
public enum DiagnosticSeverity {
    public static let error = 1
    public static let warning = 2
    public static let information = 3
}

public struct DiagnosticRelatedInformation: Sendable, Hashable, Codable {
    public var location: Location
    public var message: String
    public init(location: Location, message: String) {
        self.location = location
        self.message = message
    }
}

public struct Diagnostic: Sendable, Hashable, Codable {
    public var range: Range
    public var severity: Int
    public var code: String?
    public var source: String
    public var message: String
    public var relatedInformation: [DiagnosticRelatedInformation]?

    public init(range: Range, severity: Int, code: String?, source: String, message: String, relatedInformation: [DiagnosticRelatedInformation]?) {
        self.range = range
        self.severity = severity
        self.code = code
        self.source = source
        self.message = message
        self.relatedInformation = relatedInformation
    }
}

public struct PublishDiagnosticsParams: Sendable, Codable {
    public var uri: DocumentUri
    public var version: Int?
    public var diagnostics: [Diagnostic]
    public init(uri: DocumentUri, version: Int?, diagnostics: [Diagnostic]) {
        self.uri = uri
        self.version = version
        self.diagnostics = diagnostics
    }
}

public struct TextDocumentPositionParams: Sendable, Codable {
    public var textDocument: TextDocumentIdentifier
    public var position: Position
}

public struct CodeActionContext: Sendable, Codable {
    public var diagnostics: [Diagnostic]
}

public struct CodeActionParams: Sendable, Codable {
    public var textDocument: TextDocumentIdentifier
    public var range: Range
    public var context: CodeActionContext
}

public struct TextEdit: Sendable, Hashable, Codable {
    public var range: Range
    public var newText: String
    public init(range: Range, newText: String) {
        self.range = range
        self.newText = newText
    }
}

public struct WorkspaceEdit: Sendable, Codable {
    public var changes: [DocumentUri: [TextEdit]]
    public init(changes: [DocumentUri: [TextEdit]]) { self.changes = changes }
}

public enum CodeActionKind {
    public static let quickFix = "quickfix"
}

public struct CodeAction: Sendable, Codable {
    public var title: String
    public var kind: String
    public var diagnostics: [Diagnostic]?
    public var isPreferred: Bool?
    public var edit: WorkspaceEdit
    public init(title: String, kind: String, diagnostics: [Diagnostic]?, isPreferred: Bool?, edit: WorkspaceEdit) {
        self.title = title
        self.kind = kind
        self.diagnostics = diagnostics
        self.isPreferred = isPreferred
        self.edit = edit
    }
}

public struct MarkupContent: Sendable, Codable {
    public var kind: String
    public var value: String
    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }
}

public struct Hover: Sendable, Codable {
    public var contents: MarkupContent
    public var range: Range?
    public init(contents: MarkupContent, range: Range?) {
        self.contents = contents
        self.range = range
    }
}

/// `CompletionItemKind`, the few used.
public enum CompletionItemKind {
    public static let field = 5
    public static let value = 12
    public static let enumMember = 20
    public static let reference = 18
}

public struct CompletionItem: Sendable, Hashable, Codable {
    public var label: String
    public var kind: Int?
    public var detail: String?
    public var insertText: String?
    public init(label: String, kind: Int?, detail: String?, insertText: String? = nil) {
        self.label = label
        self.kind = kind
        self.detail = detail
        self.insertText = insertText
    }
}

public struct CompletionList: Sendable, Codable {
    public var isIncomplete: Bool
    public var items: [CompletionItem]
    public init(isIncomplete: Bool, items: [CompletionItem]) {
        self.isIncomplete = isIncomplete
        self.items = items
    }
}

public struct ReferenceContext: Sendable, Codable {
    public var includeDeclaration: Bool
}

public struct ReferenceParams: Sendable, Codable {
    public var textDocument: TextDocumentIdentifier
    public var position: Position
    public var context: ReferenceContext?
}

public struct DocumentSymbolParams: Sendable, Codable {
    public var textDocument: TextDocumentIdentifier
}

/// `SymbolKind`, the few used.
public enum SymbolKind {
    public static let module = 2
    public static let field = 8
    public static let key = 20
    public static let string = 15
    public static let array = 18
    public static let object = 19
}

public struct DocumentSymbol: Sendable, Codable {
    public var name: String
    public var detail: String?
    public var kind: Int
    public var range: Range
    public var selectionRange: Range
    public var children: [DocumentSymbol]?
    public init(name: String, detail: String?, kind: Int, range: Range, selectionRange: Range, children: [DocumentSymbol]?) {
        self.name = name
        self.detail = detail
        self.kind = kind
        self.range = range
        self.selectionRange = selectionRange
        self.children = children
    }
}
