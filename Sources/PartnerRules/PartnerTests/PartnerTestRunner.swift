internal import ByteIO
import Foundation

/// Runs partner test cases against a catalog: requests through ``IntegrationChecker``, rows through the
/// ``Classifier`` that `classify` runs (a case's rows together, so duplicates are judged as they would be
/// in one file). Nothing here decides an outcome itself; it compares what the engine answers with what
/// the case expects, and keeps the partner-file places the asserted outcomes name, for coverage.
package struct PartnerTestRunner: Sendable {
    let catalog: Catalog
    /// The day deprecation is judged against in cases without `today`.
    package var today: CalendarDate

    /// The app id and date of rows that give none: one default per case (SPEC 17).
    package static let defaultAppID = "com.example.app"
    package static let defaultDate = "2000-01-01"

    package init(catalog: Catalog, today: CalendarDate = .todayUTC()) {
        self.catalog = catalog
        self.today = today
    }

    /// Runs every case of `files`, in file order.
    package func run(_ files: [PartnerTestFile]) -> [PartnerTestResult] {
        files.flatMap { $0.cases.map(run) }
    }

    /// Runs one case.
    package func run(_ testCase: PartnerTestCase) -> PartnerTestResult {
        let compiled = catalog.compiled
        var result = PartnerTestResult(testCase: testCase)
        if let request = testCase.request {
            let checker = IntegrationChecker(catalog: catalog)
            let verdict = checker.check(request, existing: testCase.existing, today: testCase.today ?? today)
            if let target = compiled.target(named: request.partner) {
                result.partners.insert(target.partner)
                compare(testCase.expect, with: verdict, partner: compiled.partners[target.partner], into: &result)
            } else {
                compare(testCase.expect, with: verdict, partner: nil, into: &result)
            }
        }
        if !testCase.rows.isEmpty {
            compareRows(testCase.rows, into: &result)
        }
        result.passed = result.assertions.allSatisfy(\.holds)
        return result
    }

    // MARK: Requests

    private func compare(_ expect: VerdictExpectation, with verdict: Verdict, partner: CompiledPartner?, into result: inout PartnerTestResult) {
        if let valid = expect.valid {
            result.assert("valid", expected: .bool(valid), got: .bool(verdict.valid), decided: [])
        }
        if let plan = expect.plan {
            result.assert("plan", expected: .string(plan.rawValue), got: .string(verdict.plan.rawValue), decided: Because.plan(of: verdict))
        }
        for (key, codes, issues) in [("errors", expect.errors, verdict.errors), ("warnings", expect.warnings, verdict.warnings)] {
            guard let codes else { continue }
            let got = Set(issues.map(\.code))
            result.assert(
                key, expected: Self.codeList(Set(codes)), got: Self.codeList(got), holds: Set(codes) == got,
                decided: issues.flatMap(Because.issue))
        }
        if let credentials = expect.credentials {
            let keys = credentials.keys.sorted()
            let got = keys.map { key in (key: key, value: verdict.credentials[key].map(JSONValue.string) ?? .null) }
            result.assert(
                "credentials", expected: .object(keys.map { ($0, .string(credentials[$0] ?? "")) }), got: .object(got),
                decided: keys.compactMap { partner?.fieldPlace(key: $0) })
        }
        if let candidates = expect.candidates {
            let keys = candidates.keys.sorted()
            func list(_ values: [String]?) -> JSONValue { values.map { .array($0.map(JSONValue.string)) } ?? .null }
            result.assert(
                "candidates", expected: .object(keys.map { ($0, list(candidates[$0])) }),
                got: .object(keys.map { ($0, list(verdict.candidates[$0])) }),
                decided: keys.compactMap { partner?.fieldPlace(key: $0) })
        }
    }

    private static func codeList(_ codes: Set<RuleCode>) -> JSONValue {
        .array(codes.sorted().map { .string($0.rawValue) })
    }

    // MARK: Rows

    private func compareRows(_ rows: [RowExpectation], into result: inout PartnerTestResult) {
        let compiled = catalog.compiled
        for row in rows {
            if let id = compiled.rows.partner(mediaSource: row.mediaSource), let index = compiled.partners.firstIndex(where: { $0.id == id }) {
                result.partners.insert(index)
            }
        }
        let expected = JSONValue.array(rows.map { .string($0.expect.rawValue) })
        let outcomes: [(outcome: RowOutcome, because: [SourcePlace])]
        do {
            outcomes = try classify(rows)
        } catch {
            result.assert("rows", expected: expected, got: .string("classify failed: \(error.message)"), holds: false, decided: [])
            return
        }
        let mismatches = zip(rows, outcomes).enumerated().compactMap { index, pair -> String? in
            let (row, got) = pair
            guard row.expect != got.outcome else { return nil }
            return "rows[\(index)] (line \(row.location.line): \(row.mediaSource) '\(row.adType)'): expected \(row.expect.rawValue), got \(got.outcome.rawValue)"
        }
        result.assert(
            "rows", expected: expected, got: .array(outcomes.map { .string($0.outcome.rawValue) }), holds: mismatches.isEmpty,
            decided: outcomes.flatMap(\.because), details: mismatches)
    }

    struct RowFailure: Error {
        let message: String
    }

    /// Classifies the rows together, as one CSV through the classifier with `--duplicates mark`.
    private func classify(_ rows: [RowExpectation]) throws(RowFailure) -> [(outcome: RowOutcome, because: [SourcePlace])] {
        func field(_ text: String) -> String { "\"" + text.replacing("\"", with: "\"\"") + "\"" }
        let columns = PerformanceColumns()
        var csv = [columns.appID, columns.mediaSource, columns.date, columns.adType].joined(separator: ",") + "\n"
        for row in rows {
            csv += [row.appID ?? Self.defaultAppID, row.mediaSource, row.date ?? Self.defaultDate, row.adType].map(field).joined(separator: ",") + "\n"
        }
        let folder = FileManager.default.temporaryDirectory.path
        let stem = "\(folder)/partner-rules-test-\(UUID().uuidString)"
        let input = stem + "-rows.csv"
        let output = stem + "-classified.csv"
        defer {
            unlink(input)
            unlink(output)
        }
        do throws(IOFailure) {
            let file = try AtomicFile(path: input, durable: false)
            let bytes = Array(csv.utf8)
            let failure = bytes.withUnsafeBytes { raw -> IOFailure? in
                do throws(IOFailure) { try writeAll(file.fd, raw) } catch { return error }
                return nil
            }
            if let failure { throw failure }
            try file.commit()
        } catch {
            throw RowFailure(message: "cannot write \(input): \(error.reason)")
        }
        var classifier = Classifier(rules: catalog.compiled.rows, duplicates: .mark, columns: columns)
        classifier.explain = true
        do {
            try classifier.run(input: .file(input), output: .file(output), summarize: false)
        } catch {
            throw RowFailure(message: error.description)
        }
        // The classified rows end in `granularity,duplicate,because`, read back with the scanner `classify` reads with.
        var outcomes: [(outcome: RowOutcome, because: [SourcePlace])] = []
        do {
            let scanner = CSVScanner(reader: try ByteReader(path: output))
            _ = try scanner.next()
            while try scanner.next() {
                let count = scanner.fieldCount
                guard count >= 3, outcomes.count < rows.count else { break }
                let row = rows[outcomes.count]
                let granularity = Granularity(rawValue: scanner.string(count - 3)) ?? .ad
                let outcome: RowOutcome = scanner.string(count - 2) == "true" ? .duplicate : (granularity == .creative ? .creative : .ad)
                var places = Because.places(scanner.string(count - 1))
                if outcome == .creative, let entry = catalog.compiled.rows.listingEntry(mediaSource: row.mediaSource, adType: row.adType) {
                    places += Because.places(entry)
                }
                outcomes.append((outcome, places))
            }
        } catch {
            throw RowFailure(message: "cannot read what the classifier wrote: \(error)")
        }
        guard outcomes.count == rows.count else { throw RowFailure(message: "the classifier wrote \(outcomes.count) rows for \(rows.count)") }
        return outcomes
    }
}

