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
                    object.member("line", number: finding.line)
                    object.member("column", number: finding.column)
                    object.member("severity", string: finding.severity.rawValue)
                    object.member("code", string: finding.code.rawValue)
                    object.member("message", string: finding.message)
                    if let suggestion = finding.suggestion { object.member("suggestion", string: suggestion) }
                }
            }
            return writer.output + "\n"
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
        writer.object { root in
            root.member("$schema", string: "https://json.schemastore.org/sarif-2.1.0.json")
            root.member("version", string: "2.1.0")
            root.member("runs") { runs in
                runs.array([0]) { run, _ in
                    run.object { run in
                        run.member("tool") { tool in
                            tool.object { tool in
                                tool.member("driver") { driver in
                                    driver.object { driver in
                                        driver.member("name", string: "partner-rules")
                                        driver.member("informationUri", string: "https://github.com/partner-rules/partner-rules")
                                        driver.member("rules") { rules in
                                            rules.array(codes) { rule, code in
                                                rule.object { rule in
                                                    rule.member("id", string: code.rawValue)
                                                    rule.member("shortDescription") { description in
                                                        description.object { $0.member("text", string: code.summary) }
                                                    }
                                                    rule.member("defaultConfiguration") { configuration in
                                                        configuration.object {
                                                            $0.member("level", string: code.severity.rawValue)
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        run.member("results") { results in
                            results.array(findings) { result, finding in
                                result.object { result in
                                    result.member("ruleId", string: finding.code.rawValue)
                                    result.member("ruleIndex", number: codes.firstIndex(of: finding.code) ?? 0)
                                    result.member("level", string: finding.severity.rawValue)
                                    result.member("message") { message in
                                        message.object { $0.member("text", string: finding.message) }
                                    }
                                    result.member("locations") { locations in
                                        locations.array([finding]) { location, finding in
                                            location.object { location in
                                                location.member("physicalLocation") { physical in
                                                    physical.object { physical in
                                                        physical.member("artifactLocation") { artifact in
                                                            artifact.object { $0.member("uri", string: finding.file) }
                                                        }
                                                        physical.member("region") { region in
                                                            region.object { region in
                                                                region.member("startLine", number: finding.line)
                                                                region.member("startColumn", number: finding.column)
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                    if let suggestion = finding.suggestion {
                                        result.member("properties") { properties in
                                            properties.object { $0.member("suggestion", string: suggestion) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return writer.output + "\n"
    }
}
