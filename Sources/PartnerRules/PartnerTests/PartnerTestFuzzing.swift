/// The one door the partner-test fuzz target (`Fuzz/`, a package of its own) has into the partner-test code, which
/// is package API otherwise: a test file's bytes through the reader, the check against a catalog and, when that
/// finds no error, the runner and the JSON report, as `partner-rules test` runs them.
@_spi(Fuzzing) public enum PartnerTestPipeline {
    /// What one file gave.
    public struct Outcome: Sendable {
        /// The reader's and the check's findings.
        public var findings: [Finding]
        /// The cases read, and the results the runner gave (run only without errors).
        public var cases: Int
        public var results: Int
        /// `--format json`'s report, `nil` when the file was not run.
        public var jsonReport: String?
        /// Every other format's report, rendered to be sure it renders.
        public var otherReports: [String]
    }

    public static func run(_ bytes: [UInt8], file: String, catalog: Catalog, today: CalendarDate, limits: YAMLLimits) -> Outcome {
        let (decoded, found) = PartnerTestLoader.decode(bytes, file: file, limits: limits)
        var findings = found
        if let decoded { findings += PartnerTestLoader.check(decoded, against: catalog) }
        var outcome = Outcome(findings: findings, cases: decoded?.cases.count ?? 0, results: 0, jsonReport: nil, otherReports: [])
        guard let decoded, !findings.contains(where: { $0.severity == .error }) else { return outcome }
        let results = PartnerTestRunner(catalog: catalog, today: today).run([decoded])
        let report = PartnerTestReport(results: results, coverage: PartnerTestCoverage(catalog: catalog, results: results))
        outcome.results = results.count
        outcome.jsonReport = report.render(as: .json)
        outcome.otherReports = PartnerTestFormat.allCases.filter { $0 != .json }.map { report.render(as: $0, listCoverage: true) }
        return outcome
    }
}
