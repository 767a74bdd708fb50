/// The earlier catalog `lint --baseline` and `diff` compare with, read from a folder or from the bytes of its files
/// (the command line reads a git revision's files and hands them over: ``BaselineReader`` in the executables).
package enum Baseline {
    /// The prefix that names a git revision rather than a folder.
    package static let gitPrefix = "git:"

    /// Reads a baseline folder as `lint` reads one, without the guide's freshness (only the partners are compared).
    package static func report(folder: String, limits: YAMLLimits = .default) throws(CatalogError) -> LintReport {
        try CatalogLoader.lint(paths: [folder], limits: limits, checkingGuide: false)
    }

    /// Reads a baseline given as files (`acme.yaml` → bytes), named as they stand in `folder`, and runs every file
    /// and cross-file rule over them, so a baseline that does not lint says so.
    package static func report(files: [CatalogSourceFile], folder: String, limits: YAMLLimits = .default) -> LintReport {
        var loaded = CatalogLoader.LoadedFiles()
        for file in files {
            let name = folder.isEmpty ? file.name : "\(folder)/\(file.name)"
            if file.bytes.count > limits.maxBytes {
                let error = YAMLError.tooLarge(bytes: file.bytes.count, limit: limits.maxBytes)
                loaded.findings.append(Finding(file: name, location: .start, code: error.code, message: error.message))
            } else {
                loaded.add(name, bytes: file.bytes, limits: limits)
            }
        }
        let findings = loaded.findings + Rules.check(loaded.documents)
        return LintReport(
            findings: findings.sorted(), documents: loaded.documents, settings: loaded.settings, settingsFile: loaded.settingsFile,
            fileCount: files.count, sourceFiles: loaded.sourceFiles)
    }
}
