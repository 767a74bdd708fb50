/// Compares a catalog with an earlier one (`lint --baseline`) and warns where the change would break
/// integrations or users that already exist (SPEC 4a, 20).
///
/// A change is breaking exactly when some request that was valid becomes invalid or gets another plan: the
/// ``CatalogDiff`` of the two catalogs finds each such decision, and each finding carries its example (the request,
/// in `suggestion`) and stands at the partner-file place that now refuses it. What the diff cannot see, because no
/// partner is left to ask, is kept by name: a removed `_catalog.yaml`, a removed or renamed partner.
package enum BreakingChanges {

    /// The breaking changes from `baseline` to `current`, reported for the files `current` reports
    /// (a file linted alone is compared alone; the rest of its folder is context, not a removal).
    package static func compare(baseline: LintReport, current: LintReport, today: CalendarDate = .todayUTC()) -> [Finding] {
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
        findings += compare(baseline: earlier, current: current.documents, today: today)
        return findings.filter { !current.contextFiles.contains($0.file) }.sorted()
    }

    /// The breaking changes from the partners `baseline` to the partners `current`.
    package static func compare(baseline: [PartnerDocument], current: [PartnerDocument], today: CalendarDate = .todayUTC()) -> [Finding] {
        var findings: [Finding] = []
        let currentByID = Dictionary(current.map { (NameKey.make($0.definition.id), $0) }, uniquingKeysWith: { first, _ in first })
        var sourceOwners: [String: PartnerDocument] = [:]
        for document in current {
            for source in document.definition.mediaSources + document.definition.supersedes.map(\.mediaSource) {
                let key = NameKey.make(source)
                if sourceOwners[key] == nil { sourceOwners[key] = document }
            }
        }
        var kept: [PartnerDocument] = []
        for old in baseline {
            if currentByID[NameKey.make(old.definition.id)] == nil {
                findings.append(removed(old, sourceOwners: sourceOwners))
            } else {
                kept.append(old)
            }
        }
        // The partners of both versions, each catalog as lint decoded it (its own findings are lint's to report).
        let keptIDs = Set(kept.map { NameKey.make($0.definition.id) })
        let before = Catalog(checked: kept, settings: CatalogSettings())
        let after = Catalog(checked: current.filter { keptIDs.contains(NameKey.make($0.definition.id)) }, settings: CatalogSettings())
        let diff = CatalogDiff(baseline: before, current: after, today: today)
        for change in diff.partners {
            guard let document = currentByID[NameKey.make(change.partner)] else { continue }
            let metricsOptional = !document.definition.partnerMetrics.required
            for cell in change.cells where cell.isBreaking {
                guard case .verdict(let old) = cell.before, case .verdict(let new) = cell.after else { continue }
                let (came, _) = DiffAnswer.issues(from: old, to: new)
                // An optional step (partner metrics not required) may gain fields: integrations without it stay valid.
                let metrics = IntegrationRequest.CodingKeys.partnerMetrics.stringValue
                if old.plan == new.plan, metricsOptional, !came.isEmpty, came.allSatisfy({ $0.contains("@\(metrics)") }) { continue }
                findings.append(finding(cell, old: old, new: new, in: document))
            }
        }
        return findings
    }

    /// A breaking cell as a finding at the place that now refuses it, its request as the suggestion.
    private static func finding(_ cell: DiffCell, old: Verdict, new: Verdict, in document: PartnerDocument) -> Finding {
        let oldIssues = Set(old.errors.map { "\($0.code.rawValue)@\($0.path)" })
        let refusal = new.errors.first { !oldIssues.contains("\($0.code.rawValue)@\($0.path)") }
        let place = refusal?.because.first ?? (old.plan != new.plan ? new.planBecause.first : nil)
        let what: String
        if let refusal {
            what = "now refused: \(refusal.message)"
        } else {
            what = "its plan changes from \(old.plan.rawValue) to \(new.plan.rawValue)"
        }
        let more = cell.count > 1 ? " (and \(cell.count - 1) more like it)" : ""
        let message = "a request that was valid (\(cell.description)\(more)) is \(what); existing integrations that make it need a migration before this change merges, or keep the earlier rule"
        let suggestion = "the request, as 'partner-rules check' reads it: \(cell.exampleText)"
        if let place, place.file == document.file {
            return Finding(file: place.file, location: SourceLocation(line: place.line, column: place.column), code: .breakingChange, message: message, suggestion: suggestion)
        }
        return document.finding(at: "media_sources", code: .breakingChange, message, suggestion: suggestion)
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
}
