import Foundation
import PartnerRulesTestSupport
import Testing

@testable import PartnerRules

/// The CSV reader's two paths (64-byte blocks for plain records, bytes for the rest) and the classifier's split
/// pass 1 must each give exactly what the plain, serial reading gives, on any input, good or bad.
@Suite("CSV scanner paths")
struct CSVScannerTests {
    /// What the scanner hands out for one record.
    struct Record: Equatable, CustomStringConvertible {
        var line: Int
        var fields: [[UInt8]]
        var flags: [UInt8]
        /// The raw bytes, which the classifier copies as they are when no field was quoted.
        var raw: [UInt8]?

        var description: String {
            "line \(line): " + fields.map { String(decoding: $0, as: UTF8.self).debugDescription }.joined(separator: ",")
        }
    }

    /// Every record of `bytes`, or the error the scanner stops with (after the records before it).
    static func scan(_ bytes: [UInt8], blockScan: Bool) throws -> (records: [Record], error: CSVError?) {
        let directory = try PerformanceFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("in.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let scanner = CSVScanner(fd: fd, blockScan: blockScan)
        var records: [Record] = []
        do {
            while try scanner.next() {
                let fields = (0..<scanner.fieldCount).map { Array(scanner.field($0)) }
                let flags = (0..<scanner.fieldCount).map { scanner.fieldFlags[$0] }
                records.append(
                    Record(
                        line: scanner.recordLine, fields: fields, flags: flags,
                        raw: scanner.recordQuoted ? nil : Array(scanner.rawRecord)))
                // As the classifier does: the header fixes how many fields a record may have.
                if records.count == 1 { scanner.maxFields = scanner.fieldCount }
            }
            return (records, nil)
        } catch {
            guard case .csv(let csv) = error else { throw error }
            return (records, csv)
        }
    }

    @Test(arguments: [1, 2, 3, 4])
    func bothPathsReadGoodInputAlike(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        // Over 2 MiB, so records also straddle the scanner's 1 MiB reads.
        let bytes = RandomCSV.make(rows: 24_000, fields: 7, random: &random)
        let block = try Self.scan(bytes, blockScan: true)
        let plain = try Self.scan(bytes, blockScan: false)
        #expect(block.error == nil)
        #expect(plain.error == nil)
        #expect(block.records.count == 24_001)
        #expect(block.records == plain.records)
    }

    @Test(arguments: 0..<24)
    func bothPathsRefuseBadInputAlike(seed: UInt64) throws {
        var random = SeededRandom(seed: 100 + seed)
        var bytes = RandomCSV.make(rows: 600, fields: 5, random: &random)
        // One damage at a random place after the header: a byte that is not UTF-8, a stray quote, a bare CR, or an
        // extra comma.
        let damage: [UInt8] = [0xFF, UInt8(ascii: "\""), 0x0D, UInt8(ascii: ",")]
        let position = 60 + Int(random.next() % UInt64(bytes.count - 60))
        bytes.insert(damage[Int(seed % 4)], at: position)
        let block = try Self.scan(bytes, blockScan: true)
        let plain = try Self.scan(bytes, blockScan: false)
        #expect(block.error == plain.error)
        #expect(block.records == plain.records)
    }

    @Test func bothPathsCountLinesAlike() throws {
        // Empty lines, CRLF and a quoted line break before plain records that fill whole blocks.
        let long = String(repeating: "x", count: 150)
        let text = "a,b\n\n\r\n\"1\n2\",3\r\n\(long),\(long)\n\n\(long),y\n"
        let block = try Self.scan(Array(text.utf8), blockScan: true)
        #expect(block.records.map(\.line) == [1, 4, 6, 8])
        #expect(block == (try Self.scan(Array(text.utf8), blockScan: false)))
    }
}

@Suite("classify pass 1 on two threads")
struct SplitPassOneTests {
    let catalog: Catalog

    init() throws {
        catalog = try PerformanceFixtures.catalog()
    }

    /// The output and summary of classifying `bytes`, or the error, with pass 1 split (or not).
    func run(_ bytes: [UInt8], split: Bool, mode: DuplicateMode = .mark) throws -> Result<(String, PerformanceSummary), ClassifyError> {
        let directory = try PerformanceFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.csv")
        try Data(bytes).write(to: input)
        return try run(input, split: split, mode: mode)
    }

