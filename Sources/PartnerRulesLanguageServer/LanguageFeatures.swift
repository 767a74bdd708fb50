import Foundation
import LanguageServerProtocol
import PartnerRules

/// Hover, completion, definition, references and the outline (SPEC 21).
extension PartnerLanguageServer {
    /// The schema of the file at `uri`: the test file schema under `partners/tests/`, else the partner file's.
    private func schema(of uri: DocumentUri) -> PartnerSchema {
        role(of: uri).isTest ? .partnerTest : .partner
    }

    private func context(_ uri: DocumentUri, _ position: Position) -> (DocumentText, SourceLocation, CursorContext)? {
        guard let lines = text(of: uri) else { return nil }
        let location = lines.location(position)
        return (lines, location, CursorContext(text: lines, at: location))
    }

    /// The decoded document of the partner file at `uri`, when it decodes.
    private func document(at uri: DocumentUri) -> PartnerDocument? {
        guard case .catalog(let name) = role(of: uri) else { return nil }
        return documents.first { $0.file == name }
    }

    // MARK: - Hover

    func hover(_ params: TextDocumentPositionParams) -> Hover? {
        guard let (lines, location, context) = context(params.textDocument.uri, params.position) else { return nil }
        let line = lines.line(location.line)
        let indent = line.prefix(while: { $0 == " " || $0 == "-" }).count
        var keyPath = context.path
        var onKey = false
        if let key = context.key {
            keyPath.append(key)
        } else if let colon = line.firstIndex(of: ":") {
            let key = String(line[line.index(line.startIndex, offsetBy: min(indent, line.count))..<colon]).trimmingSpaces
            keyPath.append(key)
            onKey = true
        }
        var parts: [String] = []
        if let key = keyPath.last(where: { $0 != "[]" }), let entry = schema(of: params.textDocument.uri).entry(at: keyPath) {
            parts.append(Self.describe(key: key, entry))
        }
        if !onKey, let document = document(at: params.textDocument.uri) {
            if let field = credentialField(in: document, path: context.path, line: location.line) { parts.append(Self.describe(field)) }
            if let level = adTypeLevel(in: document, path: context.path, key: context.key, values: [context.name, context.word]) { parts.append(level) }
        } else if let document = document(at: params.textDocument.uri),
            let field = credentialField(in: document, path: context.path, line: location.line)
        {
            parts.append(Self.describe(field))
        }
        guard !parts.isEmpty else { return nil }
        return Hover(contents: MarkupContent(kind: "markdown", value: parts.joined(separator: "\n\n---\n\n")), range: nil)
    }

    static func describe(key: String, _ entry: PartnerSchema.Entry) -> String {
        var text = "**\(key)**"
        if let description = entry.description { text += "\n\n" + description }
        if !entry.allowed.isEmpty { text += "\n\nAllowed values: " + entry.allowed.map { "`\($0)`" }.joined(separator: ", ") }
        if let value = entry.defaultValue { text += "\n\nDefault: `\(value)`" }
        return text
    }

    /// How the product's form shows a credential field.
    static func describe(_ field: CredentialField) -> String {
        var text = "**In the form:** the field labelled \"\(field.label)\""
        text += field.required ? ", required" : ", optional"
        text += field.isMasked ? "; what the user types is hidden and shown as `***` in every output" : "; what the user types is shown as typed"
        if let help = field.help { text += "\n\nHelp under the field: \(help)" }
        if let fallback = field.fallback {
            text += "\n\nWhen the value does not work, the user may fill in \"\(fallback.label)\" (`\(fallback.key)`) instead"
        }
        return text
    }

    /// The credential field whose item holds `line`, when the path is inside a credential form.
    private func credentialField(in document: PartnerDocument, path: [String], line: Int) -> CredentialField? {
        let (prefix, fields): (String, [CredentialField])
        if path.starts(with: ["credentials", "[]"]) {
            (prefix, fields) = ("credentials", document.definition.credentials)
        } else if path.starts(with: ["partner_metrics", "credentials", "[]"]) {
            (prefix, fields) = ("partner_metrics.credentials", document.definition.partnerMetrics.credentials)
        } else {
            return nil
        }
        var found: CredentialField?
        for (index, field) in fields.enumerated() {
            guard let start = document.locations["\(prefix)[\(index)]"], start.line <= line else { break }
            found = field
        }
        return found
    }