extension RowRules {
    /// For a row of a partner with a `supported` list, the entry that lists its ad type, as `classify --explain`
    /// writes places. `classify` leaves a creative row's `because` empty (SPEC 17); coverage counts the entry that
    /// let it through.
    func listingEntry(mediaSource: String, adType: String) -> [UInt8]? {
        guard let source = sources.index(of: mediaSource) else { return nil }
        let partner = sourceInfo[source].partner
        guard partners[partner].listsSupported, let key = adTypes[partner].index(of: AdTypeKey.make(adType)) else { return nil }
        return adTypeBecause[partner][key]
    }
}

/// The partner-file places an outcome names (SPEC 5a), read from what the engine answers.
enum Because {
    static func issue(_ issue: Verdict.Issue) -> [SourcePlace] { issue.because }
    static func plan(of verdict: Verdict) -> [SourcePlace] { verdict.planBecause }

    /// The places of a `because` field of `classify --explain`: `partners/x.yaml:LINE`, or empty. A row's place
    /// names a line, not a column: its column is 0.
    static func places(_ field: String) -> [SourcePlace] {
        guard let colon = field.lastIndex(of: ":"), let line = Int(field[field.index(after: colon)...]) else { return [] }
        return [SourcePlace(file: String(field[..<colon]), location: SourceLocation(line: line, column: 0))]
    }