    /// Classifies the file at `input` into a file beside it.
    func run(_ input: URL, split: Bool, mode: DuplicateMode) throws -> Result<(String, PerformanceSummary), ClassifyError> {
        let output = input.deletingLastPathComponent().appendingPathComponent(split ? "split.csv" : "serial.csv")
        defer { try? FileManager.default.removeItem(at: output) }
        var classifier = Classifier(rules: RowRules(catalog: catalog), duplicates: mode)
        classifier.splitPassOneBytes = split ? 0 : .max
        let summary: PerformanceSummary
        do {
            summary = try classifier.run(input: .file(input.path), output: .file(output.path))
        } catch {
            #expect(!FileManager.default.fileExists(atPath: output.path), "nothing half-written")
            return .failure(error)
        }
        return .success((try String(contentsOf: output, encoding: .utf8), summary))
    }

    /// Rows of every rule, legacy rows far from the rows that supersede them, `count` times over in a shuffled order.
    func rows(times count: Int) -> (header: [String], rows: [[String]]) {
        let (header, rows) = PerformanceFixtures.rows(for: catalog)
        var random = SeededRandom(seed: 42)
        var all = Array(repeating: rows, count: count).flatMap { $0 }
        for index in all.indices.reversed() where index > 0 {
            all.swapAt(index, Int(random.next() % UInt64(index + 1)))
        }
        return (header, all)
    }

    func expectSame(_ bytes: [UInt8], mode: DuplicateMode = .mark, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        // One input file, so that errors name the same path.
        let directory = try PerformanceFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.csv")
        try Data(bytes).write(to: input)
        let split = try run(input, split: true, mode: mode)
        let serial = try run(input, split: false, mode: mode)
        switch (split, serial) {
        case (.success(let a), .success(let b)):
            // Name the first line that differs rather than print megabytes of both.
            for (what, split, serial) in [("output", a.0, b.0), ("summary", a.1.json, b.1.json)] where split != serial {
                let lines = zip(split.split(separator: "\n"), serial.split(separator: "\n"))
                let first = lines.enumerated().first { $0.element.0 != $0.element.1 }
                Issue.record(
                    "\(what) differs at line \((first?.offset ?? 0) + 1): split \(first?.element.0 ?? "(shorter)"), serial \(first?.element.1 ?? "(shorter)")",
                    sourceLocation: sourceLocation)
            }
        case (.failure(let a), .failure(let b)):
            #expect(a == b, sourceLocation: sourceLocation)
        default:
            Issue.record("split: \(split), serial: \(serial)", sourceLocation: sourceLocation)
        }
    }

    @Test func givesTheSameRowsAndSummary() throws {
        let (header, rows) = rows(times: 6)
        for mode in DuplicateMode.allCases {
            try expectSame(Array(PerformanceFixtures.csv(header, rows).utf8), mode: mode)
            try expectSame(Array(PerformanceFixtures.csv(header, rows, quoteAll: true, lineEnd: "\n").utf8), mode: mode)
        }
    }

    @Test func keysFoundOnlyInTheSecondHalfCount() throws {
        // The legacy row is in the first half; the only row that makes it a duplicate is in the second half.
        let filler = (0..<2_000).map { "app\($0),alpha_int,2024-01-01,ctv\n" }.joined()
        let text = "app_id,media_source,date,ad_type\nX,gamma_old,2024-06-01,banner\n" + filler
            + "X,gamma_new,2024-06-01,banner\n" + filler
        let bytes = Array(text.utf8)
        try expectSame(bytes)
        guard case .success(let (output, summary)) = try run(bytes, split: true) else {
            Issue.record("expected rows")
            return
        }
        #expect(output.contains("X,gamma_old,2024-06-01,banner,creative,true\n"))
        #expect(summary.sources.first { $0.mediaSource == "gamma_old" }?.totals.duplicates == 1)
    }

