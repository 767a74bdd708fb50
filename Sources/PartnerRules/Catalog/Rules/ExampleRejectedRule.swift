/// Every example a credential field lists (`examples: [...]`) is a value a user would really type, so the field
/// must take it (SPEC 19): it goes through the field's `normalize` chain and then the check's own judgement of a
/// value (kind, lengths, pattern), exactly as a request's credential would. A refused example is an error naming
/// the step that refuses it, in words.
struct ExampleRejectedRule: FileRule {
    static let codes: [RuleCode] = [.exampleRejected]
    static let summary = RuleCode.exampleRejected.summary
    static var examples: RuleExamples {
        func file(_ extra: String) -> String {
            exampleCredentialsPartner("  - key: account_id\n    label: Account ID\n    kind: identifier\n\(extra)")
        }
        return RuleExamples(
            passing: [
                ["acme.yaml": file("    min_length: 6\n    normalize: [remove_whitespace]\n    examples: ['ab 12 cd']")],
                ["acme.yaml": file("    pattern: '^[A-Z0-9]+$'\n    normalize: [uppercase]\n    examples: [ab12, CD34]")],
                ["acme.yaml": file("    examples: []")],
            ],
            failing: [
                ["acme.yaml": file("    min_length: 6\n    normalize: [remove_whitespace]\n    examples: ['ab 12']")],
                ["acme.yaml": file("    max_length: 4\n    examples: [abcde]")],
                ["acme.yaml": file("    pattern: '^[0-9]+$'\n    examples: ['12a']")],
                ["acme.yaml": exampleCredentialsPartner("  - {key: email, label: Email, kind: email, examples: [ana]}")],
            ])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        for (prefix, fields) in CredentialSets.of(document.definition) {
            for (index, field) in fields.enumerated() where !field.examples.isEmpty {
                let compiled = CompiledField(field, root: prefix)
                for (number, example) in field.examples.enumerated() {
                    guard let problem = Self.problem(with: example, of: compiled) else { continue }
                    findings.append(
                        document.finding(
                            at: "\(prefix)[\(index)].examples[\(number)]", code: .exampleRejected,
                            "field '\(field.key)': example \(SourceText.shown(example)) is refused \(problem); change the example, or the field if real values look like it"))
                }
            }
        }
    }

    /// The step that refuses `example`, in words ("by the length limit: at least 6 characters after spaces are
    /// removed"), or `nil` when the field takes it.
    static func problem(with example: String, of field: CompiledField) -> String? {
        let normalized = field.normalized(example)
        let after = Self.after(field.field.normalize)
        let became = normalized != example ? " (it becomes \(SourceText.shown(normalized)))" : ""
        if normalized.isEmpty {
            return "as empty: nothing is left\(after)"
        }
        switch field.refusal(ofNormalized: normalized) {
        case .email:
            return "by the email check: an address has one '@' and a domain with a dot, as in name@domain.example\(after.isEmpty ? "" : became)"
        case .tooShort(let minimum):
            return "by the length limit: at least \(minimum) characters\(after), and it has \(normalized.count)"
        case .tooLong(let maximum):
            return "by the length limit: at most \(maximum) characters\(after), and it has \(normalized.count)"
        case .pattern:
            return "by the pattern \(SourceText.shown(field.field.pattern ?? ""))\(became)"
        case nil:
            return nil
        }
    }

    /// " after spaces are removed", for a field's `normalize` chain; empty without one.
    private static func after(_ chain: [Normalizer]) -> String {
        let steps = chain.map { normalizer -> String in
            switch normalizer {
            case .trim: return "spaces at both ends are removed"
            case .removeWhitespace: return "spaces are removed"
            case .collapseWhitespace: return "runs of spaces are made one"
            case .uppercase: return "letters are made capitals"
            case .lowercase: return "letters are made small"
            }
        }
        guard !steps.isEmpty else { return "" }
        return " after " + steps.joined(separator: " and ")
    }
}
