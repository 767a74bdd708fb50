/// The credential form, and the partner-metrics form when given or required: every required
/// field filled in (a fallback field counts for its primary), no unknown keys, every value of the
/// right kind, pattern and length after normalization. Records the normalized values and the
/// candidates to try. Never quotes a value.
struct CredentialsRule: RequestRule {
    static let codes: [RuleCode] = [.missingCredential, .unknownCredential, .invalidCredential]
    static let summary = "required credentials present, none unknown, each valid after normalization"
    static var examples: RuleExamples {
        let files = [
            "acme.yaml": exampleCredentialsPartner(
                """
                  - {key: email, label: Email, kind: email}
                  - {key: account_id, label: Account ID, kind: identifier, pattern: '[0-9]+', normalize: [remove_whitespace], fallback: {key: account_title, label: Account Title}}
                """)
        ]
        func request(_ credentials: String) -> String {
            #"{"partner": "acme", "apps": ["com.acme.game"], "credentials": "# + credentials + "}"
        }
        return RuleExamples(
            passing: [
                RuleExample(files: files, request: request(#"{"email": "ana@acme.example", "account_id": " 12 34 "}"#)),
                RuleExample(files: files, request: request(#"{"email": "ana@acme.example", "account_title": "Acme"}"#)),
            ],
            failing: [
                RuleExample(files: files, request: request(#"{"email": "ana@acme.example"}"#), reports: .missingCredential),
                RuleExample(
                    files: files, request: request(#"{"email": "ana@acme.example", "acount_id": "12"}"#),
                    reports: .unknownCredential),
                RuleExample(files: files, request: request(#"{"email": "ana", "account_id": "12"}"#), reports: .invalidCredential),
                RuleExample(
                    files: files, request: request(#"{"email": "ana@acme.example", "account_id": "12a"}"#),
                    reports: .invalidCredential),
            ])
    }

    /// The messages one field's checks give, written once per field at load. None quotes a value.
    struct FieldMessages: Sendable {
        let missing: String
        let empty: String
        let email: String
        let short: String
        let long: String
        let pattern: String

        init(_ field: CompiledField, partner: String) {
            let definition = field.field
            let thing = "the \(field.label) (\(field.path))"
            var fix = "enter the \(field.label) for \(partner)"
            if let fallback = definition.fallback, let fallbackPath = field.fallbackPath {
                fix += ", or the \(fallback.label) (\(fallbackPath)) instead"
            }
            missing = "\(thing) is missing; \(fix)"
            empty = "\(thing) is empty; \(fix)"
            email = "\(thing) is not an email address; enter it as name@domain.example"
            short = "\(thing) is shorter than \(definition.minLength ?? 0) characters; enter the whole value"
            long = "\(thing) is longer than \(definition.maxLength ?? 0) characters; enter only the value itself"
            pattern = "\(thing) does not have the expected form (\(definition.pattern ?? "")); copy it again from the partner"
        }
    }

    /// Per partner (by index): the messages of each credential field and each partner-metrics field.
    let messages: [(credentials: [FieldMessages], metrics: [FieldMessages])]

    init(compiling partners: [CompiledPartner]) {
        messages = partners.map { partner in
            (
                partner.credentials.fields.map { FieldMessages($0, partner: partner.name) },
                partner.partnerMetrics.fields.map { FieldMessages($0, partner: partner.name) }
            )
        }
    }

    func apply(_ input: CheckInput, into output: inout CheckOutput) {
        guard let partner = input.partner else { return }
        let messages = messages[partner.index]
        var recording = Recording()
        recording.credentials.reserveCapacity(partner.credentials.fields.count)
        check(partner.credentials, messages.credentials, values: input.request.credentials, into: &output, recording: &recording, partner: partner)
        output.credentials = recording.credentials
        output.candidates = recording.candidates
        let metrics = input.request.partnerMetrics ?? [:]
        if !metrics.isEmpty || partner.definition.partnerMetrics.required {
            var scratch = Recording()
            check(partner.partnerMetrics, messages.metrics, values: metrics, into: &output, recording: &scratch, partner: partner)
        }
    }

    /// What a form check records about the values: normalized (or masked) values and candidates.
    private struct Recording {
        var credentials: [String: String] = [:]
        var candidates: [String: [String]] = [:]
    }

    private func check(
        _ form: CompiledForm, _ messages: [FieldMessages], values: [String: String], into output: inout CheckOutput,
        recording: inout Recording, partner: CompiledPartner
    ) {
        guard !(form.isEmpty && values.isEmpty) else { return }
        let because = partner.because.fields(of: form, in: partner)
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
                        if let problem = Self.problem(with: value, of: field, messages[index]) {
                            output.add(Verdict.Issue(code: .invalidCredential, path: field.path, message: problem, because: because[index]))
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
                    let message = given[index].0 == nil ? messages[index].missing : messages[index].empty
                    output.add(Verdict.Issue(code: .missingCredential, path: field.path, message: message, because: because[index]))
                }
            }
            guard hasUnknown else { return }
            for key in values.keys.sorted() where form.slots[key] == nil {
                output.add(Self.unknown(key, in: form, partner: partner))
            }
        }
    }

    /// The message for what is wrong with a normalized, non-empty value, or `nil` when nothing is.
    private static func problem(with value: String, of field: CompiledField, _ messages: FieldMessages) -> String? {
        switch problem(with: value, of: field) {
        case .form?: messages.email
        case .short?: messages.short
        case .long?: messages.long
        case .pattern?: messages.pattern
        case nil: nil
        }
    }

    /// What refuses a normalized value of a field: its form, its lengths or its pattern.
    enum Refusal: String {
        case form = "not an email address"
        case short = "too short"
        case long = "too long"
        case pattern = "not matching the pattern"
    }

    /// Why a normalized value is refused by a field, or `nil` when it is accepted.
    static func problem(with value: String, of field: CompiledField) -> Refusal? {
        let definition = field.field
        if definition.kind == .email, !EmailAddress.isPlausible(value) { return .form }
        if let minLength = definition.minLength, value.count < minLength { return .short }
        if let maxLength = definition.maxLength, value.count > maxLength { return .long }
        if let pattern = field.pattern, !pattern.matches(value) { return .pattern }
        return nil
    }

    private static func unknown(_ key: String, in form: CompiledForm, partner: CompiledPartner) -> Verdict.Issue {
        let path = JSONPath.member(form.root, key)
        let message: String
        if let suggestion = Suggestions.nearest(to: key, in: form.suggestions) {
            message = text("unknown ", form.root, " key ", quoted(key), " for ", partner.name, "; did you mean '", suggestion, "'?")
        } else if form.isEmpty {
            message = text("no ", form.root, " are taken by ", partner.name, "; remove ", path)
        } else {
            message = text(
                "unknown ", form.root, " key ", quoted(key), " for ", partner.name, "; remove it (expected ",
                form.keys.joined(separator: ", "), ")")
        }
        return Verdict.Issue(code: .unknownCredential, path: path, message: message, because: partner.because.list(of: form, in: partner))
    }
}
