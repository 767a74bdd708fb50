internal import ByteIO
import Foundation

/// What `lint` found in a set of partner files, and what could be decoded.
public struct LintReport: Sendable {
    /// Every finding, sorted by file, line and column.
    public var findings: [Finding]
    /// The partner files that decoded, in file order.
    public var documents: [PartnerDocument]
    /// The catalog-wide settings, when a `_catalog.yaml` was among the files and decoded.
    public var settings: CatalogSettings?
    /// The `_catalog.yaml` the settings were read from.
    public var settingsFile: String? = nil
    /// How many files were read for reporting (context files not counted).
    public var fileCount: Int
    /// The partner files and `_catalog.yaml` that were read, context files included, each under its name without
    /// folder: what a catalog built from this report is made of, and its revision hashes.
    public var sourceFiles: [CatalogSourceFile] = []
    /// Files read only as context of a file given alone (the rest of its folder): their documents
    /// are in ``documents`` for the cross-file rules, and no finding is reported for them.
    public var contextFiles: Set<String> = []
    /// The bytes each reported file had when it was read, by the file's name as given: `lint --fix` writes a file
    /// only while it still has them.
    package var lintedBytes: [String: [UInt8]] = [:]

    /// The catalog these files make; throws their errors when they have any. The one step from linted files to a
    /// ``Catalog``: loading a folder, a baseline and a diff all take it.
    public func catalog() throws(CatalogError) -> Catalog {
        let errors = findings.filter { $0.severity == .error }
        guard errors.isEmpty else { throw .invalid(errors) }
        return Catalog(checked: documents, settings: settings ?? CatalogSettings(), sourceFiles: sourceFiles)
    }

    /// How many findings are errors (each one fails `lint`).
    public var errorCount: Int { findings.count(where: { $0.severity == .error }) }
    /// How many findings are warnings.
    public var warningCount: Int { findings.count(where: { $0.severity == .warning }) }
}

/// Reads partner files from disk: bytes → nodes → definitions → checked catalog.
public enum CatalogLoader {
    /// The comment every partner file starts with, so editors complete from the schema.
    public static let schemaCommentPrefix = "# yaml-language-server: $schema="
    /// The settings file inside a partners folder.
    public static let settingsFileName = "_catalog.yaml"

    /// Loads and checks a partners folder; throws when a file has an error.
    public static func load(directory: String, limits: YAMLLimits = .default) throws(CatalogError) -> Catalog {
        guard isDirectory(directory) else {
            let reason = FileManager.default.fileExists(atPath: directory)
                ? "this is a file, and a folder of partner files is needed here; give the folder that holds it"
                : "no such folder; give the folder of partner files"
            throw .unreadable(path: directory, reason: reason)
        }
        // Without the guide's freshness: it can only warn, a load keeps errors alone, and rendering the guide to
        // compare would compile the catalog a second time (a quarter of a load).
        let report = try lint(paths: [directory], limits: limits, checkingGuide: false)
        let catalog = try report.catalog()
        guard !report.documents.isEmpty else { throw .unreadable(path: directory, reason: Catalog.noPartners) }
        return catalog
    }

    /// Reads every file at `paths` (a folder means each `*.yaml` in it) and runs every check.
    ///
    /// A file given on its own is linted with the rest of its folder as context (SPEC 4a): the
    /// cross-file rules see the whole folder, and findings are reported for the files given only.
    ///
    /// Throws ``CatalogError/unreadable(path:reason:)`` only for a path that cannot be read at all.
    public static func lint(paths: [String], limits: YAMLLimits = .default) throws(CatalogError) -> LintReport {
        try lint(paths: paths, limits: limits, checkingGuide: true)
    }

