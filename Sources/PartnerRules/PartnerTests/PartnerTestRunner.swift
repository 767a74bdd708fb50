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
                compare(testCase.expect, of: request, with: verdict, partner: compiled.partners[target.partner], into: &result)
            } else {
                compare(testCase.expect, of: request, with: verdict, partner: nil, into: &result)
            }
        }
        if !testCase.rows.isEmpty {
            compareRows(testCase.rows, into: &result)
        }
        result.passed = result.assertions.allSatisfy(\.holds)
        return result
    }

    // MARK: Requests

    private func compare(
        _ expect: VerdictExpectation, of request: IntegrationRequest, with verdict: Verdict, partner: CompiledPartner?,
        into result: inout PartnerTestResult
    ) {
        if let valid = expect.valid {
            // The errors are what made the verdict invalid: their words say why, unless the case asserts them itself.
            let why = valid && !verdict.valid && expect.errors == nil ? verdict.errors : []
            result.assert(
                "valid", expected: .bool(valid), got: .bool(verdict.valid), decided: [],
                differences: [
                    Difference(
                        key: "valid", expected: String(valid), got: String(verdict.valid),
                        words: why.map(\.message), because: why.flatMap(Because.issue))
                ])
        }
        if let plan = expect.plan {
            let because = Because.plan(of: verdict)
            result.assert(
                "plan", expected: .string(plan.rawValue), got: .string(verdict.plan.rawValue), decided: because,
                differences: [Difference(key: "plan", expected: plan.rawValue, got: verdict.plan.rawValue, because: because)])
        }
        for (key, codes, issues) in [("errors", expect.errors, verdict.errors), ("warnings", expect.warnings, verdict.warnings)] {
            guard let codes else { continue }
            let expected = Set(codes)
            let got = Set(issues.map(\.code))
            let accepted = key == "errors" ? Self.acceptedRoles(request, verdict: verdict, partner: partner) : []
            result.assert(
                key, expected: Self.codeList(expected), got: Self.codeList(got), holds: expected == got,
                decided: issues.flatMap(Because.issue) + accepted, differences: Self.differences(key, expected: expected, got: issues))
        }
        if let credentials = expect.credentials {
            let keys = credentials.keys.sorted()
            let got = keys.map { key in (key: key, value: verdict.credentials[key].map(JSONValue.string) ?? .null) }
            result.assert(
                "credentials", expected: .object(keys.map { ($0, .string(credentials[$0] ?? "")) }), got: .object(got),
                decided: keys.compactMap { partner?.fieldPlace(key: $0) },
                differences: keys.compactMap { key in
                    let value = verdict.credentials[key]
                    guard value != credentials[key] else { return nil }
                    return Difference(
                        key: "credentials", field: Self.fieldName(key, of: partner), expected: Self.quoted(credentials[key]),
                        got: Self.quoted(value), because: partner?.fieldPlace(key: key).map { [$0] } ?? [])
                })
        }
        if let candidates = expect.candidates {
            let keys = candidates.keys.sorted()
            func list(_ values: [String]?) -> JSONValue { values.map { .array($0.map(JSONValue.string)) } ?? .null }
            result.assert(
                "candidates", expected: .object(keys.map { ($0, list(candidates[$0])) }),
                got: .object(keys.map { ($0, list(verdict.candidates[$0])) }),
                decided: keys.compactMap { partner?.fieldPlace(key: $0) },
                differences: keys.compactMap { key in
                    guard verdict.candidates[key] != candidates[key] else { return nil }
                    return Difference(
                        key: "candidates", field: Self.fieldName(key, of: partner), expected: Self.quotedList(candidates[key]),
                        got: Self.quotedList(verdict.candidates[key]), because: partner?.fieldPlace(key: key).map { [$0] } ?? [])
                })
        }
    }

    private static func codeList(_ codes: Set<RuleCode>) -> JSONValue {
        .array(codes.sorted().map { .string($0.rawValue) })
    }

    /// One difference per issue whose code was not expected, in the verdict's words and with the places that
    /// decided it; when there is none, one per code expected but not given.
    private static func differences(_ key: String, expected: Set<RuleCode>, got issues: [Verdict.Issue]) -> [Difference] {
        func names(_ codes: Set<RuleCode>) -> String { codes.isEmpty ? "none" : codes.sorted().map(\.rawValue).joined(separator: ", ") }
        let got = Set(issues.map(\.code))
        let extra = issues.filter { !expected.contains($0.code) }
        guard extra.isEmpty else {
            let also = expected.isDisjoint(with: got) ? "" : " as well"
            return extra.map { issue in
                Difference(
                    key: key, expected: names(expected), got: issue.code.rawValue + also, words: [issue.message], because: Because.issue(issue))
            }
        }
        return expected.subtracting(got).sorted().map { Difference(key: key, expected: $0.rawValue, got: names(got)) }
    }

    /// The entries of the `any_of` roles a request holds, when no error says one of them is missing: a case that
    /// asserts the errors of such a request shows those roles let the user in, so it consults each of their entries.
    private static func acceptedRoles(_ request: IntegrationRequest, verdict: Verdict, partner: CompiledPartner?) -> [SourcePlace] {
        guard let partner, let roles = request.roles,
            !verdict.errors.contains(where: { $0.code == .missingRole && $0.because == partner.because.anyOfRoles })
        else { return [] }
        return zip(partner.anyOfRoleKeys, partner.places.anyOfRoleEntries).compactMap { key, place in
            roles.contains { NameKey.matches($0, key: key) } ? place : nil
        }
    }

    /// A credential key as staff know it: `'account_id' (Account ID)`.
    private static func fieldName(_ key: String, of partner: CompiledPartner?) -> String {
        let label: String?
        switch partner?.credentials.slots[key] {
        case .field(let index), .fallback(let index): label = partner?.credentials.fields[index].label
        case nil: label = nil
        }
        return "'\(key)'" + (label.map { " (\($0))" } ?? "")
    }

    private static func quoted(_ value: String?) -> String { value.map { "'\($0)'" } ?? "none" }
    private static func quotedList(_ values: [String]?) -> String { values.map { $0.map { "'\($0)'" }.joined(separator: ", ") } ?? "none" }

    // MARK: Rows

    private func compareRows(_ rows: [RowExpectation], into result: inout PartnerTestResult) {
        let compiled = catalog.compiled
        for row in rows {
            if let id = compiled.rows.partner(mediaSource: row.mediaSource), let index = compiled.partners.firstIndex(where: { $0.id == id }) {
                result.partners.insert(index)
            }
        }
        let expected = JSONValue.array(rows.map { .string($0.expect.rawValue) })
        let outcomes: [RowOutcome]
        do {
            outcomes = try classify(rows)
        } catch {
            result.assert(
                "rows", expected: expected, got: .string("classify failed: \(error.message)"), holds: false, decided: [],
                differences: [Difference(key: "rows", expected: expected.compactText, got: "no answer: \(error.message)")])
            return
        }
        // The places that decided each row, typed, from the same rules the classifier ran.
        let decided = zip(rows, outcomes).map { row, outcome in
            compiled.rows.decidingPlaces(mediaSource: row.mediaSource, adType: row.adType, duplicate: outcome == .duplicate)
        }
        let differences = zip(rows, zip(outcomes, decided)).enumerated().compactMap { index, pair -> Difference? in
            let (row, (got, because)) = pair
            guard row.expect != got else { return nil }
            return Difference(
                key: "rows[\(index)]", field: "(line \(row.location.line): \(row.mediaSource) '\(row.adType)')", expected: row.expect.rawValue,
                got: got.rawValue, because: because)
        }
        result.assert(
            "rows", expected: expected, got: .array(outcomes.map { .string($0.rawValue) }), holds: differences.isEmpty,
            decided: decided.flatMap { $0 }, differences: differences)
    }

    struct RowFailure: Error {
        let message: String
    }

    /// Classifies the rows together, as one CSV through the classifier with `--duplicates mark`.
    ///
    /// The classifier reads and writes files only; when it gains an entry over rows in memory, this becomes a
    /// call to it. The places that decided each row do not come from here: they are typed (``RowRules``).
    private func classify(_ rows: [RowExpectation]) throws(RowFailure) -> [RowOutcome] {
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
        let classifier = Classifier(rules: catalog.compiled.rows, duplicates: .mark, columns: columns)
        do {
            try classifier.run(input: .file(input), output: .file(output), summarize: false)
        } catch {
            throw RowFailure(message: error.description)
        }
        // The classified rows end in `granularity,duplicate`, read back with the scanner `classify` reads with.
        var outcomes: [RowOutcome] = []
        do {
            let scanner = CSVScanner(reader: try ByteReader(path: output))
            _ = try scanner.next()
            while try scanner.next() {
                let count = scanner.fieldCount
                guard count >= 2, outcomes.count < rows.count else { break }
                let granularity = Granularity(rawValue: scanner.string(count - 2)) ?? .ad
                outcomes.append(scanner.string(count - 1) == "true" ? .duplicate : (granularity == .creative ? .creative : .ad))
            }
        } catch {
            throw RowFailure(message: "cannot read what the classifier wrote: \(error)")
        }
        guard outcomes.count == rows.count else { throw RowFailure(message: "the classifier wrote \(outcomes.count) rows for \(rows.count)") }
        return outcomes
    }
}