    @Test func aQuotedFieldAcrossTheMiddleIsReadWhole() throws {
        // The first line feed after the middle is inside a quoted field, so the second thread's guess is wrong.
        let (header, rows) = rows(times: 2)
        let spanning = ["\(String(repeating: "line\n", count: 4_000))end", "id1", "gamma_old", "2024-06-01", "banner", "1"]
        let text = PerformanceFixtures.csv(header, rows + [spanning] + rows, lineEnd: "\n")
        let fieldStart = PerformanceFixtures.csv(header, rows, lineEnd: "\n").utf8.count
        let fieldEnd = fieldStart + spanning[0].utf8.count
        #expect(fieldStart < text.utf8.count / 2 && text.utf8.count / 2 < fieldEnd)
        try expectSame(Array(text.utf8))
    }

    @Test(arguments: [0.25, 0.75])
    func anErrorIsNamedAtItsLine(at fraction: Double) throws {
        let (header, rows) = rows(times: 4)
        // Physical lines, split at every LF byte (a `String` would keep CRLF together as one character).
        var lines = Array(PerformanceFixtures.csv(header, rows, lineEnd: "\n").utf8)
            .split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        // A line without a quote is a whole record (no field here holds two line breaks), so replacing it
        // changes nothing else, and the error is on exactly that physical line.
        var index = Int(Double(lines.count) * fraction)
        while lines[index].contains(UInt8(ascii: "\"")) { index += 1 }
        lines[index] = Array("too,few".utf8)
        let bytes = Array(lines.joined(separator: [0x0A]))
        try expectSame(bytes)
        guard case .failure(.invalidCSV(_, let error)) = try run(bytes, split: true) else {
            Issue.record("expected bad CSV")
            return
        }
        #expect(error.line == index + 1)
        #expect(error.message.contains("2 fields"))
    }

    @Test func theFirstOfTwoErrorsIsNamed() throws {
        let (header, rows) = rows(times: 4)
        var bytes = Array(PerformanceFixtures.csv(header, rows, lineEnd: "\n").utf8)
        bytes[bytes.count * 3 / 4] = 0xFF
        bytes[bytes.count / 4] = 0xFF
        try expectSame(bytes)
        guard case .failure(.invalidCSV(_, let error)) = try run(bytes, split: true) else {
            Issue.record("expected bad CSV")
            return
        }
        let linesBeforeFirst = bytes[..<(bytes.count / 4)].filter { $0 == 0x0A }.count
        #expect(error.line == linesBeforeFirst + 1)
    }
}

/// Valid RFC 4180 text of random records: plain and quoted fields, commas, doubled quotes and line breaks inside
/// quotes, non-ASCII text, LF and CRLF endings, and empty lines.
enum RandomCSV {
    static func make(rows: Int, fields: Int, random: inout SeededRandom) -> [UInt8] {
        let words = ["a", "media_source", "2024-05-01", "com.example.game", "Playable Ads", "12345", "x y z", ""]
        let odd = ["with, comma", "say \"hi\"", "two\nlines", "crlf\r\ninside", "\"", ",", ""]
        let wide = ["é", "日本", "🙂", "naïve"]
        var out: [UInt8] = []
        for row in 0...rows {
            for field in 0..<fields {
                if field > 0 { out.append(UInt8(ascii: ",")) }
                let pick = random.next() % 20
                var value: String
                if row == 0 {
                    value = "column\(field)"
                } else if pick < 14 {
                    // Plain fields, some long enough that a record spans several 64-byte blocks.
                    value = words[Int(random.next() % UInt64(words.count))]
                    if random.next() % 4 == 0 { value += String(repeating: "p", count: Int(random.next() % 90)) }
                } else if pick < 16 {
                    value = words[0] + wide[Int(random.next() % UInt64(wide.count))]
                } else {
                    value = odd[Int(random.next() % UInt64(odd.count))]
                }
                let special = value.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
                if special || (row > 0 && pick == 19) {
                    out += Array(("\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"").utf8)
                } else {
                    out += Array(value.utf8)
                }
            }
            out += random.next() % 3 == 0 ? [0x0D, 0x0A] : [0x0A]
            if random.next() % 50 == 0 { out += [0x0A] }
        }
        return out
    }
}
