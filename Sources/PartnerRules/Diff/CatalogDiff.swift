/// What a change of the partner files does (SPEC 20): for every partner, the decisions whose answer differs
/// between two catalogs, each with one concrete example and its answer before and after.
///
/// Both catalogs answer through their real ``IntegrationChecker`` and ``RowRules``; the diff only chooses what to
/// ask (the decision space of each partner) and compares. It needs no solver: the space is finite and small per partner.
public struct CatalogDiff: Sendable {
    /// The revision of the earlier catalog.
    public let baseline: String
    /// The revision of the catalog as it is now.
    public let revision: String
    /// Every partner of either catalog, by id, then `_catalog` when the catalog-wide settings changed.
    public var partners: [PartnerChange]

    /// The pseudo-partner that catalog-wide changes (`_catalog.yaml`) are reported under.
    public static let settingsPartner = "_catalog"

    /// Compares `current` with `baseline`; requests without a day of their own are judged on `today`.
    public init(baseline: Catalog, current: Catalog, today: CalendarDate) {
        self.baseline = baseline.revision
        self.revision = current.revision
        let old = baseline.compiled
        let new = current.compiled
        let oldByID = Dictionary(old.partners.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newByID = Dictionary(new.partners.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [PartnerChange] = []
        for id in Set(oldByID.keys).union(newByID.keys).sorted() {
            let before = oldByID[id]
            let after = newByID[id]
            if let before, let after, before.definition == after.definition, Self.resolvesAlike(before.definition, old, new) {
                changes.append(PartnerChange(partner: id, change: .unchanged, cells: []))
                continue
            }
            let space = DecisionSpace(old: before, new: after, today: today)
            var cells = Self.compare(space.probes, old: baseline, new: current)
            var change = PartnerChange.Change(cells)
            var renamedTo: String?
            if after == nil {
                renamedTo = before?.definition.mediaSources.lazy.compactMap { new.target(named: $0) }.first.map { new.partners[$0.partner].id }
                change = renamedTo == nil ? .removed : .renamed
            } else if before == nil {
                let renamed = after?.definition.mediaSources.contains { old.target(named: $0) != nil } ?? false
                change = renamed ? change : .added
            }
            if change == .added || change == .removed { cells = Array(cells.prefix(1)) }
            changes.append(PartnerChange(partner: id, change: change, renamedTo: renamedTo, cells: cells))
        }
        let settings = Self.settingsCells(old.settings.dataAvailability, new.settings.dataAvailability, today: today)
        if !settings.isEmpty {
            changes.append(PartnerChange(partner: Self.settingsPartner, change: PartnerChange.Change(settings), cells: settings))
        }
        partners = changes
    }

    /// Whether every name of the partner leads to the same partner and media source in both catalogs.
    private static func resolvesAlike(_ definition: PartnerDefinition, _ old: CompiledCatalog, _ new: CompiledCatalog) -> Bool {
        let names = [definition.id, definition.name] + definition.aliases + definition.mediaSources + definition.supersedes.map(\.mediaSource)
        return names.allSatisfy { name in
            let before = old.target(named: name)
            let after = new.target(named: name)
            return before.map { old.partners[$0.partner].id } == after.map { new.partners[$0.partner].id }
                && before?.mediaSource == after?.mediaSource
        }
    }

    /// Runs every probe on both catalogs; each changed decision becomes one cell (the first example that shows it).
    static func compare(_ probes: [DecisionSpace.Probe], old: Catalog, new: Catalog) -> [DiffCell] {
        let checkers = (IntegrationChecker(catalog: old), IntegrationChecker(catalog: new))
        var cells: [DiffCell] = []
        var seen: [String: Int] = [:]
        for probe in probes {
            let before: DiffAnswer
            let after: DiffAnswer
            let decision: DiffCell.Decision
            switch probe.item {
            case .check(let body):
                let today = body.today ?? CalendarDate(year: 2026, month: 1, day: 1)
                before = .verdict(checkers.0.check(body.request, existing: body.existing, today: today))
                after = .verdict(checkers.1.check(body.request, existing: body.existing, today: today))
                decision = .check
            case .rows(let rows):
                before = .row(DiffAnswer.Row(rows, in: old))
                after = .row(DiffAnswer.Row(rows, in: new))
                decision = .classify
            }
            guard before.key != after.key else { continue }
            let direction = DiffCell.Direction(before: before, after: after)
            // One cell per changed decision: requests whose answers change the same way (the same issues come or
            // go, the same plan, the same level decided by the same entry) are one cell, shown by the first.
            let change = "\(decision)|\(direction)|\(DiffAnswer.change(from: before, to: after))"
            if let index = seen[change] {
                cells[index].count += 1
                // The example a reviewer learns most from is a request that was valid.
                if case .verdict(let shown) = cells[index].before, !shown.valid, case .verdict(let now) = before, now.valid {
                    cells[index].description = probe.description
                    cells[index].example = DiffExample(probe.item)
                    cells[index].before = before
                    cells[index].after = after
                }
                continue
            }
            seen[change] = cells.count
            cells.append(
                DiffCell(
                    decision: decision, description: probe.description, direction: direction, example: DiffExample(probe.item),
                    before: before, after: after))
        }
        return cells
    }

    /// One cell per data-availability setting that changed, with the timeline of an integration created at noon
    /// on `today`.
    static func settingsCells(_ old: DataAvailability, _ new: DataAvailability, today: CalendarDate) -> [DiffCell] {
        guard old != new else { return [] }
        let created = UTCTimestamp(seconds: today.daysSinceEpoch * 86_400 + 12 * 3600)
        let fields: [(String, String, String, DiffCell.Direction)] = [
            ("backfill_days", "\(old.backfillDays)", "\(new.backfillDays)", new.backfillDays < old.backfillDays ? .stricter : .looser),
            (
                "first_data_within_hours", "\(old.firstDataWithinHours)", "\(new.firstDataWithinHours)",
                new.firstDataWithinHours > old.firstDataWithinHours ? .stricter : .looser
            ),
            (
                "creative_pulls_per_day", "\(old.creativePullsPerDay)", "\(new.creativePullsPerDay)",
                new.creativePullsPerDay < old.creativePullsPerDay ? .stricter : .looser
            ),
            (
                "performance_refresh_hours", "\(old.performanceRefreshHours)", "\(new.performanceRefreshHours)",
                new.performanceRefreshHours > old.performanceRefreshHours ? .stricter : .looser
            ),
            ("dashboard_refresh_utc", old.dashboardRefreshUTC, new.dashboardRefreshUTC, .other),
        ]
        return fields.filter { $0.1 != $0.2 }.map { name, before, after, direction in
            DiffCell(
                decision: .availability, description: "data_availability.\(name) \(before) → \(after)", direction: direction,
                example: .created(created), before: .availability(old.timeline(created: created)),
                after: .availability(new.timeline(created: created)))
        }
    }

    /// Whether any partner got stricter (or both stricter and looser), as `--fail-on stricter` asks.
    public var hasStricter: Bool { partners.contains { [.stricter, .mixed, .removed, .renamed].contains($0.change) } }
}

/// One partner's part of a ``CatalogDiff``.
public struct PartnerChange: Sendable {
    /// How the partner's answers changed as a whole.
    public enum Change: String, Sendable, Hashable, CaseIterable {
        /// No request or row gets another answer.
        case unchanged
        /// Some request accepted before is refused now, or a row moves to ad level or is dropped; nothing got looser.
        case stricter
        /// Some request refused before is accepted now, or a row reaches creative level; nothing got stricter.
        case looser
        /// Some answers got stricter and others looser, or changed in neither direction (a warning, a stored value).
        case mixed
        /// The partner is new.
        case added
        /// The partner's file is gone, and its media sources with it.
        case removed
        /// The partner's id is gone, and its media sources now stand under another id.
        case renamed

        /// The change the cells add up to.
        init(_ cells: [DiffCell]) {
            let directions = Set(cells.map(\.direction))
            if directions.isEmpty {
                self = .unchanged
            } else if directions == [.stricter] {
                self = .stricter
            } else if directions == [.looser] {
                self = .looser
            } else {
                self = .mixed
            }
        }
    }

    /// The partner's id (in the baseline for a removed or renamed partner).
    public var partner: String
    /// How the partner's answers moved as a whole: unchanged, stricter, looser, mixed, or added, removed, renamed.
    public var change: Change
    /// The id the partner's media sources stand under now, for a renamed partner.
    public var renamedTo: String?
    /// One per changed decision; empty when unchanged.
    public var cells: [DiffCell]
    /// What replaying recorded integrations and rows showed, when they were given.
    public var replay: Replay?

    /// Words for a partner whose edit changes nothing a request or row gets.
    public static let noEffect = "no request or row gets another answer"
}

/// One changed decision: what varies, an example of it, and the answer before and after.
public struct DiffCell: Sendable {
    /// Which command's answer changed.
    public enum Decision: String, Sendable, Hashable {
        /// An integration request, as `check` decides it.
        case check
        /// Performance rows, as `classify` labels them.
        case classify
        /// The catalog-wide data availability, as `availability` computes it.
        case availability
    }

    /// Which way the answer moved.
    public enum Direction: String, Sendable, Hashable {
        /// Refused now where accepted before (or another plan), a warning more, a row at ad level or dropped.
        case stricter
        /// Accepted now where refused before, a warning fewer, a row back at creative level.
        case looser
        /// Neither: another error for the same refusal, another stored value, another dashboard time.
        case other

        init(before: DiffAnswer, after: DiffAnswer) {
            switch (before, after) {
            case (.verdict(let old), .verdict(let new)):
                let (came, gone) = DiffAnswer.issues(from: old, to: new)
                if old.valid != new.valid {
                    self = old.valid ? .stricter : .looser
                } else if old.valid && old.plan != new.plan {
                    self = .stricter
                } else if !came.isEmpty && gone.isEmpty {
                    self = .stricter
                } else if came.isEmpty && !gone.isEmpty {
                    self = .looser
                } else {
                    self = .other
                }
            case (.row(let old), .row(let new)):
                self = new.level.rank > old.level.rank ? .stricter : new.level.rank < old.level.rank ? .looser : .other
            default:
                self = .other
            }
        }
    }

    /// Which command's answer changed.
    public var decision: Decision
    /// How many requests or rows of the decision space change this way (the example is the first).
    public var count = 1
    /// The decision in words (`the role 'Billing' not held`).
    public var description: String
    /// Which way the answer moved.
    public var direction: Direction
    /// The input that shows the change, ready to run through `check` or `classify`.
    public var example: DiffExample
    /// The example's answer in the earlier catalog.
    public var before: DiffAnswer
    /// The example's answer in the catalog as it is now.
    public var after: DiffAnswer

    /// Whether the example is a valid request before that is refused now or gets another plan: what `lint
    /// --baseline` reports as `breaking-change` (SPEC 20).
    public var isBreaking: Bool {
        guard case .verdict(let old) = before, case .verdict(let new) = after, old.valid else { return false }
        return !new.valid || old.plan != new.plan
    }
}

/// A concrete input that shows a cell: a request as `check` reads it, CSV rows as `classify` reads them, or a
/// creation time as `availability` reads it.
public enum DiffExample: Sendable {
    /// A request, with the `existing` integrations and `today` it is judged with.
    case request(CheckBody)
    /// Performance rows of one app and day; the cell is about the last.
    case rows([DiffRow])
    /// A creation time for the availability timeline.
    case created(UTCTimestamp)

    init(_ item: DecisionSpace.Probe.Item) {
        switch item {
        case .check(let body): self = .request(body)
        case .rows(let rows): self = .rows(rows)
        }
    }

    /// The rows as a CSV file with a header, every row of the same app and day.
    public static func csv(_ rows: [DiffRow]) -> String {
        let columns = PerformanceColumns()
        var lines = [[columns.appID, columns.mediaSource, columns.date, columns.adType].joined(separator: ",")]
        for row in rows {
            lines.append(
                [DecisionSpace.app, row.mediaSource, DecisionSpace.date, row.adType].map { String(decoding: CSVField.encode($0), as: UTF8.self) }
                    .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The answer to a cell's example in one catalog.
public enum DiffAnswer: Sendable {
    /// The verdict `check` gives, with its `because`.
    case verdict(Verdict)
    /// The level `classify` gives the example's last row.
    case row(Row)
    /// The timeline `availability` gives.
    case availability(AvailabilityTimeline)

    /// The level of the example's last row (the one the cell is about), and the partner-file place that decided it.
    public struct Row: Sendable, Hashable {
        /// Where a row lands.
        public enum Level: String, Sendable, Hashable {
            /// Reported per creative.
            case creative
            /// Reported at ad level only.
            case ad
            /// Dropped as a duplicate of the integration that supersedes its media source.
            case dropped

            var rank: Int {
                switch self {
                case .creative: 0
                case .ad: 1
                case .dropped: 2
                }
            }
        }

        /// Where the row lands.
        public var level: Level
        /// The partner-file places that decided it (the ad-type entry or the supersession); empty for a creative row.
        public var because: [SourcePlace]

        init(_ rows: [DiffRow], in catalog: Catalog) {
            let compiled = catalog.compiled
            guard let row = rows.last else {
                self.level = .creative
                self.because = []
                return
            }
            let owner = compiled.rows.partner(mediaSource: row.mediaSource).flatMap { id in compiled.partners.first { $0.id == id } }
            if rows.count > 1, let live = rows.first, compiled.rows.duplicates(legacy: row.mediaSource, live: live.mediaSource) {
                level = .dropped
                let entry = owner?.definition.supersedes.firstIndex { $0.mediaSource == row.mediaSource }
                because = entry.flatMap { owner?.places.supersedes[$0] }.map { [$0] } ?? []
                return
            }
            level = compiled.rows.granularity(mediaSource: row.mediaSource, adType: row.adType) == .creative ? .creative : .ad
            guard level == .ad, let owner else {
                because = []
                return
            }
            let key = AdTypeKey.make(row.adType)
            let entry = owner.definition.adTypes.names.firstIndex { $0.spellings.contains { AdTypeKey.make($0) == key } }
            because = [entry.map { owner.places.adTypeEntries[$0] } ?? owner.places.adTypes]
        }
    }

    /// What changed from `before` to `after`, without the request it was seen on: the issues that came and went
    /// (code and path), the validity, the plan and the partner; a row's levels and the entries that decided them.
    static func change(from before: DiffAnswer, to after: DiffAnswer) -> String {
        switch (before, after) {
        case (.verdict(let old), .verdict(let new)):
            let (came, gone) = issues(from: old, to: new)
            // Validity follows from the errors that came or went; it is left out so that a refusal added to
            // valid and to already refused requests alike is one decision.
            let plan = old.plan == new.plan ? "" : "\(old.plan.rawValue)>\(new.plan.rawValue)"
            let others = "\(plan)|\(old.partner ?? "")>\(new.partner ?? "")"
                + "|\(old.credentials != new.credentials || old.candidates != new.candidates)"
            return "+\(came.sorted())-\(gone.sorted())|\(others)"
        case (.row(let old), .row(let new)):
            return "\(old.level)>\(new.level)|\(old.because)>\(new.because)"
        default:
            return before.key + ">" + after.key
        }
    }

    /// The issues (code and path) that `new` has and `old` has not, and those `old` has and `new` has not, sorted.
    static func issues(from old: Verdict, to new: Verdict) -> (came: [String], gone: [String]) {
        func issues(_ verdict: Verdict) -> [String] { (verdict.errors + verdict.warnings).map { "\($0.code.rawValue)@\($0.path)" } }
        var gone = issues(old)
        var came: [String] = []
        for issue in issues(new) {
            if let index = gone.firstIndex(of: issue) { gone.remove(at: index) } else { came.append(issue) }
        }
        return (came.sorted(), gone.sorted())
    }

    /// What is compared: the verdict without its words and places, the row's level, the timeline.
    var key: String {
        switch self {
        case .verdict(let verdict):
            let issues = { (list: [Verdict.Issue]) in list.map { "\($0.code.rawValue)@\($0.path)" }.sorted().joined(separator: ",") }
            let credentials = verdict.credentials.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            let candidates = verdict.candidates.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            return [
                "\(verdict.valid)", verdict.partner ?? "", verdict.mediaSource ?? "", verdict.plan.rawValue, issues(verdict.errors),
                issues(verdict.warnings), credentials, candidates,
            ].joined(separator: "|")
        case .row(let row):
            return row.level.rawValue
        case .availability(let timeline):
            return String(decoding: timeline.jsonBytes(), as: UTF8.self)
        }
    }
}

extension RowRules {
    /// Whether a row of `legacy` is a duplicate when `live` has rows for the same app and day: `legacy` is a
    /// superseded source whose performance data duplicates the partner of `live`'s (the rule `classify` applies).
    func duplicates(legacy: String, live: String) -> Bool {
        guard let old = sources.index(of: legacy), let current = sources.index(of: live) else { return false }
        let group = sourceInfo[old].supersededGroup
        return group >= 0 && sourceInfo[current].supersedingGroup == group
    }
}