    /// An ad type's level, when the cursor is on one of the partner's ad types.
    private func adTypeLevel(in document: PartnerDocument, path: [String], key: String?, values: [String]) -> String? {
        guard path.first == "ad_types" || key == "supported" || key == "unsupported" else { return nil }
        let names = document.definition.adTypes.names
        guard let name = values.lazy.compactMap({ value in names.first(where: { $0.spellings.contains(value) }) }).first else { return nil }
        switch document.definition.adTypes {
        case .unsupported:
            return "**\(name.name)**: ad level only; this partner's data for it is available per ad, not per creative (it is listed under `unsupported`)"
        case .supported:
            return "**\(name.name)**: reaches creative level (it is listed under `supported`; every ad type not listed is ad level only)"
        }
    }

    // MARK: - Completion

    func completion(_ params: TextDocumentPositionParams) -> CompletionList? {
        guard let (_, _, context) = context(params.textDocument.uri, params.position) else { return nil }
        let schema = schema(of: params.textDocument.uri)
        var items: [CompletionItem] = []
        var seen: Set<String> = []
        func add(_ label: String, _ kind: Int, _ detail: String?) {
            guard seen.insert(label).inserted else { return }
            items.append(CompletionItem(label: label, kind: kind, detail: detail))
        }
        let valuePath: [String]?
        if let key = context.key {
            valuePath = context.path + [key]
        } else if context.path.last == "[]" {
            valuePath = context.path
        } else {
            valuePath = nil
        }
        if let valuePath {
            let listPath = valuePath.last == "[]" ? valuePath : valuePath + ["[]"]
            for value in schema.entry(at: valuePath)?.allowed ?? [] { add(value, CompletionItemKind.enumMember, "allowed value") }
            for value in schema.entry(at: listPath)?.allowed ?? [] { add(value, CompletionItemKind.enumMember, "allowed value") }
            for (value, detail) in catalogValues(for: listPath.filter { $0 != "[]" }, isTest: role(of: params.textDocument.uri).isTest) {
                add(value, CompletionItemKind.value, detail)
            }
        }
        if context.key == nil {
            let keys = schema.entry(at: context.path)?.keys ?? []
            for key in keys { add(key, CompletionItemKind.field, schema.entry(at: context.path + [key])?.description) }
        }
        return CompletionList(isIncomplete: false, items: items)
    }

    /// Values the catalog itself uses at a key path (list items written without `[]`): ad types, roles, media sources
    /// and partner ids.
    private func catalogValues(for path: [String], isTest: Bool) -> [(String, String)] {
        let documents = documents
        switch path.last {
        case "supported" where path.first == "ad_types", "unsupported" where path.first == "ad_types":
            return Set(documents.flatMap { $0.definition.adTypes.names.map(\.name) }).sorted().map { ($0, "an ad type used in the catalog") }
        case "all_of", "any_of":
            return Set(documents.flatMap { $0.definition.roles.allOf + $0.definition.roles.anyOf }).sorted().map { ($0, "a role used in the catalog") }
        case "media_source" where path.first == "supersedes":
            let legacy = Set(documents.flatMap { $0.definition.supersedes.map(\.mediaSource) })
            return legacy.sorted().map { ($0, "a legacy media source another partner supersedes") }
        case "media_source" where isTest:
            return documents.flatMap(\.definition.mediaSources).sorted().map { ($0, "a media source of the catalog") }
        case "partner" where isTest:
            return documents.map(\.definition.id).sorted().map { ($0, "a partner of the catalog") }
        default:
            return []
        }
    }

    // MARK: - Definition and references

    /// Where a name is declared: a partner's `id`, a media source, an alias (matched ignoring case).
    private func declarations(of name: String) -> [Location] {
        guard !name.isEmpty else { return [] }
        let wanted = name.lowercased()
        var result: [Location] = []
        for document in documents {
            let uri = uri(ofCatalogFile: document.file)
            guard let lines = text(of: uri) else { continue }
            let definition = document.definition
            var paths: [String] = []
            if definition.id.lowercased() == wanted || definition.name.lowercased() == wanted { paths.append("id") }
            for (index, source) in definition.mediaSources.enumerated() where source.lowercased() == wanted { paths.append("media_sources[\(index)]") }
            for (index, alias) in definition.aliases.enumerated() where alias.lowercased() == wanted { paths.append("aliases[\(index)]") }
            for path in paths {
                result.append(Location(uri: uri, range: lines.wordRange(at: document.location(path))))
            }
        }
        return result
    }

