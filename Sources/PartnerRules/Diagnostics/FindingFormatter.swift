/// The output formats of `lint`.
public enum FindingFormat: String, Sendable, CaseIterable {
    /// `file:line:column: severity: message [code]`, one line per finding.
    case text
    /// An array of `{"file","line","column","severity","code","message"[,"suggestion"][,"related"]}`,
    /// `related` listing the other places of a cross-file finding as `{"file","line","column"}`.
    case json
    /// SARIF 2.1.0, for code-scanning dashboards.
    case sarif
    /// GitHub Actions workflow commands (`::error file=…::…`), shown as annotations on the change.
    case github
}

/// Renders findings in one of the ``FindingFormat``s. Output is byte-for-byte stable for the same findings.
public enum FindingFormatter {
    /// The findings written in one of lint's output formats, sorted by file, line and column.
    public static func render(_ findings: [Finding], as format: FindingFormat) -> String {
        let sorted = findings.sorted()
        switch format {
        case .text:
            return sorted.map { finding in
                finding.description + (finding.fix.map { " (fix: \($0.description))" } ?? "") + "\n"
            }.joined()
        case .json:
            var writer = JSONWriter()
            writeJSON(sorted, to: &writer)
            return writer.text + "\n"
        case .sarif:
            return sarif(sorted)
        case .github:
            return sorted.map(githubCommand).joined()
        }
    }

    /// Writes `findings`, in the order given, as lint's json array (`serve` writes them inside a larger answer).
    package static func writeJSON(_ findings: [Finding], to writer: inout JSONWriter) {
        writer.array(findings) { writer, finding in
            writer.object { object in
                object.member("file", string: finding.file)
                object.member("line", int: finding.line)
                object.member("column", int: finding.column)
                object.member("severity", string: finding.severity.rawValue)
                object.member("code", string: finding.code.rawValue)
                object.member("message", string: finding.message)
                if let suggestion = finding.suggestion { object.member("suggestion", string: suggestion) }
                if !finding.related.isEmpty {
                    object.key("related")
                    object.array(finding.related) { writer, place in
                        writer.object { object in
                            object.member("file", string: place.file)
                            object.member("line", int: place.line)
                            object.member("column", int: place.column)
                        }
                    }
                }
                if let fix = finding.fix {
                    object.key("fix")
                    writeJSON(fix, to: &object)
                }
            }
        }
    }

    /// Writes `fix` as `{"description", "edits": [{"line","column","end_line","end_column","text"}]}` (SPEC 18).
    package static func writeJSON(_ fix: Fix, to writer: inout JSONWriter) {
        writer.object { object in
            object.member("description", string: fix.description)
            object.key("edits")
            object.array(fix.edits) { writer, edit in
                writer.object { object in
                    object.member("line", int: edit.line)
                    object.member("column", int: edit.column)
                    object.member("end_line", int: edit.endLine)
                    object.member("end_column", int: edit.endColumn)
                    object.member("text", string: edit.text)
                }
            }
        }
    }

    /// What `lint --explain` prints for `codes`: text (and github) one line per code,
    /// `code (severity): summary`; json an array of `{"code","severity","summary"}`; sarif a run
    /// whose rules are the codes, with no results.
    public static func explain(_ codes: [RuleCode], as format: FindingFormat) -> String {
        switch format {
        case .text, .github:
            return codes.map { "\($0.rawValue) (\($0.severity.rawValue)): \($0.summary)\n" }.joined()
        case .json:
            var writer = JSONWriter()
            writer.array(codes) { writer, code in
                writer.object { object in
                    object.member("code", string: code.rawValue)
                    object.member("severity", string: code.severity.rawValue)
                    object.member("summary", string: code.summary)
                }
            }
            return writer.text + "\n"
        case .sarif:
            return sarif([], rules: codes)
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
        let message = finding.message + (finding.fix.map { "\nfix: \($0.description)" } ?? "")
        return "::\(level) file=\(escapeProperty(finding.file)),line=\(finding.line),col=\(finding.column),title=\(escapeProperty(finding.code.rawValue))::\(escapeData(message))\n"
    }

    private static func sarif(_ findings: [Finding], rules: [RuleCode]? = nil) -> String {
        let codes = rules ?? Array(Set(findings.map(\.code))).sorted()
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
            physicalLocation(finding.place, into: &result)
            result.endArray()
            if !finding.related.isEmpty {
                result.key("relatedLocations")
                result.beginArray()
                for (index, place) in finding.related.enumerated() { physicalLocation(place, id: index, into: &result) }
                result.endArray()
            }
            if let fix = finding.fix {
                result.key("fixes")
                result.beginArray()
                sarifFix(fix, file: finding.file, into: &result)
                result.endArray()
            }
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

    /// A SARIF fix object: the description, and the edits as one artifact change's replacements.
    private static func sarifFix(_ fix: Fix, file: String, into writer: inout JSONWriter) {
        writer.object { object in
            object.member("description") { $0.object { $0.member("text", string: fix.description) } }
            object.key("artifactChanges")
            object.array([file]) { writer, file in
                writer.object { change in
                    change.member("artifactLocation") { $0.object { $0.member("uri", string: file) } }
                    change.key("replacements")
                    change.array(fix.edits) { writer, edit in
                        writer.object { replacement in
                            replacement.member("deletedRegion") {
                                $0.object { region in
                                    region.member("startLine", int: edit.line)
                                    region.member("startColumn", int: edit.column)
                                    region.member("endLine", int: edit.endLine)
                                    region.member("endColumn", int: edit.endColumn)
                                }
                            }
                            replacement.member("insertedContent") { $0.object { $0.member("text", string: edit.text) } }
                        }
                    }
                }
            }
        }
    }

    /// A SARIF location object for `place` (with its `id` when it is a related location).
    private static func physicalLocation(_ place: SourcePlace, id: Int? = nil, into writer: inout JSONWriter) {
        writer.beginObject()
        if let id { writer.member("id", int: id) }
        writer.key("physicalLocation")
        writer.beginObject()
        writer.member("artifactLocation") { $0.object { $0.member("uri", string: place.file) } }
        writer.member("region") {
            $0.object { region in
                region.member("startLine", int: place.line)
                region.member("startColumn", int: place.column)
            }
        }
        writer.endObject()
        writer.endObject()
    }
}
