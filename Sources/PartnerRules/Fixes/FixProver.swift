/// Proves fixes before they are shown (SPEC 18): each candidate fix is applied to an in-memory copy of its file,
/// the copy is linted again with the same catalog context, and the fix is kept only when its finding is gone and
/// the fix added no error to the file (errors the rules find in a file that the fix first lets be read were hidden,
/// not added: see ``proves(_:of:bytes:file:errorsBefore:readable:context:limits:)``).
///
/// Every caller (`lint`, `serve`'s lint and preview, the language server) gets its fixes proven here, through
/// ``CatalogLoader/lint(paths:limits:)``; ``lint(_:as:context:limits:)`` lints one file's bytes in memory.
package enum FixProver {
    /// The findings of one file's `bytes` read as `file`, with `context` (the other partner files of the catalog,
    /// decoded) for the rules across files; nothing is read from disk. Fixes are candidates, not yet proven.
    package static func lint(_ bytes: [UInt8], as file: String, context: [PartnerDocument], limits: YAMLLimits = .default) -> [Finding] {
        let found = findings(bytes, as: file, context: context, limits: limits)
        return (found.reading + found.rules).sorted()
    }

    /// One file's findings in two parts: what reading it finds (YAML, the schema, how values are written), and what
    /// the rules over the partner find (its own rules and those across files). The rules run only over a file that
    /// reads without an error.
    static func findings(
        _ bytes: [UInt8], as file: String, context: [PartnerDocument], limits: YAMLLimits
    ) -> (reading: [Finding], rules: [Finding]) {
        var loaded = CatalogLoader.LoadedFiles()
        loaded.add(file, bytes: bytes, limits: limits)
        let others = context.filter { $0.file != file }
        return (loaded.findings, Rules.check(others + loaded.documents, about: file))
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
                for index in proven.indices where proven[index].file == file && proven[index].fix != nil {
                    proven[index] = unproven(proven[index])
                }
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
        let readable = !Self.findings(bytes, as: file, context: context, limits: limits).reading.contains { $0.severity == .error }
        return findings.map { finding in
            guard finding.file == file, let fix = finding.fix else { return finding }
            return proves(fix, of: finding, bytes: bytes, file: file, errorsBefore: before, readable: readable, context: context, limits: limits)
                ? finding : unproven(finding)
        }
    }

    /// `finding` without its fix, and without the rewrite its message proposed (SPEC 18: a finding with no proven fix
    /// offers no guess). A message that carries a fix is written "what is wrong; the repair"; a repair that quotes the
    /// text to write instead (`…: 'media_sources: [acme_int]'`) was that fix, unproven, and is left out, while general
    /// advice (`write a list such as [a, b]`) stays.
    static func unproven(_ finding: Finding) -> Finding {
        var shown = finding
        shown.fix = nil
        if let cut = shown.message.firstRange(of: "; ") {
            let repair = shown.message[cut.upperBound...]
            if repair.contains(": '") || repair.contains(": \"") { shown.message = String(shown.message[..<cut.lowerBound]) }
        }
        return shown
    }

    /// Whether `fix`, applied to `bytes`, removes `finding` (its code at its line) and adds no error.
    ///
    /// A file that could not be read before the fix (`readable` false: a YAML slip, a value of the wrong type) was
    /// never checked past its first problem, so what the checks find once the fix lets it be read was hidden by the
    /// slip, not added by the fix: it is reported in its own right. Such a fix is judged by the YAML errors of the
    /// edited file and by the errors of reading on the lines it rewrites. A file that was read is judged by every
    /// error.
    static func proves(
        _ fix: Fix, of finding: Finding, bytes: [UInt8], file: String, errorsBefore: [Finding], readable: Bool,
        context: [PartnerDocument], limits: YAMLLimits
    ) -> Bool {
        guard !fix.edits.isEmpty, let edited = fix.applied(to: bytes), edited != bytes else { return false }
        let found = findings(edited, as: file, context: context, limits: limits)
        let after = found.reading + found.rules
        if after.contains(where: { $0.code == finding.code && $0.line == finding.line }) { return false }
        var earlier = errorsBefore.filter { $0 != finding }.map { Place(code: $0.code, line: $0.line) }
        // Lines the fix rewrites: an error there is the fix's own, even in a file that could not be read before.
        var touched: Set<Int> = [finding.line]
        for edit in fix.edits { touched.formUnion(edit.line...max(edit.line, edit.endLine)) }
        let counted = readable ? after : found.reading.filter { $0.code.isYAML || touched.contains($0.line) }
        for error in counted where error.severity == .error {
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
