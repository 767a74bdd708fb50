import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// Slips generated over every partner file of the repository and of the test fixtures (issue 22): each is caught,
/// at least 95 % carry a proven fix, and no fix, applied, leaves an error.
@Suite("Generated slips: caught, and fixed by proven edits")
struct SlipPropertyTests {
    /// A partner file that lints without errors, with the documents of its folder as context.
    struct Sample {
        var file: String
        var text: String
        var context: [PartnerDocument]
    }

    /// The kinds of slip staff make, each turning one line of a file into the slipped lines (`nil`: not eligible).
    static let kinds: [(name: String, slip: @Sendable (_ line: String, _ key: String?) -> String?)] = [
        ("a dash dropped", { line, _ in dashItem(line).map { $0.indent + $0.rest } }),
        ("a dash lost, its text joining the item above", { line, _ in dashItem(line).map { $0.indent + "  " + $0.rest } }),
        ("a dash without its space", { line, _ in dashItem(line).map { $0.indent + "-" + $0.rest } }),
        ("an item added under '[]'", { line, key in
            guard let key, let item = emptyListItems[key], line.hasSuffix(": []") else { return nil }
            return line + "\n" + String(repeating: " ", count: indent(line) + 2) + "- " + item
        }),
        ("an indent one space too deep", { line, _ in indent(line) > 0 ? " " + line : nil }),
        ("an indent one space too shallow", { line, _ in indent(line) > 1 ? String(line.dropFirst()) : nil }),
        ("a tab", { line, _ in indent(line) > 0 ? "\t" + line.drop(while: { $0 == " " }) : nil }),
        ("an unclosed quote", { line, _ in
            guard let colon = line.range(of: ": "), !line.contains("\""), !line.contains("'"), !line.contains("#") else { return nil }
            let value = line[colon.upperBound...]
            guard let first = value.first, first.isLetter else { return nil }
            return line[..<colon.upperBound] + "\"" + value
        }),
        ("an unclosed bracket", { line, _ in
            guard line.hasSuffix("]"), line.contains(": ["), !line.hasSuffix("[]") else { return nil }
            return String(line.dropLast())
        }),
    ]

    /// Items that fit the lists partner files give as `key: []`.
    static let emptyListItems = [
        "any_of": "Admin", "all_of": "Admin", "aliases": "Other Name", "notes": "A note for staff.",
        "prerequisites": "An account with the partner.", "unsupported": "Playable",
    ]

    static func indent(_ line: String) -> Int { line.prefix(while: { $0 == " " }).count }

    static func dashItem(_ line: String) -> (indent: String, rest: String)? {
        let margin = line.prefix(while: { $0 == " " })
        let body = line.dropFirst(margin.count)
        guard body.hasPrefix("- "), body.count > 2 else { return nil }
        return (String(margin), String(body.dropFirst(2)))
    }

    static func samples() throws -> [Sample] {
        var folders = [Repository.partners]
        if let walker = FileManager.default.enumerator(atPath: fixtures.url.path) {
            var seen: Set<String> = []
            for case let path as String in walker where path.hasSuffix(".yaml") {
                let folder = (fixtures.url.path as NSString).appendingPathComponent((path as NSString).deletingLastPathComponent)
                if seen.insert(folder).inserted { folders.append(folder) }
            }
        }
        var samples: [Sample] = []
        for folder in folders {
            let report = try CatalogLoader.lint(paths: [folder])
            for document in report.documents where !report.findings.contains(where: { $0.file == document.file && $0.severity == .error }) {
                guard let bytes = report.lintedBytes[document.file] else { continue }
                samples.append(Sample(file: document.file, text: String(decoding: bytes, as: UTF8.self), context: report.documents))
            }
        }
        return samples
    }

    @Test("every slip of each kind at every eligible line is caught; ≥ 95 % carry a proven fix; no fix leaves an error")
    func generatedSlips() throws {
        let samples = try Self.samples()
        #expect(samples.count > 1)
        var slips = 0
        var caught = 0
        var fixed = 0
        var missed: [String] = []
        var unfixed: [String: Int] = [:]
        var bad: [String] = []
        for sample in samples {
            let original = FixProver.lint(Array(sample.text.utf8), as: sample.file, context: sample.context)
            let originalSaid = Set(original.map { "\($0.code) \($0.line) \($0.message)" })
            let originalDocument = sample.context.first { $0.file == sample.file }?.definition
            let lines = sample.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (index, line) in lines.enumerated() where index > 0 && !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                let key = line.split(separator: ":").first.map { $0.trimmingCharacters(in: .whitespaces) }
                for kind in Self.kinds {
                    guard let slipped = kind.slip(line, key) else { continue }
                    var edited = lines
                    edited[index] = slipped
                    let bytes = Array(edited.joined(separator: "\n").utf8)
                    let findings = FixProver.provenLint(bytes, as: sample.file, context: sample.context)
                    let said = Set(findings.map { "\($0.code) \($0.line) \($0.message)" })
                    if said == originalSaid {
                        // Still the same partner (a deeper list that stays a list): no slip to catch.
                        let (document, _) = CatalogLoader.decodePartner(bytes, file: sample.file)
                        if document?.definition == originalDocument { continue }
                    }
                    slips += 1
                    let place = "\(sample.file):\(index + 1) \(kind.name)"
                    guard said != originalSaid else {
                        missed.append(place)
                        continue
                    }
                    caught += 1
                    guard let fix = findings.first(where: { $0.fix != nil && !original.contains($0) })?.fix else {
                        unfixed[kind.name, default: 0] += 1
                        continue
                    }
                    fixed += 1
                    let repaired = try #require(fix.applied(to: bytes))
                    let left = FixProver.lint(repaired, as: sample.file, context: sample.context).filter { $0.severity == .error }
                    if !left.isEmpty { bad.append("\(place): \(fix.description) leaves \(left.map(\.message))") }
                }
            }
        }
        let percent = slips == 0 ? 0 : Double(fixed) * 100 / Double(slips)
        print("\(slips) slips, caught \(caught), fixed \(fixed) (\(String(format: "%.1f", percent)) %), bad fixes \(bad.count)")
        if !unfixed.isEmpty { print("without a proven fix, by kind: \(unfixed.sorted { $0.key < $1.key })") }
        #expect(slips > 100)
        #expect(missed.isEmpty, "not caught: \(missed.prefix(20))")
        #expect(percent >= 95, "only \(fixed) of \(slips) slips carry a proven fix")
        #expect(bad.isEmpty, "\(bad.prefix(10))")
    }
}