    /// The same, for a field as ``RowRules`` keeps it (CSV-quoted when the file name needs it).
    static func places(_ field: [UInt8]) -> [SourcePlace] {
        var text = String(decoding: field, as: UTF8.self)
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()).replacing("\"\"", with: "\"") }
        return places(text)
    }
}

extension CompiledPartner {
    /// The place of the credential field a request key fills (the field's own key or its fallback's).
    func fieldPlace(key: String) -> SourcePlace? {
        switch credentials.slots[key] {
        case .field(let index), .fallback(let index): return places.credentials[index]
        case nil: return nil
        }
    }
}

/// How one case fared: each thing it asserted, expected against got.
package struct PartnerTestResult: Sendable {
    package let testCase: PartnerTestCase
    package internal(set) var passed = true
    var assertions: [Assertion] = []
    /// The partners (indexes into the compiled catalog) the case is about.
    var partners: Set<Int> = []

    init(testCase: PartnerTestCase) {
        self.testCase = testCase
    }

    /// One asserted part of the outcome.
    struct Assertion: Sendable {
        let key: String
        let expected: JSONValue
        let got: JSONValue
        let holds: Bool
        /// The partner-file places the asserted outcome names.
        let decided: [SourcePlace]
        /// Lines that say what differs, when the key alone does not (a row).
        let details: [String]
    }

    mutating func assert(
        _ key: String, expected: JSONValue, got: JSONValue, holds: Bool? = nil, decided: [SourcePlace], details: [String] = []
    ) {
        assertions.append(
            Assertion(key: key, expected: expected, got: got, holds: holds ?? (expected.compactText == got.compactText), decided: decided, details: details))
    }

    /// What failed, one line each: `errors: expected [...], got [...]`.
    package var failures: [String] {
        assertions.filter { !$0.holds }.flatMap { assertion in
            assertion.details.isEmpty ? ["\(assertion.key): expected \(assertion.expected.compactText), got \(assertion.got.compactText)"] : assertion.details
        }
    }

    /// The places a passing case's asserted outcomes name; none for a failing case.
    var covered: [SourcePlace] { passed ? assertions.flatMap(\.decided) : [] }
}

extension JSONValue {
    /// The value as compact JSON, for messages and comparisons.
    var compactText: String {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.text
    }
}
