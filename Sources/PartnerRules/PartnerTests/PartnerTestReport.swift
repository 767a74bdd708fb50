/// The output formats of `partner-rules test`.
package enum PartnerTestFormat: String, Sendable, CaseIterable {
    /// One line per case; a failure adds what was expected and what came; `--coverage` lists every fact.
    case text
    /// `{"cases": [{"file","line","name","passed","expected","got","differences"}], "coverage": {"covered","total","percent","uncovered": [{"file","line","fact"}]}}` (SPEC 17).
    case json
    /// JUnit XML, for CI dashboards: one test suite per file, one test case per case.
    case junit
}

/// The results of a test run with their coverage, rendered in one of the ``PartnerTestFormat``s.
/// Output is byte-for-byte stable for the same results.
package struct PartnerTestReport: Sendable {
    package let results: [PartnerTestResult]
    package let coverage: PartnerTestCoverage

    package init(results: [PartnerTestResult], coverage: PartnerTestCoverage) {
        self.results = results
        self.coverage = coverage
    }

    package var failed: Int { results.count(where: { !$0.passed }) }

    /// The report; `listCoverage` adds every fact to the text format (json always carries coverage).
    package func render(as format: PartnerTestFormat, listCoverage: Bool = false) -> String {
        switch format {
        case .text: return text(listCoverage: listCoverage)
        case .json: return json()
        case .junit: return junit()
        }
    }

    /// `N cases: P passed, F failed; coverage C % (c of t facts)`.
    package var summary: String {
        let cases = results.count == 1 ? "1 case" : "\(results.count) cases"
        return "\(cases): \(results.count - failed) passed, \(failed) failed; coverage \(Self.percent(coverage.percent)) % (\(coverage.covered) of \(coverage.total) facts)"
    }

    /// Why the run fails the gate of `--threshold N` (SPEC 19), one message each; empty when it passes. A partner
    /// without cases fails it, since none of its facts is tested; so does coverage below N percent.
    package func gateFailures(threshold: Double, testsFolder: String) -> [String] {
        var messages = zip(coverage.partnersWithoutCases, coverage.filesWithoutCases).map { id, file in
            let stem = file.split(separator: "/").last.map { String($0.dropLast(".yaml".count)) } ?? id
            return "no case tests '\(id)' (\(file)), so none of its rules is tested; write cases for it in "
                + "\(testsFolder)/\(stem).yaml until 'partner-rules test --threshold \(Self.percent(threshold))' passes"
        }
        if coverage.percent < threshold {
            let uncovered = coverage.uncovered.map { "  \($0.place.file):\($0.place.line): \($0.fact)" }
            messages.append(
                "coverage \(Self.percent(coverage.percent)) % is below the threshold of \(Self.percent(threshold)) %; not covered:\n"
                    + uncovered.joined(separator: "\n"))
        }
        return messages
    }

    static func percent(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    private func text(listCoverage: Bool) -> String {
        var out = ""
        for result in results {
            let place = "\(result.testCase.place.file):\(result.testCase.place.line)"
            out += "\(result.passed ? "PASS" : "FAIL") \(place): \(result.testCase.name)\n"
            for failure in result.failures { out += "    \(failure)\n" }
        }
        if listCoverage {
            for fact in coverage.facts {
                out += "\(fact.place): \(fact.covered ? "covered" : "not covered"): \(fact.fact)\n"
            }
        }
        return out
    }

    private func json() -> String {
        var writer = JSONWriter(indent: 2)
        writer.object { root in
            root.key("cases")
            root.array(results) { writer, result in
                writer.object { object in
                    object.member("file", string: result.testCase.place.file)
                    object.member("line", int: result.testCase.place.line)
                    object.member("name", string: result.testCase.name)
                    object.member("passed", bool: result.passed)
                    object.member("expected") { JSONValue.object(result.assertions.map { ($0.key, $0.expected) }).write(to: &$0) }
                    object.member("got") { JSONValue.object(result.assertions.map { ($0.key, $0.got) }).write(to: &$0) }
                    object.key("differences")
                    object.array(result.differences) { writer, difference in Self.write(difference, to: &writer) }
                }
            }
            root.member("coverage") { writer in
                writer.object { object in
                    object.member("covered", int: coverage.covered)
                    object.member("total", int: coverage.total)
                    object.key("percent")
                    object.double(coverage.percent)
                    object.key("uncovered")
                    object.array(coverage.uncovered) { writer, fact in
                        writer.object(inline: true) { object in
                            object.member("file", string: fact.place.file)
                            object.member("line", int: fact.place.line)
                            object.member("fact", string: fact.fact)
                        }
                    }
                }
            }
        }
        return writer.text + "\n"
    }

    /// `{"key","field","expected","got","message","because": [{"file","line","column"}]}`: one difference, as the text says it.
    private static func write(_ difference: Difference, to writer: inout JSONWriter) {
        writer.object { object in
            object.member("key", string: difference.key)
            if let field = difference.field { object.member("field", string: field) }
            object.member("expected", string: difference.expected)
            object.member("got", string: difference.got)
            object.member("message", string: difference.words.joined(separator: "; "))
            object.key("because")
            object.array(difference.because) { writer, place in
                writer.object(inline: true) { object in
                    object.member("file", string: place.file)
                    object.member("line", int: place.line)
                    object.member("column", int: place.column)
                }
            }
            object.member("text", string: difference.line)
        }
    }

    private func junit() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"partner-rules test\" tests=\"\(results.count)\" failures=\"\(failed)\">\n"
        var files: [String] = []
        var byFile: [String: [PartnerTestResult]] = [:]
        for result in results {
            let file = result.testCase.place.file
            if byFile[file] == nil { files.append(file) }
            byFile[file, default: []].append(result)
        }
        for file in files {
            let cases = byFile[file] ?? []
            let failures = cases.count(where: { !$0.passed })
            out += "  <testsuite name=\"\(Self.xml(file))\" tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
            for result in cases {
                let place = result.testCase.place
                out += "    <testcase name=\"\(Self.xml(result.testCase.name))\" classname=\"\(Self.xml(file))\" file=\"\(Self.xml(file))\" line=\"\(place.line)\""
                if result.passed {
                    out += "/>\n"
                    continue
                }
                let failures = result.failures
                out += ">\n      <failure message=\"\(Self.xml(failures.first ?? "failed"))\">"
                out += Self.xml("\(place.file):\(place.line): \(result.testCase.name)\n" + failures.joined(separator: "\n"))
                out += "</failure>\n    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// Text escaped for XML content and attribute values; characters XML 1.0 cannot hold become U+FFFD.
    static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t", "\r": out += "&#\(scalar.value);"
            default:
                let value = scalar.value
                let allowed = value >= 0x20 && !(0xD800...0xDFFF).contains(value) && value != 0xFFFE && value != 0xFFFF
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }
}