    /// ``lint(paths:limits:)``, with or without the `guide-stale` check of each folder's `docs/partners.md`.
    static func lint(paths: [String], limits: YAMLLimits, checkingGuide: Bool) throws(CatalogError) -> LintReport {
        var findings: [Finding] = []
        let files = try expand(paths, findings: &findings)
        let context = try contextFiles(of: paths, besides: files)
        var loaded = LoadedFiles()
        for file in files { loaded.add(file, limits: limits) }
        findings += loaded.findings
        var everything = loaded
        for file in context { everything.add(file, limits: limits) }
        let contextSet = Set(context)
        findings += Rules.check(everything.documents).filter { !contextSet.contains($0.file) }
        findings = FixProver.prove(findings, files: loaded.bytes, context: everything.documents, limits: limits)
        let settings = loaded.settings ?? everything.settings
        let settingsFile = loaded.settings != nil ? loaded.settingsFile : everything.settingsFile
        if checkingGuide, !findings.contains(where: { $0.severity == .error }) {
            for folder in paths where isDirectory(folder) {
                findings += GuideFreshness.check(folder: folder, documents: loaded.documents, settings: settings ?? CatalogSettings())
            }
        }
        return LintReport(
            findings: findings.sorted(), documents: everything.documents, settings: settings, settingsFile: settingsFile,
            fileCount: files.count, sourceFiles: everything.sourceFiles, contextFiles: contextSet, lintedBytes: loaded.bytes)
    }

    /// Reads and decodes files one by one: the partners, the settings, and what was found in them.
    struct LoadedFiles {
        var documents: [PartnerDocument] = []
        var settings: CatalogSettings?
        var settingsFile: String?
        var findings: [Finding] = []
        /// The bytes of every partner file and settings file added, for the catalog's revision.
        var sourceFiles: [CatalogSourceFile] = []
        /// The bytes of each file added, by the file's name as given, for proving fixes.
        var bytes: [String: [UInt8]] = [:]

        /// Reads `file` from disk and decodes it.
        mutating func add(_ file: String, limits: YAMLLimits) {
            let bytes: [UInt8]
            do {
                bytes = try read(file, limit: limits.maxBytes)
            } catch .tooLarge(_, let size, let limit) {
                let error = YAMLError.tooLarge(bytes: size, limit: limit)
                findings.append(Finding(file: file, location: .start, code: error.code, message: error.message))
                return
            } catch {
                findings.append(Finding(file: file, location: .start, code: .unreadable, message: error.reason))
                return
            }
            add(file, bytes: bytes, limits: limits)
        }

        /// Decodes `bytes` as the file named `file`: a partner, or the settings when its name starts with `_`.
        mutating func add(_ file: String, bytes: [UInt8], limits: YAMLLimits) {
            let name = file.split(separator: "/").last.map(String.init) ?? file
            self.bytes[file] = bytes
            if name.hasPrefix("_") {
                guard name == settingsFileName else {
                    // Not read, and still part of the catalog's revision (SPEC 22): a change to any `_*.yaml` of
                    // the folder is a change of revision, as a tool hashing the folder's `*.yaml` files sees it.
                    sourceFiles.append(CatalogSourceFile(name: name, bytes: bytes))
                    findings.append(
                        Finding(
                            file: file, location: .start, code: .unknownSettingsFile,
                            message: "'\(name)' is not a known settings file and is ignored; the catalog-wide settings live in '\(settingsFileName)'"))
                    return
                }
                let (decoded, found) = decodeSettings(bytes, file: file, limits: limits)
                findings += found
                settings = decoded
                settingsFile = file
                sourceFiles.append(CatalogSourceFile(name: name, bytes: bytes))
            } else {
                sourceFiles.append(CatalogSourceFile(name: name, bytes: bytes))
                let (document, found) = decodePartner(bytes, file: file, limits: limits)
                findings += found
                if let document { documents.append(document) }
            }
        }
    }