/// The partner-file places an outcome names (SPEC 5a), read from what the engine answers.
enum Because {
    static func issue(_ issue: Verdict.Issue) -> [SourcePlace] { issue.because }
    static func plan(of verdict: Verdict) -> [SourcePlace] { verdict.planBecause }
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

/// One thing a failing case got otherwise than it expected, in the words staff read: what part of the outcome
/// (`errors`, `credentials`, `rows[1]`), expected and got, the verdict's own message when it has one (role
/// names, field labels), and the partner-file places that decided what came.
package struct Difference: Sendable, Hashable {
    /// The part of the outcome: `valid`, `plan`, `errors`, `warnings`, `credentials`, `candidates`, `rows[N]`.
    package let key: String
    /// What in that part, when the key alone does not say: `'account_id' (Account ID)`, `(line 17: x_int 'CTV')`.
    package let field: String?
    package let expected: String
    package let got: String
    /// The verdict's messages about what came.
    package let words: [String]
    /// The partner-file places that decided what came.
    package let because: [SourcePlace]

    init(key: String, field: String? = nil, expected: String, got: String, words: [String] = [], because: [SourcePlace] = []) {
        self.key = key
        self.field = field
        self.expected = expected
        self.got = got
        self.words = words
        self.because = because
    }

    /// `errors: expected none, got missing_role — "the user needs the role 'Owner'" (partners/acme.yaml:12)`.
    package var line: String {
        var line = key + (field.map { " \($0)" } ?? "") + ": expected \(expected), got \(got)"
        if !words.isEmpty { line += " — " + words.map { "\"\($0)\"" }.joined(separator: "; ") }
        var seen: Set<String> = []
        let places = because.map { "\($0.file):\($0.line)" }.filter { seen.insert($0).inserted }
        if !places.isEmpty { line += " (\(places.joined(separator: ", ")))" }
        return line
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
        /// What differs, when it does not hold.
        let differences: [Difference]
    }

    /// Records one asserted part; `differences` say what differs in words, and count only when it does not hold.
    mutating func assert(
        _ key: String, expected: JSONValue, got: JSONValue, holds: Bool? = nil, decided: [SourcePlace], differences: [Difference]
    ) {
        let holds = holds ?? (expected.compactText == got.compactText)
        assertions.append(
            Assertion(key: key, expected: expected, got: got, holds: holds, decided: decided, differences: holds ? [] : differences))
    }

    /// What differs, in the verdict's words, each with the places that decided it.
    package var differences: [Difference] { assertions.flatMap(\.differences) }

    /// What failed, one line each: `errors: expected none, got missing_role — "…" (partners/x.yaml:12)`.
    package var failures: [String] { differences.map(\.line) }

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
