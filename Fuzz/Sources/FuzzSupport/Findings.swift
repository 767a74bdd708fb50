public import PartnerRules

extension Fuzz {
    /// Renders `findings` in every format and checks what each must hold: the JSON and SARIF outputs parse, every
    /// finding names one of `files` and a place inside its text (line 1 up to one past the last line).
    public static func checkFindings(_ findings: [Finding], files: [String: [UInt8]]) {
        for finding in findings {
            if let text = files[finding.file] {
                let lines = text.count(where: { $0 == UInt8(ascii: "\n") }) + 1
                require(finding.line >= 0 && finding.line <= lines + 1, "\(finding.code) at line \(finding.line) of a \(lines)-line file")
            }
            require(finding.column >= 0, "\(finding.code) at column \(finding.column)")
            require(!finding.message.isEmpty, "\(finding.code) without a message")
        }
        for format in FindingFormat.allCases {
            let rendered = FindingFormatter.render(findings, as: format)
            if format == .json || format == .sarif {
                require(isJSON(Array(rendered.utf8)), "\(format) output is not JSON: \(rendered.prefix(300))")
            }
        }
    }
}