    /// Decodes one partner file's bytes; the findings include YAML problems, schema problems and a missing schema comment.
    public static func decodePartner(_ bytes: [UInt8], file: String, limits: YAMLLimits = .default) -> (PartnerDocument?, [Finding]) {
        let (document, findings) = decode(
            bytes, file: file, limits: limits, schema: "../schemas/partner.schema.json", with: { PartnerDecoder.decode($0, file: $1) })
        return (findings.contains(where: { $0.severity == .error }) ? nil : document, findings)
    }

    /// Composes a file's bytes and decodes the nodes with `decoder`; the findings include YAML problems, the
    /// decoder's, and a first line that is not the schema comment for `schema`.
    static func decode<Value>(
        _ bytes: [UInt8], file: String, limits: YAMLLimits, schema: String,
        with decoder: (YAMLNode, String) -> (Value?, [Finding])
    ) -> (Value?, [Finding]) {
        let root: YAMLNode
        do {
            root = try withoutActuallyEscaping(decoder) { decoder throws(YAMLError) in
                try YAMLComposer.compose(bytes, limits: limits) { !decoder($0, file).1.contains { $0.severity == .error } }
            }
        } catch {
            return (nil, [Finding(file: file, location: error.location, code: error.code, message: error.message, fix: error.candidateFix(in: bytes))])
        }
        let value: Value?
        var findings: [Finding]
        (value, findings) = decoder(root, file)
        // What composing went past (a missing '- ', a comment that cuts a value) can carry a candidate fix.
        for problem in root.problems {
            guard let fix = problem.candidateFix(in: bytes),
                let index = findings.firstIndex(where: { $0.location == problem.location && $0.code == problem.code && $0.message == problem.message })
            else { continue }
            findings[index].fix = fix
        }
        if !startsWithSchemaComment(bytes) {
            findings.append(
                Finding(
                    file: file, location: .start, code: .schemaComment,
                    message: "first line is not '\(schemaCommentPrefix)\(schema)'; add it so editors check and complete the file"))
        }
        return (value, findings)
    }

    static func decodeSettings(_ bytes: [UInt8], file: String, limits: YAMLLimits) -> (CatalogSettings?, [Finding]) {
        do {
            let root = try YAMLComposer.compose(bytes, limits: limits) { !SettingsDecoder.decode($0, file: file).1.contains { $0.severity == .error } }
            return SettingsDecoder.decode(root, file: file)
        } catch {
            return (nil, [Finding(file: file, location: error.location, code: error.code, message: error.message, fix: error.candidateFix(in: bytes))])
        }
    }

    static func startsWithSchemaComment(_ bytes: [UInt8]) -> Bool {
        var slice = bytes[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        return slice.starts(with: Array(schemaCommentPrefix.utf8))
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The files named by `paths`, folders expanded to their `*.yaml` files in name order (not
    /// their subfolders: `partners/tests/` belongs to `test`), each file once.
    private static func expand(_ paths: [String], findings: inout [Finding]) throws(CatalogError) -> [String] {
        var files: [String] = []
        var seen: Set<String> = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .unreadable(path: path, reason: "no such file or directory")
            }
            guard isDirectory.boolValue else {
                if let finding = extensionFinding(path, read: true) { findings.append(finding) }
                if seen.insert(path).inserted { files.append(path) }
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let entries = try folderFiles(base)
            for full in entries {
                if let finding = extensionFinding(full, read: false) {
                    findings.append(finding)
                } else if full.hasSuffix(".yaml"), seen.insert(full).inserted {
                    files.append(full)
                }
            }
            if !entries.contains(where: { isPartnerFileName($0) }) {
                findings.append(
                    Finding(
                        file: base, location: .start, code: .noPartners,
                        message: "no partner files (*.yaml) in this folder, so there is no catalog to check or load; check the path, or put the partner files back"))
            }
        }
        return files
    }

    /// The other partner and settings files of the folders of the files given on their own, for
    /// the cross-file rules; empty when every file's folder is given too.
    private static func contextFiles(of paths: [String], besides files: [String]) throws(CatalogError) -> [String] {
        let given = Set(files)
        var folders: [String] = []
        for path in paths where !isDirectory(path) {
            let folder = folder(of: path)
            if !folders.contains(folder) { folders.append(folder) }
        }
        var context: [String] = []
        let givenFolders = Set(paths.filter(isDirectory).map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 })
        for folder in folders where !givenFolders.contains(folder) {
            let entries = (try? folderFiles(folder, prefix: folder == "." ? "" : folder)) ?? []
            context += entries.filter { $0.hasSuffix(".yaml") && !given.contains($0) }
        }
        return context
    }

    /// The partners folder a path stands for: the path itself when it is a folder, else the folder
    /// the file is in (`.` for a bare file name).
    public static func folder(of path: String) -> String {
        if isDirectory(path) { return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path }
        let parent = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return parent.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : parent
    }

    /// The regular files of `folder` (no subfolders, no hidden files), as `prefix/name`, in name order.
    private static func folderFiles(_ folder: String, prefix: String? = nil) throws(CatalogError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw .unreadable(path: folder, reason: "cannot list the directory")
        }
        let base = prefix ?? folder
        return names.filter { !$0.hasPrefix(".") }.map { base.isEmpty ? $0 : "\(base)/\($0)" }.filter { !isDirectory($0) }
    }

