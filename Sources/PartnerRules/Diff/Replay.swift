internal import ByteIO
import Foundation

/// Recorded integrations and performance rows run on both catalogs of a diff (SPEC 20): how many get another
/// verdict, plan or level, per partner, with the first ten of each.
public struct Replay: Sendable {
    /// The counts of one kind of input for one partner.
    public struct Counts: Sendable {
        /// How many were run on both catalogs.
        public var checked = 0
        /// How many got another answer.
        public var flipped = 0
        /// The first ten that flipped.
        public var examples: [Flip] = []

        mutating func count(_ flip: Flip?) {
            checked += 1
            guard let flip else { return }
            flipped += 1
            if examples.count < 10 { examples.append(flip) }
        }
    }

    /// One recorded input that got another answer.
    public struct Flip: Sendable {
        /// Its line in the input file (for rows: the CSV line the row starts on).
        public var line: Int
        /// The input: the request body with secret credentials masked, or the CSV row as given.
        public var input: String
        /// Its answer in the earlier catalog, in a line (`valid (create)`, `invalid: missing_role`, `ad`).
        public var before: String
        /// Its answer in the catalog as it is now, in the same words.
        public var after: String
    }

    /// A line that could not be read, with why.
    public struct Malformed: Sendable, Hashable {
        /// The file the line is in.
        public var file: String
        /// The line, from 1.
        public var line: Int
        /// What is wrong with it.
        public var message: String
    }

    /// The recorded integrations (`--integrations`), when given.
    public var integrations: Counts?
    /// The recorded performance rows (`--rows`), when given.
    public var rows: Counts?
}

extension CatalogDiff {
    /// Replays NDJSON of `{"request", "existing"?, "today"?}` (a bare request too, as `check` reads it) on both
    /// catalogs; a line that does not read is returned with its line number, not skipped.
    public mutating func replayIntegrations(
        _ bytes: [UInt8], file: String, baseline: Catalog, current: Catalog, today: CalendarDate
    ) -> [Replay.Malformed] {
        let checkers = (IntegrationChecker(catalog: baseline), IntegrationChecker(catalog: current))
        var malformed: [Replay.Malformed] = []
        var counts: [String: Replay.Counts] = [:]
        var line = 0
        for record in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            line += 1
            guard record.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { continue }
            let body: CheckBody
            do {
                body = try CheckBody.decode(json: Array(record))
            } catch {
                malformed.append(Replay.Malformed(file: file, line: line, message: error.message))
                continue
            }
            let day = body.today ?? today
            let before = checkers.0.check(body.request, existing: body.existing, today: day)
            let after = checkers.1.check(body.request, existing: body.existing, today: day)
            let partner = after.partner ?? before.partner ?? body.request.partner
            var flip: Replay.Flip?
            if DiffAnswer.verdict(before).key != DiffAnswer.verdict(after).key {
                flip = Replay.Flip(line: line, input: Self.masked(body, by: [before, after]), before: Self.summary(before), after: Self.summary(after))
            }
            counts[partner, default: Replay.Counts()].count(flip)
        }
        for (partner, count) in counts { self[replay: partner].integrations = count }
        return malformed
    }

    /// Replays a CSV of performance rows (as `classify` reads it) on both catalogs: each row's level, `dropped`
    /// for a duplicate. A file that is not valid CSV is returned as malformed at the line that stops it.
    public mutating func replayRows(path: String, baseline: Catalog, current: Catalog) -> [Replay.Malformed] {
        let folder = NSTemporaryDirectory()
        let outputs = ["before", "after"].map { "\(folder)/partner-rules-diff-\(getpid())-\($0).csv" }
        defer { for output in outputs { unlink(output) } }
        do {
            for (catalog, output) in zip([baseline, current], outputs) {
                var classifier = Classifier(rules: RowRules(catalog: catalog), duplicates: .mark)
                classifier.explain = false
                try classifier.run(input: .file(path), output: .file(output), summarize: false)
            }
        } catch {
            switch error {
            case .invalidCSV(_, let problem): return [Replay.Malformed(file: path, line: problem.line, message: problem.message)]
            default: return [Replay.Malformed(file: path, line: 0, message: error.description)]
            }
        }
        do {
            let scanners = try outputs.map { output throws(IOFailure) in CSVScanner(reader: try ByteReader(path: output)) }
            guard try scanners[0].next(), try scanners[1].next() else { return [] }
            let count = scanners[0].fieldCount
            let columns = (0..<count).map { scanners[0].string($0) }
            let source = columns.firstIndex(of: PerformanceColumns().mediaSource) ?? 0
            var counts: [String: Replay.Counts] = [:]
            let rules = RowRules(catalog: current)
            let earlier = RowRules(catalog: baseline)
            while try scanners[0].next(), try scanners[1].next() {
                func answer(_ scanner: CSVScanner) -> String {
                    scanner.string(count - 1) == "true" ? DiffAnswer.Row.Level.dropped.rawValue : scanner.string(count - 2)
                }
                let before = answer(scanners[0])
                let after = answer(scanners[1])
                let mediaSource = scanners[0].string(source)
                let partner = rules.partner(mediaSource: mediaSource) ?? earlier.partner(mediaSource: mediaSource) ?? mediaSource
                var flip: Replay.Flip?
                if before != after {
                    let row = (0..<(count - 2)).map { String(decoding: CSVField.encode(scanners[0].string($0)), as: UTF8.self) }
                    flip = Replay.Flip(line: scanners[0].recordLine, input: row.joined(separator: ","), before: before, after: after)
                }
                counts[partner, default: Replay.Counts()].count(flip)
            }
            for (partner, count) in counts { self[replay: partner].rows = count }
        } catch {
            return [Replay.Malformed(file: path, line: 0, message: "cannot read the classified rows back: \(error)")]
        }
        return []
    }

    /// The partner's replay, made (with an unchanged entry when the partner is in neither catalog) on first use.
    private subscript(replay partner: String) -> Replay {
        get { partners.first { $0.partner == partner }?.replay ?? Replay() }
        set {
            if let index = partners.firstIndex(where: { $0.partner == partner }) {
                partners[index].replay = newValue
            } else {
                partners.append(PartnerChange(partner: partner, change: .unchanged, cells: [], replay: newValue))
            }
        }
    }

    /// The body as JSON, each credential that either verdict masks shown as `***`.
    static func masked(_ body: CheckBody, by verdicts: [Verdict]) -> String {
        var shown = body
        // Only a value a verdict shows in the clear is shown: a secret field's, or an unknown key's, is masked.
        for (key, _) in body.request.credentials where !verdicts.contains(where: { $0.credentials[key].map { $0 != Verdict.mask } ?? false }) {
            shown.request.credentials[key] = Verdict.mask
        }
        for (key, _) in body.request.partnerMetrics ?? [:] {
            shown.request.partnerMetrics?[key] = Verdict.mask
        }
        var writer = JSONWriter()
        shown.write(to: &writer)
        return writer.text
    }

    /// A verdict in one line: valid or the codes, and the plan.
    static func summary(_ verdict: Verdict) -> String {
        let codes = (verdict.errors + verdict.warnings).map(\.code.rawValue)
        return (verdict.valid ? "valid" : "invalid") + " (\(verdict.plan.rawValue))" + (codes.isEmpty ? "" : ": " + codes.joined(separator: ", "))
    }
}