    func definition(_ params: TextDocumentPositionParams) -> [Location]? {
        guard let (_, _, context) = context(params.textDocument.uri, params.position) else { return nil }
        let name = context.name
        var found = declarations(of: name)
        if found.isEmpty, role(of: params.textDocument.uri).isTest, context.key == "partner" {
            // A test's `partner:` may name the partner by any of its names: its file is the answer.
            let wanted = name.lowercased()
            for document in documents
            where ([document.definition.id, document.definition.name] + document.definition.aliases + document.definition.mediaSources)
                .contains(where: { $0.lowercased() == wanted })
            {
                let uri = uri(ofCatalogFile: document.file)
                if let lines = text(of: uri) { found.append(Location(uri: uri, range: lines.wordRange(at: document.location("id")))) }
            }
        }
        return found
    }

    func references(_ params: ReferenceParams) -> [Location]? {
        guard let (_, _, context) = context(params.textDocument.uri, params.position) else { return nil }
        let name = context.name
        guard !name.isEmpty else { return [] }
        let wanted = name.lowercased()
        var result = params.context?.includeDeclaration == false ? [] : declarations(of: name)
        for document in documents {
            let uri = uri(ofCatalogFile: document.file)
            guard let lines = text(of: uri) else { continue }
            for (index, source) in document.definition.supersedes.enumerated() where source.mediaSource.lowercased() == wanted {
                result.append(Location(uri: uri, range: lines.wordRange(at: document.location("supersedes[\(index)].media_source"))))
            }
        }
        for (uri, lines) in testFiles {
            for index in 0..<lines.lineCount {
                let line = lines.line(index + 1)
                guard line.lowercased().contains(wanted), let colon = line.unicodeScalars.firstIndex(of: ":") else { continue }
                let key = String(String(line.unicodeScalars[..<colon]).trimmingSpaces.drop(while: { $0 == "-" || $0 == " " }))
                let rest = line.unicodeScalars[line.unicodeScalars.index(after: colon)...]
                guard key == "partner" || key == "media_source", CursorContext.unquoted(String(rest)).lowercased() == wanted else { continue }
                let valueStart = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: colon) + 1 + rest.prefix(while: { $0 == " " }).count
                result.append(Location(uri: uri, range: lines.wordRange(at: SourceLocation(line: index + 1, column: valueStart + 1))))
            }
        }
        return result
    }

    // MARK: - Outline

    func symbols(_ params: DocumentSymbolParams) -> [DocumentSymbol]? {
        guard let lines = text(of: params.textDocument.uri) else { return nil }
        guard let root = try? YAMLComposer.compose(lines.bytes) else { return [] }
        return Self.symbols(of: root, lines: lines)
    }

    private static func symbols(of node: YAMLNode, lines: DocumentText) -> [DocumentSymbol] {
        switch node.content {
        case .scalar:
            return []
        case .sequence(let items):
            return items.enumerated().map { index, item in
                let name: String
                if case .mapping(let pairs) = item.content, let first = pairs.first, let text = first.value.scalar {
                    name = "\(first.key): \(text)"
                } else {
                    name = item.scalar ?? "item \(index + 1)"
                }
                let children = symbols(of: item, lines: lines)
                return symbol(name, kind: item.scalar == nil ? SymbolKind.object : SymbolKind.string, at: item.location, last: lastLine(item), lines: lines, children)
            }
        case .mapping(let pairs):
            return pairs.map { pair in
                let children = symbols(of: pair.value, lines: lines)
                let kind: Int
                switch pair.value.content {
                case .scalar: kind = SymbolKind.key
                case .sequence: kind = SymbolKind.array
                case .mapping: kind = SymbolKind.object
                }
                return symbol(pair.key, detail: pair.value.scalar, kind: kind, at: pair.keyLocation, last: lastLine(pair.value), lines: lines, children)
            }
        }
    }

    private static func symbol(
        _ name: String, detail: String? = nil, kind: Int, at location: SourceLocation, last: Int, lines: DocumentText, _ children: [DocumentSymbol]
    ) -> DocumentSymbol {
        let selection = lines.wordRange(at: location)
        let endLine = max(last, location.line)
        let end = lines.position(SourceLocation(line: endLine, column: Int(UInt32.max)))
        return DocumentSymbol(
            name: name.isEmpty ? "(empty)" : name, detail: detail, kind: kind,
            range: Range(start: selection.start, end: max(end, selection.end)), selectionRange: selection,
            children: children.isEmpty ? nil : children)
    }

    private static func lastLine(_ node: YAMLNode) -> Int {
        switch node.content {
        case .scalar: return node.location.line
        case .sequence(let items): return items.map(lastLine).max() ?? node.location.line
        case .mapping(let pairs): return pairs.map { lastLine($0.value) }.max() ?? node.location.line
        }
    }
}
