/// Partner files edited in memory, read with a catalog's other files as their context: what `serve`'s
/// `POST /v1/lint` and `POST /v1/preview` answer from (SPEC 14, 17).
///
/// The given files take the place of their namesakes among the catalog's files (``Catalog/sourceFiles``); every
/// file and cross-file rule runs over the whole set, as `lint` runs over a folder, and findings are kept for the
/// given files only (a cross-file finding is reported on each file involved, so an edit that clashes with
/// another partner is reported on the edited file too).
public struct CatalogDraft: Sendable {
    /// The findings in the given files, sorted by file, line and column.
    public let findings: [Finding]
    /// The form of the first partner file given (not `_catalog.yaml`), or `nil` when it does not decode.
    public let form: PartnerForm?
    /// The catalog with the given files in place, or `nil` when any file of it has an error.
    public let catalog: Catalog?

    /// Reads `files` (names as `acme.yaml`, no folder) in place of their namesakes among `context`'s files.
    public init(files: [CatalogSourceFile], context: Catalog, limits: YAMLLimits = .default) {
        let given = Set(files.map(\.name))
        var loaded = CatalogLoader.LoadedFiles()
        for file in files { loaded.add(file.name, bytes: file.bytes, limits: limits) }
        var everything = loaded
        for file in context.sourceFiles where !given.contains(file.name) {
            everything.add(file.name, bytes: file.bytes, limits: limits)
        }
        let all = everything.findings + Rules.check(everything.documents)
        findings = FixProver.prove(all.filter { given.contains($0.file) }, files: loaded.bytes, context: everything.documents, limits: limits).sorted()
        if let first = files.first(where: { !$0.name.hasPrefix("_") }) {
            form = loaded.documents.first(where: { $0.file == first.name }).map { PartnerForm($0.definition) }
        } else {
            form = nil
        }
        if all.contains(where: { $0.severity == .error }) {
            catalog = nil
        } else {
            catalog = Catalog(
                checked: everything.documents, settings: everything.settings ?? CatalogSettings(), sourceFiles: everything.sourceFiles)
        }
    }

    /// Whether `name` may name a file of a draft: a plain `NAME.yaml` (or `_catalog.yaml`), no folder, no `..`.
    public static func isFileName(_ name: String) -> Bool {
        name.hasSuffix(".yaml") && name.count > ".yaml".count && !name.contains("/") && !name.contains("\\")
            && !name.contains("..") && !name.hasPrefix(".")
            && (!name.hasPrefix("_") || name == CatalogLoader.settingsFileName)
    }
}

/// The body of `serve`'s `POST /v1/lint` and `POST /v1/preview`:
/// `{"files": {"NAME.yaml": "text", …}, "request": {…}?, "existing": […]?, "today": "YYYY-MM-DD"?}`.
///
/// Read by the library's one JSON reader, so every error names its line, column and JSON path
/// (`files["acme.yml"]`, `request.apps[0]`).
package struct DraftBody: Sendable, Hashable {
    /// The files, in the order given.
    package var files: [CatalogSourceFile]
    /// The request to check against the draft, with what already exists and the day; `nil` when none was given.
    package var check: CheckBody?

    private enum Key: String, CaseIterable {
        case files, request, existing, today
    }

    /// Reads a body; `allowsRequest` is false for `/v1/lint`, which takes `files` alone.
    package static func decode(json: [UInt8], allowsRequest: Bool) throws(JSONInputError) -> DraftBody {
        try json.withUnsafeBufferPointer { buffer throws(JSONInputError) in
            var scanner = JSONScanner(buffer)
            let body = try read(from: &scanner, allowsRequest: allowsRequest)
            try scanner.expectEnd()
            return body
        }
    }

    static func read(from scanner: inout JSONScanner, allowsRequest: Bool) throws(JSONInputError) -> DraftBody {
        var body = DraftBody(files: [], check: nil)
        var files: [CatalogSourceFile]?
        var request: IntegrationRequest?
        var existing: [ExistingIntegration] = []
        var today: CalendarDate?
        let known = allowsRequest ? Key.allCases : [.files]
        try scanner.beginObject()
        var first = true
        while let name = try scanner.nextKey(&first) {
            guard let key = Key(rawValue: name), known.contains(key) else {
                throw scanner.unknownKey(name, known: known.map(\.rawValue))
            }
            switch key {
            case .files:
                var read: [CatalogSourceFile] = []
                try scanner.beginObject()
                var firstFile = true
                while let file = try scanner.nextKey(&firstFile) {
                    guard CatalogDraft.isFileName(file) else {
                        throw scanner.fail(
                            "'\(file)' is not a partner file name; give a plain name ending in '.yaml' (such as 'acme.yaml' or '\(CatalogLoader.settingsFileName)'), without '/' or '..'",
                            at: scanner.keyPosition)
                    }
                    read.append(CatalogSourceFile(name: file, bytes: Array(try scanner.readString().utf8)))
                }
                files = read
            case .request:
                request = try IntegrationRequest.read(from: &scanner)
            case .existing:
                existing = try ExistingIntegration.readList(from: &scanner)
            case .today:
                let start = scanner.valueStart()
                if let text = try scanner.readOptionalString() {
                    guard let day = CalendarDate(text) else { throw scanner.fail("today must be a date written YYYY-MM-DD", at: start) }
                    today = day
                }
            }
        }
        guard let files else { throw scanner.fail("the body has no \"files\"; give {\"files\": {\"NAME.yaml\": \"the file's text\"}}") }
        guard !files.isEmpty else { throw scanner.fail("\"files\" is empty; give at least one file as \"NAME.yaml\": \"text\"") }
        body.files = files
        if let request {
            body.check = CheckBody(request: request, existing: existing, today: today)
        } else if !existing.isEmpty || today != nil {
            throw scanner.fail("\"existing\" and \"today\" go with a \"request\"; add the request to check")
        }
        return body
    }
}
