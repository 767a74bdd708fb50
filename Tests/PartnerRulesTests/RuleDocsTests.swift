import Foundation
import PartnerRulesTestSupport
import Testing
import PartnerRules

/// The documentation of codes comes from the registry: the README's finding-code table is the
/// registry rendered, and the code table of docs/check.md lists exactly the verdict codes with
/// their severities, and each case of `RuleCode` carries its summary as its doc comment.
/// `UPDATE_DOCS=1 swift test --filter RuleDocsTests` rewrites the README table and those comments.
@Suite("Code tables in the docs")
struct RuleDocsTests {
    static let readme = "\(Repository.root)/README.md"

    /// The README table, as the registry renders it: every lint code, in the registry's order.
    static var findingTable: String {
        var lines = ["| code | severity | meaning |", "| --- | --- | --- |"]
        for code in RuleCode.allCases where code.family != .request {
            lines.append("| `\(code.rawValue)` | \(code.severity.rawValue) | \(code.summary) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("README's finding-code table is the registry's")
    func readmeTable() throws {
        let text = try String(contentsOfFile: Self.readme, encoding: .utf8)
        let heading = try #require(text.range(of: "### Finding codes\n"))
        let start = try #require(text.range(of: "| code | severity | meaning |", range: heading.upperBound..<text.endIndex))
        let end = text.range(of: "\n\n", range: start.lowerBound..<text.endIndex)?.lowerBound ?? text.endIndex
        let current = String(text[start.lowerBound..<end]) + "\n"
        if current != Self.findingTable, ProcessInfo.processInfo.environment["UPDATE_DOCS"] == "1" {
            let updated = text.replacingCharacters(in: start.lowerBound..<end, with: Self.findingTable.dropLast())
            try updated.write(toFile: Self.readme, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == Self.findingTable, "README.md's table differs from the registry; run UPDATE_DOCS=1 swift test --filter RuleDocsTests")
    }

    @Test("docs/check.md lists every verdict code with its severity")
    func checkTable() throws {
        let text = try String(contentsOfFile: "\(Repository.root)/docs/check.md", encoding: .utf8)
        var documented: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, let code = RuleCode(rawValue: cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))),
                code.family == .request
            else { continue }
            documented[code.rawValue] = cells[1]
        }
        let registry = Dictionary(
            uniqueKeysWithValues: RuleCode.allCases.filter { $0.family == .request }.map { ($0.rawValue, $0.severity.rawValue) })
        #expect(documented == registry)
    }

    @Test("each RuleCode case's doc comment is its summary")
    func caseComments() throws {
        let path = "\(Repository.root)/Sources/PartnerRules/Rules/RuleCode.swift"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines: [String] = []
        var seen = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let parts = trimmed.split(separator: "\"")
            if trimmed.hasPrefix("case "), trimmed.hasSuffix("\""), parts.count == 2, let code = RuleCode(rawValue: String(parts[1])) {
                let comment = String(line.prefix { $0 == " " }) + "/// " + code.summary
                if lines.last?.trimmingCharacters(in: .whitespaces).hasPrefix("///") == true { lines.removeLast() }
                lines.append(comment)
                seen += 1
            }
            lines.append(line)
        }
        #expect(seen == RuleCode.allCases.count)
        let expected = lines.joined(separator: "\n")
        if expected != text, ProcessInfo.processInfo.environment["UPDATE_DOCS"] == "1" {
            try expected.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        #expect(expected == text, "a RuleCode case's doc comment differs from its summary; run UPDATE_DOCS=1 swift test --filter RuleDocsTests")
    }
}
