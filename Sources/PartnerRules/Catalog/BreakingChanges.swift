/// Compares a catalog with an earlier one (`lint --baseline`) and warns where the change would break
/// integrations or users that already exist (SPEC 4a): each finding stands at the line of the
/// current file to look at and says what to do instead.
package enum BreakingChanges {

    /// The breaking changes from `baseline` to `current`, reported for the files `current` reports
    /// (a file linted alone is compared alone; the rest of its folder is context, not a removal).
    package static func compare(baseline: LintReport, current: LintReport) -> [Finding] {
        let reported = current.documents.filter { !current.contextFiles.contains($0.file) }
        var earlier = baseline.documents
        var findings: [Finding] = []
        if current.contextFiles.isEmpty {
            if baseline.settings != nil, current.settings == nil, let file = baseline.settingsFile {
                findings.append(
                    Finding(
                        file: file, location: .start, code: .breakingChange,
                        message: "'\(CatalogLoader.settingsFileName)' was removed; the catalog-wide settings (data availability, notes) would fall back to defaults, restore the file"))
            }
        } else {
            // Only the partners of the files given: the others are not part of this change.
            let names = Set(reported.flatMap { [$0.fileStem, $0.definition.id] })
            earlier = earlier.filter { names.contains($0.fileStem) || names.contains($0.definition.id) }
        }
        findings += compare(baseline: earlier, current: current.documents)
        return findings.filter { !current.contextFiles.contains($0.file) }.sorted()
    }

    /// The breaking changes from the partners `baseline` to the partners `current`.
    package static func compare(baseline: [PartnerDocument], current: [PartnerDocument]) -> [Finding] {
        var findings: [Finding] = []
        let currentByID = Dictionary(current.map { (NameKey.make($0.definition.id), $0) }, uniquingKeysWith: { first, _ in first })
        var sourceOwners: [String: PartnerDocument] = [:]
        for document in current {
            for source in document.definition.mediaSources + document.definition.supersedes.map(\.mediaSource) {
                let key = NameKey.make(source)
                if sourceOwners[key] == nil { sourceOwners[key] = document }
            }
        }
        for old in baseline {
            let definition = old.definition
            guard let new = currentByID[NameKey.make(definition.id)] else {
                findings.append(removed(old, sourceOwners: sourceOwners))
                continue
            }
            findings += compare(old: definition, new: new, sourceOwners: sourceOwners)
        }
        return findings
    }

    /// A partner whose id is gone: renamed when its media sources now stand under another id, else removed.
    private static func removed(_ old: PartnerDocument, sourceOwners: [String: PartnerDocument]) -> Finding {
        let id = old.definition.id
        if let successor = old.definition.mediaSources.lazy.compactMap({ sourceOwners[NameKey.make($0)] }).first {
            let index = successor.definition.mediaSources.firstIndex { source in
                old.definition.mediaSources.contains { NameKey.make($0) == NameKey.make(source) }
            }
            return successor.finding(
                at: index.map { "media_sources[\($0)]" } ?? "id", code: .breakingChange,
                "partner '\(id)' was renamed to '\(successor.definition.id)' (its media sources are now here); integrations recorded under '\(id)' would be dropped, keep the id '\(id)' and the file name '\(id).yaml'")
        }
        return Finding(
            file: old.file, location: .start, code: .breakingChange,
            message: "partner '\(id)' was removed; its existing integrations would stop resolving, keep the file or move its media sources to the partner that replaces it")
    }

    private static func compare(old definition: PartnerDefinition, new: PartnerDocument, sourceOwners: [String: PartnerDocument]) -> [Finding] {
        var findings: [Finding] = []
        let current = new.definition
        func add(_ path: String, onKey: Bool = false, _ message: String) {
            findings.append(new.finding(at: path, code: .breakingChange, message, onKey: onKey))
        }
        for source in definition.mediaSources {
            let owner = sourceOwners[NameKey.make(source)]
            if owner == nil {
                add("media_sources", "media source '\(source)' was removed; rows and integrations under it would no longer match a partner, list it under supersedes instead")
            } else if let owner, NameKey.make(owner.definition.id) != NameKey.make(current.id) {
                add("media_sources", "media source '\(source)' moved to partner '\(owner.definition.id)'; integrations made under it for '\(current.id)' would be dropped, keep it here")
            }
        }
        findings += compareFields(old: definition.credentials, new: current.credentials, prefix: "credentials", in: new)
        findings += compareFields(
            old: definition.partnerMetrics.credentials, new: current.partnerMetrics.credentials,
            prefix: "partner_metrics.credentials", in: new)
        if !definition.partnerMetrics.required && current.partnerMetrics.required && !current.partnerMetrics.credentials.isEmpty {
            add("partner_metrics.required", "partner_metrics became required; existing integrations have no partner-metrics credentials, keep 'required: false' or plan a migration")
        }
        if definition.perUser && !current.perUser {
            add("per_user", "per_user changed to false; apps where several users already hold a connection would hold duplicates, keep 'per_user: true'")
        }
        if definition.credentialsMutable && !current.credentialsMutable {
            add("credentials_mutable", "credentials_mutable changed to false; users who update credentials in place today would be refused, keep 'credentials_mutable: true'")
        }
        if definition.agency && !current.agency {
            add("agency", "agency changed to false; existing agency integrations would be refused on update, keep 'agency: true'")
        }
        if definition.auth != current.auth {
            add("auth", "auth changed from \(definition.auth.rawValue) to \(current.auth.rawValue); every existing integration must be made again, keep 'auth: \(definition.auth.rawValue)' or plan a migration")
        }
        let oldAllOf = Set(definition.roles.allOf.map(NameKey.make))
        for (index, role) in current.roles.allOf.enumerated() where !oldAllOf.contains(NameKey.make(role)) {
            add("roles.all_of[\(index)]", "role '\(role)' was added to all_of; users who integrated without it would be refused on update, put it in any_of or plan a migration")
        }
        let newAnyOf = Set(current.roles.anyOf.map(NameKey.make))
        if !current.roles.anyOf.isEmpty {
            let dropped = definition.roles.anyOf.filter { !newAnyOf.contains(NameKey.make($0)) }
            if definition.roles.anyOf.isEmpty || !dropped.isEmpty {
                let what = definition.roles.anyOf.isEmpty ? "any_of now requires a role where none was needed" : "any_of no longer accepts \(dropped.map { "'\($0)'" }.joined(separator: ", "))"
                add("roles.any_of", onKey: true, "\(what); users who integrated with it would be refused on update, keep the roles accepted before")
            }
        }
        for (index, legacy) in current.supersedes.enumerated() {
            guard let before = definition.supersedes.first(where: { NameKey.make($0.mediaSource) == NameKey.make(legacy.mediaSource) }),
                let deprecated = legacy.deprecated
            else { continue }
            if before.deprecated.map({ deprecated < $0 }) ?? true {
                let was = before.deprecated.map { "from \($0) " } ?? ""
                add("supersedes[\(index)].deprecated", "the deprecated date of '\(legacy.mediaSource)' moved \(was)to \(deprecated), earlier; integrations allowed until then would be refused, keep the earlier promise or later")
            }
        }
        return findings
    }

    private static func compareFields(old: [CredentialField], new: [CredentialField], prefix: String, in document: PartnerDocument) -> [Finding] {
        var findings: [Finding] = []
        let newKeys = Set(new.map(\.key))
        let oldByKey = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        func add(_ path: String, onKey: Bool = false, _ message: String) {
            findings.append(document.finding(at: path, code: .breakingChange, message, onKey: onKey))
        }
        for field in old where !newKeys.contains(field.key) {
            add(prefix, onKey: true, "credential key '\(field.key)' was removed or renamed; the service layer sends it for existing integrations, keep the key '\(field.key)'")
        }
        for (index, field) in new.enumerated() {
            let path = "\(prefix)[\(index)]"
            guard let before = oldByKey[field.key] else {
                if field.required {
                    add(path, "new required credential '\(field.key)'; existing integrations do not have it, make it 'required: false' or plan a migration")
                }
                continue
            }
            if field.required && !before.required {
                add("\(path).required", "credential '\(field.key)' became required; existing integrations may not have it, keep 'required: false'")
            }
            if let pattern = field.pattern, pattern != before.pattern {
                add("\(path).pattern", "the pattern of '\(field.key)' changed; values stored under the old pattern may no longer match, keep the old pattern or check every stored value first")
            }
            if let minimum = field.minLength, minimum > (before.minLength ?? 0) {
                add("\(path).min_length", "min_length of '\(field.key)' went up to \(minimum); shorter values already stored would be refused, keep \(before.minLength.map(String.init) ?? "no minimum")")
            }
            if let maximum = field.maxLength, maximum < (before.maxLength ?? Int.max) {
                add("\(path).max_length", "max_length of '\(field.key)' went down to \(maximum); longer values already stored would be refused, keep \(before.maxLength.map(String.init) ?? "no maximum")")
            }
        }
        return findings
    }
}
