/// Compares a catalog with an earlier one and warns where the change would break integrations
/// that already exist: a partner or media source that disappears, a credential key the service
/// layer sends that is renamed or removed, a new required field existing integrations lack,
/// uniqueness or agency support that gets stricter.
///
/// `lint --baseline DIR` runs it, typically with DIR a checkout of the main branch's `partners/`.
public enum BreakingChanges {

    public static func compare(baseline: [PartnerDocument], current: [PartnerDocument]) -> [Finding] {
        var findings: [Finding] = []
        let currentByID = Dictionary(current.map { ($0.definition.id, $0) }, uniquingKeysWith: { first, _ in first })
        let currentSources = Set(current.flatMap { $0.definition.mediaSources + $0.definition.supersedes.map(\.mediaSource) })
        for old in baseline {
            let definition = old.definition
            guard let new = currentByID[definition.id] else {
                let moved = definition.mediaSources.allSatisfy(currentSources.contains)
                if !moved {
                    findings.append(
                        Finding(
                            file: old.file, location: .start, code: .breakingChange,
                            message: "partner '\(definition.id)' was removed; its existing integrations would stop resolving, keep the file or move its media sources to the partner that replaces it"))
                }
                continue
            }
            for source in definition.mediaSources where !currentSources.contains(source) {
                findings.append(
                    new.finding(
                        at: "media_sources", code: .breakingChange,
                        "media source '\(source)' was removed; rows and integrations under it would no longer match a partner, list it under supersedes instead"))
            }
            findings += compareFields(
                old: definition.credentials, new: new.definition.credentials, prefix: "credentials", in: new)
            findings += compareFields(
                old: definition.partnerMetrics.credentials, new: new.definition.partnerMetrics.credentials,
                prefix: "partner_metrics.credentials", in: new)
            if definition.perUser && !new.definition.perUser {
                findings.append(
                    new.finding(
                        at: "per_user", code: .breakingChange,
                        "per_user changed to false; apps where several users already hold a connection would hold duplicates"))
            }
            if definition.agency && !new.definition.agency {
                findings.append(
                    new.finding(at: "agency", code: .breakingChange, "agency changed to false; existing agency integrations would be refused on update"))
            }
            if definition.auth != new.definition.auth {
                findings.append(
                    new.finding(
                        at: "auth", code: .breakingChange,
                        "auth changed from \(definition.auth.rawValue) to \(new.definition.auth.rawValue); every existing integration must be made again"))
            }
        }
        return findings
    }

    private static func compareFields(old: [CredentialField], new: [CredentialField], prefix: String, in document: PartnerDocument) -> [Finding] {
        var findings: [Finding] = []
        let oldKeys = Set(old.map(\.key))
        let newKeys = Set(new.map(\.key))
        for field in old where !newKeys.contains(field.key) {
            findings.append(
                document.finding(
                    at: prefix, code: .breakingChange,
                    "credential key '\(field.key)' was removed or renamed; the service layer sends it for existing integrations",
                    onKey: true))
        }
        for (index, field) in new.enumerated() where field.required {
            if !oldKeys.contains(field.key) {
                findings.append(
                    document.finding(
                        at: "\(prefix)[\(index)]", code: .breakingChange,
                        "new required credential '\(field.key)'; existing integrations do not have it, make it required: false or plan a migration"))
            } else if old.first(where: { $0.key == field.key })?.required == false {
                findings.append(
                    document.finding(
                        at: "\(prefix)[\(index)].required", code: .breakingChange,
                        "credential '\(field.key)' became required; existing integrations may not have it"))
            }
        }
        return findings
    }
}
