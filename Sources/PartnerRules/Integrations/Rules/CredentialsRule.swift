/// The credential form, and the partner-metrics form when given or required: every required
/// field filled in (a fallback field counts for its primary), no unknown keys, every value of the
/// right kind, pattern and length after normalization. Records the normalized values and the
/// candidates to try. Never quotes a value.
enum CredentialsRule: IntegrationRule {
    static let codes: [IssueCode] = [.missingCredential, .unknownCredential, .invalidCredential]
    static let summary = "required credentials present, none unknown, each valid after normalization"

    static func apply(to context: inout CheckContext) {
        let partner = context.partner
        check(partner.credentials, values: context.request.credentials, recordInto: &context)
        let metrics = context.request.partnerMetrics ?? [:]
        if !metrics.isEmpty || partner.partnerMetricsRequired {
            var scratch = CheckContext.Recording()
            check(partner.partnerMetrics, values: metrics, issues: &context.issues, recording: &scratch, partner: partner)
        }
    }

    private static func check(_ form: CompiledForm, values: [String: String], recordInto context: inout CheckContext) {
        var recording = CheckContext.Recording()
        check(form, values: values, issues: &context.issues, recording: &recording, partner: context.partner)
        context.credentials = recording.credentials
        context.candidates = recording.candidates
    }

    private static func check(
        _ form: CompiledForm, values: [String: String], issues: inout IssueList, recording: inout CheckContext.Recording,
        partner: CompiledPartnerRules
    ) {
        for field in form.fields {
            var present = false
            if let raw = values[field.key] {
                let value = field.normalized(raw)
                if !value.isEmpty {
                    present = true
                    recording.credentials[field.key] = field.isSecret ? Verdict.mask : value
                    if let problem = field.problem(with: value) {
                        issues.add(
                            Verdict.Issue(
                                code: .invalidCredential, path: field.path, message: "the \(field.label) (\(field.path)) \(problem)"))
                    }
                    if !field.field.variants.isEmpty, !field.isSecret {
                        recording.candidates[field.key] = field.candidates(value)
                    }
                }
            }
            if let fallback = field.field.fallback, let value = values[fallback.key], !value.isEmpty {
                recording.credentials[fallback.key] = field.isSecret ? Verdict.mask : value
                present = true
            }
            if !present, field.field.required {
                issues.add(missing(field, given: values[field.key] != nil, partner: partner))
            }
        }
        guard values.count > 0 else { return }
        for key in values.keys.sorted() where form.slots[key] == nil {
            issues.add(unknown(key, in: form, partner: partner))
        }
    }

    static func missing(_ field: CompiledField, given: Bool, partner: CompiledPartnerRules) -> Verdict.Issue {
        let what = given ? "is empty" : "is missing"
        var message = "the \(field.label) (\(field.path)) \(what); enter the \(field.label) for \(partner.name)"
        if let fallback = field.field.fallback, let fallbackPath = field.fallbackPath {
            message += ", or the \(fallback.label) (\(fallbackPath)) instead"
        }
        return Verdict.Issue(code: .missingCredential, path: field.path, message: message)
    }

    static func unknown(_ key: String, in form: CompiledForm, partner: CompiledPartnerRules) -> Verdict.Issue {
        let path = JSONPath.member(form.root, key)
        let message: String
        if let suggestion = Suggestions.nearest(to: key, in: form.keys) {
            message = "unknown \(form.root) key \(quoted(key)) for \(partner.name); did you mean '\(suggestion)'?"
        } else if form.keys.isEmpty {
            message = "no \(form.root) are taken by \(partner.name); remove \(path)"
        } else {
            message = "unknown \(form.root) key \(quoted(key)) for \(partner.name); remove it (expected "
                + form.keys.joined(separator: ", ") + ")"
        }
        return Verdict.Issue(code: .unknownCredential, path: path, message: message)
    }
}

extension CheckContext {
    /// What a form check records about the values: normalized (or masked) values and candidates.
    struct Recording {
        var credentials: [String: String] = [:]
        var candidates: [String: [String]] = [:]
    }
}
