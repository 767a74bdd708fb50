internal import ByteIO

/// `lint --fix` (SPEC 18): the proven fixes of a lint, written into their files in place and atomically.
///
/// A file is written only when the bytes on disk are still the bytes that were linted; its fixes are the proven
/// fixes of its findings (each finding has at most one), taken in file order, leaving out any that overlaps one
/// taken or that, made together with the others, would leave an error the file did not have.
package enum FixApplier {
    /// What `--fix` did to one file.
    package struct Outcome: Sendable, Hashable {
        /// The file, as linted.
        package var file: String
        /// The fixes written into it, in file order; empty when it was left untouched.
        package var applied: [Fix]
        /// Why the file was left untouched although it had fixes, in staff words; `nil` when it was written.
        package var refused: String?
    }

    /// Writes the proven fixes of `report` into their files; one outcome for each file that had any.
    package static func apply(_ report: LintReport, limits: YAMLLimits = .default) -> [Outcome] {
        var byFile: [String: [Finding]] = [:]
        for finding in report.findings where finding.fix != nil && !report.contextFiles.contains(finding.file) {
            byFile[finding.file, default: []].append(finding)
        }
        return byFile.keys.sorted().map { file in
            apply(byFile[file]!.sorted(), to: file, linted: report.lintedBytes[file], context: report.documents, limits: limits)
        }
    }

    private static func apply(_ findings: [Finding], to file: String, linted: [UInt8]?, context: [PartnerDocument], limits: YAMLLimits) -> Outcome {
        var outcome = Outcome(file: file, applied: [], refused: nil)
        guard let linted else {
            outcome.refused = "its text was not kept when it was checked; run 'lint --fix' again"
            return outcome
        }
        let current: [UInt8]
        do throws(CatalogLoader.ReadError) {
            current = try CatalogLoader.read(file, limit: limits.maxBytes)
        } catch {
            outcome.refused = "it cannot be read again: \(error.reason)"
            return outcome
        }
        guard current == linted else {
            outcome.refused = "it changed since it was checked; run 'lint --fix' again"
            return outcome
        }
        let (fixes, edited) = together(findings.compactMap(\.fix), bytes: current, file: file, context: context, limits: limits)
        guard let edited, !fixes.isEmpty else {
            outcome.refused = "its fixes cannot be made together; fix one and run 'lint --fix' again"
            return outcome
        }
        let failure = edited.withUnsafeBytes { bytes -> IOFailure? in
            do throws(IOFailure) {
                try AtomicFile.write(bytes, to: file)
                return nil
            } catch {
                return error
            }
        }
        if let failure {
            outcome.refused = "it cannot be written (\(failure.reason)); it is unchanged"
            return outcome
        }
        outcome.applied = fixes
        return outcome
    }

    /// The fixes that can be made together, in order, and the bytes with all of them made: a fix is left out when
    /// its edits overlap one taken, or when the file with it has an error that the file before had not (judged as
    /// ``FixProver`` judges one fix: a file that could not be read is judged by its YAML errors alone, each fix having
    /// been proven on its own).
    static func together(_ fixes: [Fix], bytes: [UInt8], file: String, context: [PartnerDocument], limits: YAMLLimits) -> ([Fix], [UInt8]?) {
        let before = FixProver.findings(bytes, as: file, context: context, limits: limits)
        let readable = !before.reading.contains { $0.severity == .error }
        let errorsBefore = errorPlaces(before.reading + before.rules)
        var taken: [Fix] = []
        var result: [UInt8]?
        for fix in fixes {
            let combined = Fix(description: "", edits: (taken + [fix]).flatMap(\.edits))
            guard let edited = combined.applied(to: bytes) else { continue }
            let after = FixProver.findings(edited, as: file, context: context, limits: limits)
            let errorsAfter = errorPlaces(readable ? after.reading + after.rules : after.reading.filter(\.code.isYAML))
            guard errorsAfter.allSatisfy({ errorsBefore.contains($0) }) else { continue }
            taken.append(fix)
            result = edited
        }
        return (taken, result)
    }

    private static func errorPlaces(_ findings: [Finding]) -> Set<String> {
        Set(findings.filter { $0.severity == .error }.map { "\($0.code)" })
    }
}
