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
        recording.credentials.reserveCapacity(form.fields.count)
        check(form, values: values, issues: &context.issues, recording: &recording, partner: context.partner)
        context.credentials = recording.credentials
        context.candidates = recording.candidates
    }

    private static func check(
        _ form: CompiledForm, values: [String: String], issues: inout IssueList, recording: inout CheckContext.Recording,
        partner: CompiledPartnerRules
    ) {
        guard !(form.isEmpty && values.isEmpty) else { return }
        withUnsafeTemporaryAllocation(of: (String?, String?).self, capacity: form.fields.count) { given in
            // One pass over what the request gives: each value to its field or fallback, or unknown.
            given.initialize(repeating: (nil, nil))
            defer { given.deinitialize() }
            var hasUnknown = false
            for (key, value) in values {
                switch form.slots[key] {
                case .field(let index): given[index].0 = value
                case .fallback(let index): given[index].1 = value
                case nil: hasUnknown = true
                }
            }
            for (index, field) in form.fields.enumerated() {
                var present = false
                if let raw = given[index].0 {
                    let value = field.normalized(raw)
                    if !value.isEmpty {
                        present = true
                        recording.credentials[field.key] = field.isSecret ? Verdict.mask : value
                        if let problem = field.problem(with: value) {
                            issues.add(Verdict.Issue(code: .invalidCredential, path: field.path, message: problem))
                        }
                        if !field.isSecret, !field.field.variants.isEmpty {
                            recording.candidates[field.key] = field.candidates(value)
                        }
                    }
                }
                if let fallback = field.field.fallback, let value = given[index].1, !value.isEmpty {
                    recording.credentials[fallback.key] = field.isSecret ? Verdict.mask : value
                    present = true
                }
                if !present, field.isRequired {
                    let message = given[index].0 == nil ? field.missingMessage : field.emptyMessage
                    issues.add(Verdict.Issue(code: .missingCredential, path: field.path, message: message))
                }
            }
            guard hasUnknown else { return }
            for key in values.keys.sorted() where form.slots[key] == nil {
                issues.add(unknown(key, in: form, partner: partner))
            }
        }
    }

    /// The message for a required field left out (or empty), written once per field at load.
    static func missing(_ field: CredentialField, path: String, fallbackPath: String?, empty: Bool, partner: String) -> String {
        let what = empty ? "is empty" : "is missing"
        var message = "the \(field.label) (\(path)) \(what); enter the \(field.label) for \(partner)"
        if let fallback = field.fallback, let fallbackPath {
            message += ", or the \(fallback.label) (\(fallbackPath)) instead"
        }
        return message
    }

    /// The messages for a value that breaks a field's rules, written once per field at load.
    /// None quotes the value.
    static func invalid(_ field: CredentialField, path: String) -> (email: String, short: String, long: String, pattern: String) {
        let thing = "the \(field.label) (\(path))"
        return (
            email: "\(thing) is not an email address; enter it as name@domain.example",
            short: "\(thing) is shorter than \(field.minLength ?? 0) characters; enter the whole value",
            long: "\(thing) is longer than \(field.maxLength ?? 0) characters; enter only the value itself",
            pattern: "\(thing) does not have the expected form (\(field.pattern ?? "")); copy it again from the partner"
        )
    }

    static func unknown(_ key: String, in form: CompiledForm, partner: CompiledPartnerRules) -> Verdict.Issue {
        let path = JSONPath.member(form.root, key)
        let message: String
        if let suggestion = Suggestions.nearest(to: key, in: form.keys) {
            message = text("unknown ", form.root, " key ", quoted(key), " for ", partner.name, "; did you mean '", suggestion, "'?")
        } else if form.isEmpty {
            message = text("no ", form.root, " are taken by ", partner.name, "; remove ", path)
        } else {
            message = text(
                "unknown ", form.root, " key ", quoted(key), " for ", partner.name, "; remove it (expected ",
                form.keys.joined(separator: ", "), ")")
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
