/// A legacy source is deprecated after its replacement was introduced, not before.
struct SupersessionDatesRule: FileRule {
    static let codes: [RuleCode] = [.supersessionDates]
    static let summary = "a superseded source is deprecated before its replacement was introduced"
    static var examples: RuleExamples {
        func file(_ introduced: String, _ deprecated: String) -> String {
            examplePartner(
                "acme", "acme_int",
                """
                supersedes:
                  - media_source: old_int
                    name: Old Acme
                    introduced: \(introduced)
                    deprecated: \(deprecated)
                """)
        }
        return RuleExamples(
            passing: [["acme.yaml": file("2023-01-30", "2024-03-31")]],
            failing: [["acme.yaml": file("2024-03-31", "2023-01-30")]])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        for (index, legacy) in document.definition.supersedes.enumerated() {
            guard let introduced = legacy.introduced, let deprecated = legacy.deprecated, deprecated < introduced else { continue }
            findings.append(
                document.finding(
                    at: "supersedes[\(index)].deprecated", code: .supersessionDates,
                    "deprecated \(deprecated) comes before introduced \(introduced); swap or correct the dates"))
        }
    }
}
