import Foundation
import PartnerRules
import PartnerRulesTestSupport

/// Made-up partners that exercise every row rule: an `unsupported` list with aliases, a `supported` list
/// whose spellings need SQL escaping, a partner superseding two legacy sources, and one whose legacy source
/// does not duplicate performance data.
enum PerformanceFixtures {
    static let definitions: [PartnerDefinition] = [
        PartnerDefinition(
            id: "alpha", name: "Alpha", mediaSources: ["alpha_int", "Alpha Ads"], auth: .oauth,
            adTypes: .unsupported([
                AdTypeName(name: "Playable Ads", aliases: ["play-able", "PLAYABLE/AD"]),
                AdTypeName(name: "ctv"),
            ])),
        PartnerDefinition(
            id: "beta", name: "Beta", mediaSources: ["beta_int"], auth: .oauth,
            adTypes: .supported([
                AdTypeName(name: "Video Plus", aliases: ["vp"]),
                AdTypeName(name: "O'Brien \\ Spot"),
                AdTypeName(name: "Ünïcode Ad"),
            ])),
        PartnerDefinition(
            id: "gamma", name: "Gamma", mediaSources: ["gamma_new", "gamma_new2"], auth: .oauth,
            adTypes: .unsupported([AdTypeName(name: "Shopping Ads")]),
            supersedes: [
                SupersededSource(mediaSource: "gamma_old", name: "[Legacy] Gamma", duplicates: [.performance]),
                SupersededSource(mediaSource: "gamma_older", name: "[Legacy] Old Gamma", duplicates: [.performance]),
            ]),
        PartnerDefinition(
            id: "delta", name: "Delta", mediaSources: ["delta_int"], auth: .oauth,
            supersedes: [SupersededSource(mediaSource: "delta_legacy", name: "[Legacy] Delta", duplicates: [.creatives])]),
    ]

    static func catalog() throws -> Catalog {
        try Catalog(definitions: definitions)
    }

    /// The project's own `partners/`.
    static func realCatalog() throws -> Catalog {
        try CatalogLoader.load(directory: Repository.partners)
    }

    /// Spellings of `name` that must match it: case, spaces, `-`, `_` and `/` changed.
    static func spellings(_ name: String) -> [String] {
        let spaced = name.replacingOccurrences(of: " ", with: "_")
        return [name, name.uppercased(), name.lowercased(), spaced, " \(name.replacingOccurrences(of: " ", with: "-")) /"]
    }

    /// A CSV header and rows that cover every rule: every partner, media source, listed spelling, unlisted and
    /// empty ad types, unknown and wrongly-cased media sources, legacy rows on shared and separate app/dates, and
    /// pass-through columns with commas, quotes, line breaks and non-ASCII text.
    static func rows(for catalog: Catalog) -> (header: [String], rows: [[String]]) {
        let header = ["campaign", "app_id", "media_source", "date", "ad_type", "clicks"]
        var rows: [[String]] = []
        var counter = 0
        func add(_ app: String, _ source: String, _ date: String, _ adType: String) {
            counter += 1
            let campaigns = ["plain", "with, comma", "with \"quotes\"", "two\nlines", "crlf\r\nline", "ünï 日本", ""]
            rows.append([campaigns[counter % campaigns.count], app, source, date, adType, String(counter)])
        }
        for partner in catalog.partners {
            let sources = partner.definition.mediaSources + partner.definition.supersedes.map(\.mediaSource)
            for source in sources {
                for adType in partner.definition.adTypes.names {
                    for spelling in adType.spellings.flatMap(spellings) {
                        add("com.example.\(partner.id)", source, "2024-05-01", spelling)
                    }
                }
                for other in ["", "banner", "Video", "  ", "ctv2", "Ü"] {
                    add("com.example.\(partner.id)", source, "2024-05-02", other)
                }
                add("com.example.\(partner.id)", source.uppercased(), "2024-05-02", "banner")
            }
            // Legacy rows: on an app/date the live source also has (duplicates), and on ones it has not.
            for legacy in partner.definition.supersedes {
                for live in partner.definition.mediaSources {
                    add("id100\(partner.id)", live, "2024-06-01", "banner")
                    add("id100\(partner.id)", legacy.mediaSource, "2024-06-01", "banner")
                    add("id100\(partner.id)", legacy.mediaSource, "2024-06-02", "Shopping Ads")
                    add("id200\(partner.id)", legacy.mediaSource, "2024-06-01", "banner")
                    add("", live, "", "banner")
                    add("", legacy.mediaSource, "", "banner")
                }
            }
        }
        for unknown in ["unknown_int", "", "Facebook, \"Ads\"", "naïve_int"] {
            add("com.example.unknown", unknown, "2024-05-03", "banner")
        }
        return (header, rows)
    }

    /// RFC 4180 text of a header and rows (CRLF line ends, every field quoted when `quoteAll`).
    static func csv(_ header: [String], _ rows: [[String]], quoteAll: Bool = false, lineEnd: String = "\r\n") -> String {
        func field(_ value: String) -> String {
            let special = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            return quoteAll || special ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        return ([header] + rows).map { $0.map(field).joined(separator: ",") + lineEnd }.joined()
    }

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> URL {
        try TemporaryDirectory().url
    }

    /// Runs `classify` over `csv` and returns the output text.
    static func classify(
        _ csv: String, catalog: Catalog, duplicates: DuplicateMode = .drop
    ) throws -> (output: String, summary: PerformanceSummary) {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.csv")
        let output = directory.appendingPathComponent("out.csv")
        try Data(csv.utf8).write(to: input)
        let summary = try Classifier(rules: RowRules(catalog: catalog), duplicates: duplicates)
            .run(input: .file(input.path), output: .file(output.path))
        return (try String(contentsOf: output, encoding: .utf8), summary)
    }
}

/// A small RFC 4180 parser for checking outputs (independent of the one under test).
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var scalars = Array(text.unicodeScalars)[...]
    if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
    var index = scalars.startIndex
    var fieldStarted = false
    while index < scalars.endIndex {
        let scalar = scalars[index]
        if quoted {
            if scalar == "\"" {
                if index + 1 < scalars.endIndex && scalars[index + 1] == "\"" {
                    field.unicodeScalars.append("\"")
                    index += 1
                } else {
                    quoted = false
                }
            } else {
                field.unicodeScalars.append(scalar)
            }
        } else if scalar == "\"" {
            quoted = true
            fieldStarted = true
        } else if scalar == "," {
            row.append(field)
            field = ""
            fieldStarted = true
        } else if scalar == "\n" || scalar == "\r" {
            if scalar == "\r" && index + 1 < scalars.endIndex && scalars[index + 1] == "\n" { index += 1 }
            if fieldStarted || !field.isEmpty || !row.isEmpty {
                row.append(field)
                rows.append(row)
            }
            row = []
            field = ""
            fieldStarted = false
        } else {
            field.unicodeScalars.append(scalar)
            fieldStarted = true
        }
        index += 1
    }
    if fieldStarted || !field.isEmpty || !row.isEmpty {
        row.append(field)
        rows.append(row)
    }
    return rows
}
