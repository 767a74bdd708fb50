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
    /// How many files were read.
    public var fileCount: Int

    public var errorCount: Int { findings.count(where: { $0.severity == .error }) }
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
        let report = try lint(paths: [directory], limits: limits)
        let errors = report.findings.filter { $0.severity == .error }
        guard errors.isEmpty else { throw .invalid(errors) }
        return Catalog(checked: report.documents, settings: report.settings ?? CatalogSettings())
    }

    /// Reads every file at `paths` (a folder means each `*.yaml` in it) and runs every check.
    ///
    /// Throws ``CatalogError/unreadable(path:reason:)`` only for a path that cannot be read at all.
    public static func lint(paths: [String], limits: YAMLLimits = .default) throws(CatalogError) -> LintReport {
        var findings: [Finding] = []
        var documents: [PartnerDocument] = []
        var settings: CatalogSettings?
        let files = try expand(paths, findings: &findings)
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try read(file, limit: limits.maxBytes)
            } catch .tooLarge(_, let size, let limit) {
                let error = YAMLError.tooLarge(bytes: size, limit: limit)
                findings.append(Finding(file: file, location: .start, code: error.code, message: error.message))
                continue
            } catch {
                findings.append(
                    Finding(file: file, location: .start, code: .unreadable, message: error.reason))
                continue
            }
            let name = file.split(separator: "/").last.map(String.init) ?? file
            if name.hasPrefix("_") {
                guard name == settingsFileName else {
                    findings.append(
                        Finding(
                            file: file, location: .start, code: .unknownSettingsFile,
                            message: "'\(name)' is not a known settings file and is ignored; the catalog-wide settings live in '\(settingsFileName)'"))
                    continue
                }
                let (decoded, found) = decodeSettings(bytes, file: file, limits: limits)
                findings += found
                settings = decoded
            } else {
                let (document, found) = decodePartner(bytes, file: file, limits: limits)
                findings += found
                if let document { documents.append(document) }
            }
        }
        findings += Rules.check(documents)
        if !findings.contains(where: { $0.severity == .error }) {
            for folder in paths where isDirectory(folder) {
                findings += GuideFreshness.check(folder: folder, documents: documents, settings: settings ?? CatalogSettings())
            }
        }
        return LintReport(findings: findings.sorted(), documents: documents, settings: settings, fileCount: files.count)
    }

    /// Decodes one partner file's bytes; the findings include YAML problems, schema problems and a missing schema comment.
    public static func decodePartner(_ bytes: [UInt8], file: String, limits: YAMLLimits = .default) -> (PartnerDocument?, [Finding]) {
        let root: YAMLNode
        do {
            root = try YAMLComposer.compose(bytes, limits: limits)
        } catch {
            return (nil, [Finding(file: file, location: error.location, code: error.code, message: error.message)])
        }
        var (document, findings) = PartnerDecoder.decode(root, file: file)
        if !startsWithSchemaComment(bytes) {
            findings.append(
                Finding(
                    file: file, location: .start, code: .schemaComment,
                    message: "first line is not '\(schemaCommentPrefix)../schemas/partner.schema.json'; add it so editors check and complete the file"))
        }
        if findings.contains(where: { $0.severity == .error }) { document = nil }
        return (document, findings)
    }

    static func decodeSettings(_ bytes: [UInt8], file: String, limits: YAMLLimits) -> (CatalogSettings?, [Finding]) {
        do {
            let root = try YAMLComposer.compose(bytes, limits: limits)
            return SettingsDecoder.decode(root, file: file)
        } catch {
            return (nil, [Finding(file: file, location: error.location, code: error.code, message: error.message)])
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

    /// The files named by `paths`, folders expanded to their `*.yaml` files in name order.
    private static func expand(_ paths: [String], findings: inout [Finding]) throws(CatalogError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .unreadable(path: path, reason: "no such file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            } catch {
                throw .unreadable(path: path, reason: "cannot list the directory")
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            for name in names where !name.hasPrefix(".") {
                let full = "\(base)/\(name)"
                if name.hasSuffix(".yaml") {
                    files.append(full)
                } else if name.hasSuffix(".yml") {
                    findings.append(
                        Finding(
                            file: full, location: .start, code: .fileExtension,
                            message: "'\(name)' is not read: partner files end in .yaml; rename it to '\(name.dropLast(4)).yaml'"))
                }
            }
            if !names.contains(where: { $0.hasSuffix(".yaml") && !$0.hasPrefix("_") }) {
                findings.append(
                    Finding(
                        file: base, location: .start, code: .noPartners,
                        message: "no partner files (*.yaml) in this folder; check the path"))
            }
        }
        return files
    }

    /// Reads at most `limit + 1` bytes, so an oversized file is refused without reading it whole.
    private enum ReadError: Error {
        case unreadable(path: String, reason: String)
        case tooLarge(path: String, bytes: Int, limit: Int)

        var reason: String {
            switch self {
            case .unreadable(_, let reason): return reason
            case .tooLarge(_, let bytes, let limit): return "file is \(bytes) bytes, over the limit of \(limit)"
            }
        }
    }

    private static func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
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
