import FuzzSupport
import PartnerRules

/// The CSV scanner and the classifier (`classify`) over the repository's catalog, each input run under
/// `--duplicates drop` and `--duplicates mark`. Checks: the summaries agree and each group's creative and ad rows
/// add up to its rows; rows in equal rows out plus rows dropped (drop); every row comes out, the duplicates marked
/// `true` (mark); a refused input leaves no output file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    Fuzz.clearScratch()
    let input = Fuzz.scratch + "/rows.csv"
    Fuzz.write(bytes, to: input)
    let rules = RowRules(catalog: Fuzz.catalog)
    var summaries: [PerformanceSummary?] = []
    for mode in DuplicateMode.allCases {
        let output = Fuzz.scratch + "/out-\(mode.rawValue).csv"
        let summary: PerformanceSummary
        do {
            summary = try Classifier(rules: rules, duplicates: mode).run(input: .file(input), output: .file(output))
        } catch {
            require(!Fuzz.exists(output), "a refused input left \(output) behind: \(error)")
            if case .invalidCSV(_, let csv) = error {
                let lines = bytes.count(where: { $0 == UInt8(ascii: "\n") }) + 1
                require(csv.line >= 1 && csv.line <= lines, "the error names line \(csv.line) of \(lines)")
            }
            summaries.append(nil)
            continue
        }
        summaries.append(summary)
        var rows = 0, duplicates = 0
        for source in summary.sources {
            let totals = source.totals
            require(totals.creativeRows + totals.adRows == totals.rows, "\(source.mediaSource): creative + ad != rows")
            rows += totals.rows
            duplicates += totals.duplicates
            let apps = source.apps.reduce(0) { $0 + $1.counts.rows }
            require(apps == totals.rows, "\(source.mediaSource): the apps' rows do not add up to its rows")
        }
        let records = csvRecords(Fuzz.read(output))
        require(!records.isEmpty, "no header in the output")
        let body = records.dropFirst()
        switch mode {
        case .drop:
            require(body.count == rows - duplicates, "\(rows) rows in, \(body.count) out, \(duplicates) dropped")
        case .mark:
            require(body.count == rows, "\(rows) rows in, \(body.count) out under mark")
            // The column classify appends: the last of that name (the input may have one of its own).
            if let column = records[0].lastIndex(of: "duplicate") {
                let marked = body.count(where: { column < $0.count && $0[column] == "true" })
                require(marked == duplicates, "\(marked) rows marked, \(duplicates) counted")
            }
        }
    }
    require(summaries[0] == summaries[1], "the summary (or the refusal) depends on the duplicates mode")
    return 0
}

/// The records of canonical CSV (what `classify` writes): fields split at commas outside quotes, `""` read as `"`.
private func csvRecords(_ bytes: [UInt8]) -> [[String]] {
    var records: [[String]] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var quoted = false
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        if quoted {
            if byte == UInt8(ascii: "\"") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                    field.append(byte)
                    index += 1
                } else {
                    quoted = false
                }
            } else {
                field.append(byte)
            }
        } else if byte == UInt8(ascii: "\"") {
            quoted = true
        } else if byte == UInt8(ascii: ",") {
            fields.append(String(decoding: field, as: UTF8.self))
            field = []
        } else if byte == UInt8(ascii: "\n") {
            fields.append(String(decoding: field, as: UTF8.self))
            records.append(fields)
            fields = []
            field = []
        } else {
            field.append(byte)
        }
        index += 1
    }
    require(!quoted && field.isEmpty && fields.isEmpty, "the output does not end with a complete line")
    return records
}
