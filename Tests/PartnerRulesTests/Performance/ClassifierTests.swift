import Foundation
import PartnerRules
import Testing

@Suite("classify")
struct ClassifierTests {
    let catalog: Catalog

    init() throws {
        catalog = try PerformanceFixtures.catalog()
    }

    func classify(_ csv: String, _ mode: DuplicateMode = .drop) throws -> String {
        try PerformanceFixtures.classify(csv, catalog: catalog, duplicates: mode).output
    }

    @Test func appendsGranularityAndPassesColumnsThrough() throws {
        let input = "x,app_id,media_source,date,ad_type,y\n1,a,alpha_int,2024-01-01,CTV,p\n2,a,beta_int,2024-01-01,vp,q\n3,a,nobody,2024-01-01,vp,r\n"
        #expect(
            try classify(input)
                == "x,app_id,media_source,date,ad_type,y,granularity\n1,a,alpha_int,2024-01-01,CTV,p,ad\n2,a,beta_int,2024-01-01,vp,q,creative\n3,a,nobody,2024-01-01,vp,r,ad\n"
        )
    }

    @Test func requotesOnlyWhereNeeded() throws {
        let input = "\u{FEFF}app_id,media_source,date,ad_type,note\r\n\"a\",\"alpha_int\",2024-01-01,\"\",\"x, \"\"y\"\"\r\nz\"\r\n"
        #expect(
            try classify(input)
                == "app_id,media_source,date,ad_type,note,granularity\na,alpha_int,2024-01-01,,\"x, \"\"y\"\"\r\nz\",creative\n")
    }

    @Test func lastLineWithoutLineEndAndEmptyLines() throws {
        let input = "app_id,media_source,date,ad_type\n\na,alpha_int,d,ctv"
        #expect(try classify(input) == "app_id,media_source,date,ad_type,granularity\na,alpha_int,d,ctv,ad\n")
    }

    @Test func dropsAndMarksLegacyDuplicates() throws {
        let input = """
            app_id,media_source,date,ad_type
            a,gamma_old,d1,banner
            a,gamma_old,d2,banner
            b,gamma_old,d1,banner
            a,gamma_new2,d1,Shopping Ads
            a,delta_legacy,d1,banner
            a,delta_int,d1,banner

            """
        #expect(
            try classify(input) == """
                app_id,media_source,date,ad_type,granularity
                a,gamma_old,d2,banner,creative
                b,gamma_old,d1,banner,creative
                a,gamma_new2,d1,Shopping Ads,ad
                a,delta_legacy,d1,banner,creative
                a,delta_int,d1,banner,creative

                """)
        #expect(
            try classify(input, .mark) == """
                app_id,media_source,date,ad_type,granularity,duplicate
                a,gamma_old,d1,banner,creative,true
                a,gamma_old,d2,banner,creative,false
                b,gamma_old,d1,banner,creative,false
                a,gamma_new2,d1,Shopping Ads,ad,false
                a,delta_legacy,d1,banner,creative,false
                a,delta_int,d1,banner,creative,false

                """)
    }

    @Test func summaryCountsEveryInputRow() throws {
        let input = "app_id,media_source,date,ad_type\na,gamma_old,d1,banner\na,gamma_new,d1,shopping ads\na,gamma_new,d2,x\nb,zz,d1,x\n"
        let summary = try PerformanceFixtures.classify(input, catalog: catalog).summary
        #expect(summary.sources.map(\.mediaSource) == ["gamma_new", "gamma_old", "zz"])
        #expect(summary.sources[0].totals == .init(rows: 2, creativeRows: 1, adRows: 1, duplicates: 0))
        #expect(summary.sources[1].totals == .init(rows: 1, creativeRows: 1, adRows: 0, duplicates: 1))
        #expect(summary.sources[2].partner == nil)
        #expect(summary.json.contains("\"coverage\": 0.5"))
    }

    @Test(arguments: [
        ("app_id,media_source,date\na,b,c\n", 1, "missing required column 'ad_type'"),
        ("app_id,media_source,date,ad_type,app_id\n", 1, "column 'app_id' appears 2 times"),
        ("", 1, "no header"),
        ("app_id,media_source,date,ad_type\na,b,c,d\na,b,c\n", 3, "3 fields, the header has 4"),
        ("app_id,media_source,date,ad_type\na,b,c,d,e\n", 2, "more than 4 fields"),
        ("app_id,media_source,date,ad_type\na,b,c,\"d\n\nx\n", 2, "quoted field opened on this line is never closed"),
        ("app_id,media_source,date,ad_type\na,b\"x,c,d\n", 2, "inside an unquoted field"),
        ("app_id,media_source,date,ad_type\n\"a\"x,b,c,d\n", 2, "text after a closing"),
        ("app_id,media_source,date,ad_type\na,b,c,d\rx\n", 2, "carriage return without line feed"),
        ("app_id,media_source,date,ad_type\na,b,c,d\n\"x\ny\",b,\u{FF},d\n", 4, "not UTF-8"),
    ])
    func badCSVNamesTheLine(csv: String, line: Int, message: String) throws {
        let error = try #require(try failure(bytes: csv))
        #expect(error.line == line)
        #expect(error.message.contains(message), "\(error.message)")
    }

    /// The error classify stops with, after `\u{FF}` in `csv` is replaced by the single byte 0xFF (not UTF-8).
    func failure(bytes csv: String) throws -> CSVError? {
        let bytes = csv.unicodeScalars.flatMap { $0 == "\u{FF}" ? [0xFF] : Array(String($0).utf8) }
        let directory = try PerformanceFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.csv")
        try Data(bytes).write(to: input)
        do {
            try Classifier(rules: RowRules(catalog: catalog)).run(input: .file(input.path), output: .file(directory.appendingPathComponent("o").path))
            return nil
        } catch {
            guard case .invalidCSV(_, let csvError) = error else { throw error }
            return csvError
        }
    }

    @Test func invalidUTF8IsCaught() throws {
        for bad: [UInt8] in [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]] {
            let bytes = Array("app_id,media_source,date,ad_type\na,b,c,".utf8) + bad + [0x0A]
            let directory = try PerformanceFixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let input = directory.appendingPathComponent("in.csv")
            let output = directory.appendingPathComponent("out.csv")
            try Data(bytes).write(to: input)
            #expect(throws: ClassifyError.self) {
                try Classifier(rules: RowRules(catalog: catalog)).run(input: .file(input.path), output: .file(output.path))
            }
            // Nothing half-written: neither the output nor a temporary file is left.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["in.csv"])
        }
    }

    @Test func unreadableInputIsAUsageError() throws {
        do {
            try Classifier(rules: RowRules(catalog: catalog)).run(input: .file("/nonexistent/x.csv"), output: .standardOutput)
            Issue.record("expected an error")
        } catch {
            #expect(error.exitCode == 2)
        }
    }

    @Test func recordsLongerThanTheReadBlock() throws {
        let long = String(repeating: "é,\"\n", count: 400_000)
        let escaped = long.replacingOccurrences(of: "\"", with: "\"\"")
        let input = "app_id,media_source,date,ad_type,blob\na,alpha_int,d,ctv,\"\(escaped)\"\n" + String(repeating: "b,beta_int,d,vp,x\n", count: 100_000)
        let output = try classify(input)
        let rows = parseCSV(output)
        #expect(rows.count == 100_002)
        #expect(rows[1][4] == long)
        #expect(rows[1][5] == "ad")
        #expect(rows[2] == ["b", "beta_int", "d", "vp", "x", "creative"])
    }
}

@Suite("classify output files")
struct ClassifyOutputFileTests {
    @Test func aDeviceIsWrittenNotReplaced() throws {
        let directory = try PerformanceFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.csv")
        try Data("app_id,media_source,date,ad_type\na,b,c,d\n".utf8).write(to: input)
        try Classifier(rules: RowRules(catalog: try PerformanceFixtures.catalog())).run(input: .file(input.path), output: .file("/dev/null"))
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial)
    }
}
