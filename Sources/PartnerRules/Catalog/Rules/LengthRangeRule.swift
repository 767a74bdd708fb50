/// `min_length` is not above `max_length`, and neither is negative.
struct LengthRangeRule: FileRule {
    static let codes: [RuleCode] = [.lengthRange]
    static let summary = "a credential field's min_length is above its max_length"
    static var examples: RuleExamples {
        func file(_ min: Int, _ max: Int) -> String {
            exampleCredentialsPartner("  - {key: account, label: Account, kind: identifier, min_length: \(min), max_length: \(max)}")
        }
        return RuleExamples(passing: [["acme.yaml": file(4, 8)]], failing: [["acme.yaml": file(9, 8)]])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        for (prefix, fields) in CredentialSets.of(document.definition) {
            for (index, field) in fields.enumerated() {
                guard let min = field.minLength, let max = field.maxLength, min > max else { continue }
                findings.append(
                    document.finding(
                        at: "\(prefix)[\(index)].min_length", code: .lengthRange,
                        "min_length \(min) is above max_length \(max); no value could pass, lower min_length or raise max_length"))
            }
        }
    }
}

/// The credential sets of a partner with their paths: the form, and the partner-metrics form.
enum CredentialSets {
    static func of(_ definition: PartnerDefinition) -> [(path: String, fields: [CredentialField])] {
        [("credentials", definition.credentials), ("partner_metrics.credentials", definition.partnerMetrics.credentials)]
    }
}
