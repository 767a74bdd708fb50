import Foundation

/// Reads partner test files (`partners/tests/*.yaml`) and lints them against a catalog: bytes → nodes →
/// ``PartnerTestFile``s, with a finding for every key, partner, media source, credential key and code
/// that does not exist, each at its line and column and with the nearest right spelling.
package enum PartnerTestLoader {
    /// The schema comment a test file starts with, so editors check and complete it.
    package static var schemaComment: String { CatalogLoader.schemaCommentPrefix + schemaPath }
    static let schemaPath = "../../schemas/partner-test.schema.json"

    /// Where test files live inside a partners folder.
    package static func defaultFolder(partners: String) -> String {
        (partners.hasSuffix("/") ? String(partners.dropLast()) : partners) + "/tests"
    }

    /// Reads and decodes every test file at `paths` (a folder means each `*.yaml` directly in it), then
    /// checks the names the cases use against `catalog`.
    ///
    /// Throws ``CatalogError/unreadable(path:reason:)`` only for a path that cannot be read at all.
    package static func load(paths: [String], catalog: Catalog, limits: YAMLLimits = .default) throws(CatalogError) -> (
        files: [PartnerTestFile], findings: [Finding]
    ) {
        var findings: [Finding] = []
        var files: [PartnerTestFile] = []
        for path in try expand(paths, findings: &findings) {
            let bytes: [UInt8]
            do {
                bytes = try CatalogLoader.read(path, limit: limits.maxBytes)
            } catch {
                findings.append(Finding(file: path, location: .start, code: .unreadable, message: error.reason))
                continue
            }
            let (file, found) = decode(bytes, file: path, limits: limits)
            findings += found
            if let file {
                findings += check(file, against: catalog)
                files.append(file)
            }
        }
        return (files, findings.sorted())
    }

    /// Decodes one test file's bytes; the findings include YAML problems, schema problems and a missing schema comment.
    /// The cases that could be read come back even when others have errors, so one run names every problem.
    package static func decode(_ bytes: [UInt8], file: String, limits: YAMLLimits = .default) -> (PartnerTestFile?, [Finding]) {
        CatalogLoader.decode(bytes, file: file, limits: limits, schema: schemaPath, with: { PartnerTestDecoder.decode($0, file: $1) })
    }

    /// The names a test file uses that `catalog` does not know: partners, row media sources, and expected
    /// credential keys; an expected secret value other than `***` too, since a verdict never shows one.
    package static func check(_ file: PartnerTestFile, against catalog: Catalog) -> [Finding] {
        let compiled = catalog.compiled
        var findings: [Finding] = []
        func report(_ location: SourceLocation, _ message: String, suggestion: String? = nil) {
            findings.append(Finding(file: file.file, location: location, code: .unknownValue, message: message, suggestion: suggestion))
        }
        for testCase in file.cases {
            for reference in testCase.references {
                switch reference.kind {
                case .partner:
                    guard compiled.target(named: reference.text) == nil else { continue }
                    let suggestion = Suggestions.nearest(to: reference.text, in: compiled.suggestionNames)
                    report(
                        reference.location,
                        "unknown partner '\(reference.text)'; \(suggestion.map { "did you mean '\($0)'?" } ?? "use a partner's id, name, alias or media source")",
                        suggestion: suggestion)
                case .rowMediaSource:
                    guard compiled.rows.partner(mediaSource: reference.text) == nil else { continue }
                    let sources = compiled.rows.partners.flatMap(\.mediaSources)
                    let suggestion = Suggestions.nearest(to: reference.text, in: sources)
                    report(
                        reference.location,
                        "'\(reference.text)' is no media source of the catalog, so its rows are always at ad level; \(suggestion.map { "did you mean '\($0)'?" } ?? "write a media source as the partner files list it")",
                        suggestion: suggestion)
                case .expectedCredential(let partnerName, let value):
                    guard let target = compiled.target(named: partnerName) else { continue }
                    let partner = compiled.partners[target.partner]
                    guard let slot = partner.credentials.slots[reference.text] else {
                        let suggestion = Suggestions.nearest(to: reference.text, in: partner.credentials.keys)
                        let known = partner.credentials.keys.isEmpty ? "it has none" : "it has \(partner.credentials.keys.joined(separator: ", "))"
                        report(
                            reference.location,
                            "\(partner.name) has no credential '\(reference.text)'; \(suggestion.map { "did you mean '\($0)'?" } ?? known)",
                            suggestion: suggestion)
                        continue
                    }
                    let index: Int
                    switch slot {
                    case .field(let field), .fallback(let field): index = field
                    }
                    if partner.credentials.fields[index].isSecret, let value, value != Verdict.mask {
                        findings.append(
                            Finding(
                                file: file.file, location: reference.location, code: .invalidValue,
                                message: "'\(reference.text)' is secret, and a verdict shows it as '\(Verdict.mask)' only; expect '\(Verdict.mask)'",
                                suggestion: Verdict.mask))
                    }
                }
            }
        }
        return findings
    }

    /// The files named by `paths`: folders expanded to the `*.yaml` files directly in them, in name order; any other
    /// spelling of a YAML file's name there (`x.yml`, `x.YAML`) is an error that names the rename.
    private static func expand(_ paths: [String], findings: inout [Finding]) throws(CatalogError) -> [String] {
        var files: [String] = []
        for path in paths {
            guard CatalogLoader.isDirectory(path) else {
                guard FileManager.default.fileExists(atPath: path) else { throw .unreadable(path: path, reason: "no such file or directory") }
                files.append(path)
                continue
            }
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: path).sorted() } catch {
                throw .unreadable(path: path, reason: "cannot list the directory")
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let yaml = names.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }
            files += yaml.map { "\(base)/\($0)" }
            // `x.yml`, `x.YAML`: an error naming the rename, never a file silently skipped (SPEC 19).
            for name in names where !name.hasPrefix(".") {
                if let finding = CatalogLoader.extensionFinding("\(base)/\(name)", read: false, kind: "test files") { findings.append(finding) }
            }
            if yaml.isEmpty {
                findings.append(
                    Finding(
                        file: base, location: .start, code: .noPartners, message: "no test files (*.yaml) in this folder; check the path",
                        severity: .warning))
            }
        }
        return files
    }
}