    /// Whether `path` names a partner file: `*.yaml`, not a settings file.
    private static func isPartnerFileName(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".yaml") && !name.hasPrefix("_")
    }

    /// `file-extension` for a file whose extension is `.yml` or a spelling of `.yaml` other than
    /// `.yaml` itself (`.YAML`, `.Yml`), or that has something after it (`acme.yaml.bak`); `read`
    /// says whether the file is linted anyway (given by name).
    /// `kind` names the files of the folder.
    static func extensionFinding(_ path: String, read: Bool, kind: String = "partner files") -> Finding? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard !name.hasSuffix(".yaml") else { return nil }
        // `.yml`, `.YAML`, `.Yml`, and a YAML name with something after it (`acme.yaml.bak`, `acme.yaml `).
        let lower = name.lowercased()
        guard let cut = [".yaml", ".yml"].compactMap({ lower.range(of: $0)?.lowerBound }).min(),
            cut != lower.startIndex
        else { return nil }
        let stem = String(name.unicodeScalars.prefix(lower.unicodeScalars.distance(from: lower.unicodeScalars.startIndex, to: cut)))
        let written = String(name.unicodeScalars.dropFirst(stem.unicodeScalars.count))
        let fix = "\(stem).yaml"
        let consequence = read ? "other tools and the catalog do not read it" : "it is not read"
        return Finding(
            file: path, location: .start, code: .fileExtension,
            message: "'\(name)' ends in '\(written)', so \(consequence): \(kind) end in '.yaml' in lower case; rename it to '\(fix)'",
            suggestion: fix)
    }

    /// Reads at most `limit + 1` bytes, so an oversized file is refused without reading it whole.
    enum ReadError: Error {
        case unreadable(path: String, reason: String)
        case tooLarge(path: String, bytes: Int, limit: Int)

        var reason: String {
            switch self {
            case .unreadable(_, let reason): return reason
            case .tooLarge(_, let bytes, let limit): return "file is \(bytes) bytes, over the limit of \(limit)"
            }
        }
    }

    static func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        let reader: ByteReader
        do { reader = try ByteReader(path: path) } catch {
            throw .unreadable(path: path, reason: "cannot open the file for reading: \(error.reason)")
        }
        do {
            return try reader.readAll(limit: limit)
        } catch {
            if case .tooLarge(let bytes, let limit) = error.kind { throw .tooLarge(path: path, bytes: bytes, limit: limit) }
            throw .unreadable(path: path, reason: "cannot read the file: \(error.reason)")
        }
    }
}
