/// The output formats of `lint`.
public enum FindingFormat: String, Sendable, CaseIterable {
    /// `file:line:column: severity: message [code]`, one line per finding.
    case text
    /// An array of `{"file","line","column","severity","code","message"[,"suggestion"]}`.
    case json
    /// SARIF 2.1.0, for code-scanning dashboards.
    case sarif
    /// GitHub Actions workflow commands (`::error file=…::…`), shown as annotations on the change.
    case github
}

/// Renders findings in one of the ``FindingFormat``s. Output is byte-for-byte stable for the same findings.
public enum FindingFormatter {
    public static func render(_ findings: [Finding], as format: FindingFormat) -> String {
        let sorted = findings.sorted()
        switch format {
        case .text:
            return sorted.map { $0.description + "\n" }.joined()
        case .json:
            var writer = JSONWriter()
            writer.array(sorted) { writer, finding in
                writer.object { object in
                    object.member("file", string: finding.file)
                    object.member("line", int: finding.line)
                    object.member("column", int: finding.column)
                    object.member("severity", string: finding.severity.rawValue)
                    object.member("code", string: finding.code.rawValue)
                    object.member("message", string: finding.message)
                    if let suggestion = finding.suggestion { object.member("suggestion", string: suggestion) }
                }
            }
            return writer.text + "\n"
        case .sarif:
            return sarif(sorted)
        case .github:
            return sorted.map(githubCommand).joined()
        }
    }

    private static func githubCommand(_ finding: Finding) -> String {
        func escapeData(_ text: String) -> String {
            text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
        }
        func escapeProperty(_ text: String) -> String {
            escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
        }
        let level = finding.severity == .error ? "error" : "warning"
        return "::\(level) file=\(escapeProperty(finding.file)),line=\(finding.line),col=\(finding.column),title=\(escapeProperty(finding.code.rawValue))::\(escapeData(finding.message))\n"
    }

    private static func sarif(_ findings: [Finding]) -> String {
        let codes = Array(Set(findings.map(\.code))).sorted()
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("$schema", string: "https://json.schemastore.org/sarif-2.1.0.json")
        writer.member("version", string: "2.1.0")
        writer.key("runs")
        writer.beginArray()
        writer.beginObject()
        writer.key("tool")
        writer.beginObject()
        writer.key("driver")
        writer.beginObject()
        writer.member("name", string: "partner-rules")
        writer.member("informationUri", string: "https://github.com/partner-rules/partner-rules")
        writer.key("rules")
        writer.array(codes) { rule, code in
            rule.beginObject()
            rule.member("id", string: code.rawValue)
            rule.member("shortDescription") { $0.object { $0.member("text", string: code.summary) } }
            rule.member("defaultConfiguration") {
                $0.object { $0.member("level", string: code.severity.rawValue) }
            }
            rule.endObject()
        }
        writer.endObject()
        writer.endObject()
        writer.key("results")
        writer.array(findings) { result, finding in
            result.beginObject()
            result.member("ruleId", string: finding.code.rawValue)
            result.member("ruleIndex", int: codes.firstIndex(of: finding.code) ?? 0)
            result.member("level", string: finding.severity.rawValue)
            result.member("message") { $0.object { $0.member("text", string: finding.message) } }
            result.key("locations")
            result.beginArray()
            result.beginObject()
            result.key("physicalLocation")
            result.beginObject()
            result.member("artifactLocation") { $0.object { $0.member("uri", string: finding.file) } }
            result.member("region") {
                $0.object { region in
                    region.member("startLine", int: finding.line)
                    region.member("startColumn", int: finding.column)
                }
            }
            result.endObject()
            result.endObject()
            result.endArray()
            if let suggestion = finding.suggestion {
                result.member("properties") { $0.object { $0.member("suggestion", string: suggestion) } }
            }
            result.endObject()
        }
        writer.endObject()
        writer.endArray()
        writer.endObject()
        return writer.text + "\n"
    }
}
