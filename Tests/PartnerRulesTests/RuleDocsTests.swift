import Foundation
import PartnerRulesTestSupport
import Testing
import PartnerRules

/// The documentation of codes comes from the registry: the README's finding-code table is the
/// registry rendered, and the code table of docs/check.md lists exactly the verdict codes with
/// their severities. `UPDATE_DOCS=1 swift test --filter RuleDocsTests` rewrites the README table.
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
}
