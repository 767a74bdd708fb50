/// A superseded media source takes no new integrations from its `deprecated` day on; while a
/// legacy integration and the one replacing it are both active for an app, the data the
/// partner file lists under `duplicates` is pulled twice.
struct SupersessionRule: RequestRule {
    static let codes: [RuleCode] = [.deprecatedIntegration, .legacyDuplication]
    static let summary = "no new integrations under a deprecated legacy source; warn when legacy and replacement overlap"
    static var examples: RuleExamples {
        let files = [
            "acme.yaml": examplePartner(
                "acme", "acme_int",
                """
                supersedes:
                  - {media_source: acme_legacy, name: Acme Legacy, introduced: 2024-01-01, deprecated: 2024-06-30, duplicates: [performance]}
                """)
        ]
        let legacy = #"{"partner": "acme_legacy", "apps": ["com.acme.game"]}"#
        let current = #"{"partner": "acme", "apps": ["com.acme.game"]}"#
        return RuleExamples(
            passing: [
                RuleExample(files: files, request: legacy, today: "2024-03-01"),
                RuleExample(files: files, request: current, existing: #"[{"media_source": "acme_int", "apps": ["com.other.game"]}]"#),
            ],
            failing: [
                RuleExample(files: files, request: legacy, today: "2024-06-30", reports: .deprecatedIntegration),
                RuleExample(
                    files: files, request: current, existing: #"[{"media_source": "acme_legacy", "apps": ["com.acme.game"]}]"#,
                    reports: .legacyDuplication),
                RuleExample(
                    files: files, request: legacy, existing: #"[{"media_source": "acme_int", "apps": ["com.acme.game"]}]"#,
                    today: "2024-03-01", reports: .legacyDuplication),
            ])
    }

    init(compiling partners: [CompiledPartner]) {}

    func apply(_ input: CheckInput, into context: inout CheckOutput) {
        guard let partner = input.partner, let target = input.target, input.request.operation == .create else { return }
        if let legacy = target.superseded, let entry = target.supersession {
            if let deprecated = legacy.deprecated, input.today >= deprecated {
                let replacement = partner.definition.mediaSources.first ?? partner.id
                context.add(
                    Verdict.Issue(
                        code: .deprecatedIntegration, path: IntegrationRequest.CodingKeys.partner.stringValue,
                        message: text(
                            "media source ", legacy.mediaSource, " (", legacy.name, ") takes no new integrations since ",
                            deprecated.description, "; integrate ", partner.name, " (", replacement, ") instead"),
                        because: partner.because.deprecated[entry]))
            }
            guard !legacy.duplicates.isEmpty else { return }
            for source in partner.definition.mediaSources {
                warnOverlap(input, &context, partner: partner, legacy: legacy, entry: entry, active: source, creatingLegacy: true)
            }
        } else {
            for (entry, legacy) in partner.definition.supersedes.enumerated() where !legacy.duplicates.isEmpty {
                warnOverlap(
                    input, &context, partner: partner, legacy: legacy, entry: entry, active: legacy.mediaSource, creatingLegacy: false)
            }
        }
    }

    private func warnOverlap(
        _ input: CheckInput, _ context: inout CheckOutput, partner: CompiledPartner, legacy: SupersededSource, entry: Int,
        active source: String, creatingLegacy: Bool
    ) {
        guard let taken = input.existing.apps(under: source) else { return }
        let root = IntegrationRequest.CodingKeys.apps.stringValue
        for (index, app) in input.request.apps.enumerated() where taken[app] != nil {
            let data = legacy.duplicates.map(\.rawValue).joined(separator: " and ")
            let message =
                creatingLegacy
                ? text(
                    "app ", quoted(app), " already has ", partner.name, " (", source, ") active; while the legacy ",
                    legacy.mediaSource, " is active too, ", data, " data is pulled twice; integrate only ", source)
                : text(
                    "the legacy ", legacy.name, " (", legacy.mediaSource, ") is still active for app ", quoted(app),
                    "; while both are active, ", data, " data is pulled twice; remove the legacy integration (its history is kept)")
            context.add(
                Verdict.Issue(
                    code: .legacyDuplication, path: JSONPath.index(root, index), message: message,
                    because: partner.because.supersedes[entry]))
        }
    }
}
