/// A partners folder held in memory and edited file by file, for the language server (SPEC 21): the files on disk
/// with an editor's unsaved buffers in their place, linted as `lint` lints the folder.
///
/// It is ``CatalogDraft`` kept between edits: each file's decode (YAML, schema, file and value rules) is kept with
/// the bytes it came from, so a change decodes the changed file alone before the cross-file rules run over every
/// document. The findings are the ones `lint` gives for the same bytes, with their fixes proven by ``FixProver`` as
/// `lint` proves them.
package struct CatalogWorkspace: Sendable {
    /// One file's decode, with the bytes it came from.
    private struct Entry: Sendable {
        var bytes: [UInt8]
        var loaded: CatalogLoader.LoadedFiles
    }

    private var entries: [String: Entry] = [:]
    private let limits: YAMLLimits

    package init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// The names of the files held, in name order.
    package var names: [String] { entries.keys.sorted() }

    /// The bytes held for `name`.
    package func bytes(of name: String) -> [UInt8]? { entries[name]?.bytes }

    /// Puts `bytes` in place of the file `name` (`acme.yaml`, `_catalog.yaml`); decodes it again only when the
    /// bytes changed.
    package mutating func set(_ name: String, bytes: [UInt8]) {
        if let entry = entries[name], entry.bytes == bytes { return }
        var loaded = CatalogLoader.LoadedFiles()
        loaded.add(name, bytes: bytes, limits: limits)
        entries[name] = Entry(bytes: bytes, loaded: loaded)
    }

    /// Takes the file `name` out.
    package mutating func remove(_ name: String) {
        entries[name] = nil
    }

    /// What a lint of every file held finds.
    package struct Lint: Sendable {
        /// Every finding of every file, sorted; `file` is the name the file was set under.
        package var findings: [Finding]
        /// The partner files that decode.
        package var documents: [PartnerDocument]
        var settings: CatalogSettings
        var sourceFiles: [CatalogSourceFile]

        /// Whether any file has an error.
        package var hasErrors: Bool { findings.contains(where: { $0.severity == .error }) }

        /// The catalog the files make, or `nil` when a file has an error; built on demand (it compiles the
        /// catalog, which a change to a partner file alone does not need).
        package func catalog() -> Catalog? {
            hasErrors ? nil : Catalog(checked: documents, settings: settings, sourceFiles: sourceFiles)
        }
    }

    /// Runs the cross-file rules over every decoded file, beside each file's own findings.
    package func lint() -> Lint {
        var findings: [Finding] = []
        var documents: [PartnerDocument] = []
        var settings: CatalogSettings?
        var sourceFiles: [CatalogSourceFile] = []
        for name in names {
            guard let loaded = entries[name]?.loaded else { continue }
            findings += loaded.findings
            documents += loaded.documents
            sourceFiles += loaded.sourceFiles
            if let decoded = loaded.settings { settings = decoded }
        }
        findings += Rules.check(documents)
        // Every candidate fix proven as `lint` proves it (SPEC 18): the editor offers only fixes the engine checked.
        let bytes = entries.mapValues(\.bytes)
        findings = FixProver.prove(findings, files: bytes, context: documents, limits: limits)
        return Lint(findings: findings.sorted(), documents: documents, settings: settings ?? CatalogSettings(), sourceFiles: sourceFiles)
    }
}
