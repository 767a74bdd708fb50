/// Proves fixes before they are shown (SPEC 18): each candidate fix is applied to an in-memory copy of its file,
/// the copy is linted again with the same catalog context, and the fix is kept only when its finding is gone and
/// the file has no error it did not have before.
///
/// Every caller (`lint`, `serve`'s lint and preview, the language server) gets its fixes proven here, through
/// ``CatalogLoader/lint(paths:limits:)``; ``lint(_:as:context:limits:)`` lints one file's bytes in memory.
package enum FixProver {
    /// The findings of one file's `bytes` read as `file`, with `context` (the other partner files of the catalog,
    /// decoded) for the rules across files; nothing is read from disk. Fixes are candidates, not yet proven.
    package static func lint(_ bytes: [UInt8], as file: String, context: [PartnerDocument], limits: YAMLLimits = .default) -> [Finding] {
        var loaded = CatalogLoader.LoadedFiles()
        loaded.add(file, bytes: bytes, limits: limits)
        let others = context.filter { $0.file != file }
        let across = Rules.check(others + loaded.documents, about: file)
        return (loaded.findings + across).sorted()
    }

    /// ``lint(_:as:context:limits:)`` with every candidate fix proven: the findings as they should be shown.
    package static func provenLint(_ bytes: [UInt8], as file: String, context: [PartnerDocument], limits: YAMLLimits = .default) -> [Finding] {
        prove(lint(bytes, as: file, context: context, limits: limits), bytes: bytes, file: file, context: context, limits: limits)
    }

    /// `findings` of the files read (`files`: each file's bytes by its name as given), each candidate fix kept only
    /// when proven; a fix of a file whose bytes are not given is dropped. Only files whose findings offer a fix are
    /// linted again, once per fix, so a clean catalog costs nothing here.
    package static func prove(
        _ findings: [Finding], files: [String: [UInt8]], context: [PartnerDocument], limits: YAMLLimits = .default
    ) -> [Finding] {
        var proven = findings
        for file in Set(findings.lazy.filter { $0.fix != nil }.map(\.file)) {
            if let bytes = files[file] {
                proven = prove(proven, bytes: bytes, file: file, context: context, limits: limits)
            } else {
                for index in proven.indices where proven[index].file == file { proven[index].fix = nil }
            }
        }
        return proven
    }

    /// `findings` of the file `file` (others pass through), each candidate fix kept only when proven.
    package static func prove(
        _ findings: [Finding], bytes: [UInt8], file: String, context: [PartnerDocument], limits: YAMLLimits = .default
    ) -> [Finding] {
        guard findings.contains(where: { $0.file == file && $0.fix != nil }) else { return findings }
        let before = findings.filter { $0.file == file && $0.severity == .error }
        return findings.map { finding in
            guard finding.file == file, let fix = finding.fix else { return finding }
            var shown = finding
            if !proves(fix, of: finding, bytes: bytes, file: file, errorsBefore: before, context: context, limits: limits) { shown.fix = nil }
            return shown
        }
    }

    /// Whether `fix`, applied to `bytes`, removes `finding` (its code at its line) and leaves no error that was not
    /// there before.
    static func proves(
        _ fix: Fix, of finding: Finding, bytes: [UInt8], file: String, errorsBefore: [Finding], context: [PartnerDocument], limits: YAMLLimits
    ) -> Bool {
        guard !fix.edits.isEmpty, let edited = fix.applied(to: bytes), edited != bytes else { return false }
        let after = lint(edited, as: file, context: context, limits: limits)
        if after.contains(where: { $0.code == finding.code && $0.line == finding.line }) { return false }
        var earlier = errorsBefore.filter { $0 != finding }.map { Place(code: $0.code, line: $0.line) }
        for error in after where error.severity == .error {
            guard let index = earlier.firstIndex(of: Place(code: error.code, line: error.line)) else { return false }
            earlier.remove(at: index)
        }
        return true
    }

    /// An error as compared before and after a fix: its code and line (a fix may move columns on its line).
    private struct Place: Equatable {
        var code: RuleCode
        var line: Int
    }
}
