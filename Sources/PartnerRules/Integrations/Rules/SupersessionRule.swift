/// A superseded media source takes no new integrations from its `deprecated` day on; while a
/// legacy integration and the one replacing it are both active for an app, the data the
/// partner file lists under `duplicates` is pulled twice.
enum SupersessionRule: IntegrationRule {
    static let codes: [IssueCode] = [.deprecatedIntegration, .legacyDuplication]
    static let summary = "no new integrations under a deprecated legacy source; warn when legacy and replacement overlap"

    static func apply(to context: inout CheckContext) {
        guard context.request.operation == .create else { return }
        let partner = context.partner
        if let legacy = context.target.superseded {
            if let deprecated = legacy.deprecated, context.today >= deprecated {
                let replacement = partner.mediaSources.first ?? partner.id
                context.issues.add(
                    Verdict.Issue(
                        code: .deprecatedIntegration, path: IntegrationRequest.CodingKeys.partner.stringValue,
                        message: text(
                            "media source ", legacy.mediaSource, " (", legacy.name, ") takes no new integrations since ",
                            deprecated.description, "; integrate ", partner.name, " (", replacement, ") instead")))
            }
            guard !legacy.duplicates.isEmpty else { return }
            for source in partner.mediaSources {
                warnOverlap(&context, legacy: legacy, active: source, creatingLegacy: true)
            }
        } else {
            for legacy in partner.supersedes where !legacy.duplicates.isEmpty {
                warnOverlap(&context, legacy: legacy, active: legacy.mediaSource, creatingLegacy: false)
            }
        }
    }

    private static func warnOverlap(
        _ context: inout CheckContext, legacy: SupersededSource, active source: String, creatingLegacy: Bool
    ) {
        guard let taken = context.existing.apps(under: source) else { return }
        let root = IntegrationRequest.CodingKeys.apps.stringValue
        for (index, app) in context.request.apps.enumerated() where taken[app] != nil {
            let data = legacy.duplicates.map(\.rawValue).joined(separator: " and ")
            let message =
                creatingLegacy
                ? text(
                    "app ", quoted(app), " already has ", context.partner.name, " (", source, ") active; while the legacy ",
                    legacy.mediaSource, " is active too, ", data, " data is pulled twice; integrate only ", source)
                : text(
                    "the legacy ", legacy.name, " (", legacy.mediaSource, ") is still active for app ", quoted(app),
                    "; while both are active, ", data, " data is pulled twice; remove the legacy integration (its history is kept)")
            context.issues.add(Verdict.Issue(code: .legacyDuplication, path: JSONPath.index(root, index), message: message))
        }
    }
}
