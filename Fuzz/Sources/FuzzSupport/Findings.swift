public import PartnerRules

extension Fuzz {
    /// Renders `findings` in every format and checks what each must hold: the JSON and SARIF outputs parse, every
    /// finding names one of `files` and a place inside its text (line 1 up to one past the last line).
    public static func checkFindings(_ findings: [Finding], files: [String: [UInt8]]) {
        for finding in findings {
            if let text = files[finding.file] {
                let lines = yamlLineCount(text)
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

    /// The lines of `text` as YAML counts them, and so the composer's positions and the editors staff use: LF, CR LF
    /// and a lone CR each end a line (YAML 1.2, 5.4), and so do NEL, LS and PS, which libyaml also reads as breaks.
    /// A file with lone CRs has more lines than LF characters; the fuzzer's first "line 46 of a 14-line file" was one.
    static func yamlLineCount(_ text: [UInt8]) -> Int {
        var lines = 1
        var index = 0
        while index < text.count {
            switch text[index] {
            case UInt8(ascii: "\n"): lines += 1
            case UInt8(ascii: "\r"): if index + 1 >= text.count || text[index + 1] != UInt8(ascii: "\n") { lines += 1 }
            case 0xC2: if index + 1 < text.count, text[index + 1] == 0x85 { lines += 1 }
            case 0xE2: if index + 2 < text.count, text[index + 1] == 0x80, text[index + 2] == 0xA8 || text[index + 2] == 0xA9 { lines += 1 }
            default: break
            }
            index += 1
        }
        return lines
    }
}
