import Foundation

/// The loaded, checked and compiled partner catalog: build once, share everywhere.
///
/// A `Catalog` is an immutable value, `Sendable`, safe to use from many tasks at once. It is a
/// view of one compiled catalog: everything that can be worked out ahead (the partner-name index,
/// compiled patterns and normalizer chains, ad-type keys, row tables, the check's rules, where each
/// fact stands in its file) is worked out once, while building it, never while answering.
/// ``IntegrationChecker`` and ``RowRules`` made from a catalog read the same compiled state.
public struct Catalog: Sendable {
    /// The partners, sorted by id.
    public let partners: [Partner]
    /// Catalog-wide settings from `_catalog.yaml`.
    public var settings: CatalogSettings { compiled.settings }

    /// Which files the catalog was built from: `sha256:` and 64 hex digits (``CatalogRevision``). Services put it
    /// beside every answer, so a client knows which rules answered.
    public let revision: String
    /// The files the catalog was built from, in byte order of name; empty for a catalog built from definitions.
    public let sourceFiles: [CatalogSourceFile]

    let compiled: CompiledCatalog

    /// Builds a catalog from decoded definitions, running every file and catalog rule.
    ///
    /// Such a catalog has no files; its revision is computed over the definitions' JSON encoding instead, so that
    /// different definitions still give different revisions.
    ///
    /// Throws ``CatalogError/invalid(_:)`` with the rules' error findings when the definitions contradict each other.
    public init(definitions: [PartnerDefinition], settings: CatalogSettings = CatalogSettings()) throws(CatalogError) {
        let documents = definitions.map { PartnerDocument(definition: $0, file: "\($0.id).yaml") }
        let findings = Rules.check(documents).filter { $0.severity == .error }
        guard findings.isEmpty else { throw .invalid(findings) }
        self.init(checked: documents, settings: settings, sourceFiles: [], revision: CatalogRevision.of(definitions: definitions, settings: settings))
    }

    /// Builds from partner files that have passed every rule; `sourceFiles` are the files they were read from, and
    /// the revision is theirs unless one is given.
    init(checked documents: [PartnerDocument], settings: CatalogSettings, sourceFiles: [CatalogSourceFile] = [], revision: String? = nil) {
        self.compiled = CompiledCatalog(documents: documents, settings: settings)
        self.partners = compiled.partners.map(\.partner)
        self.sourceFiles = CatalogRevision.inNameOrder(sourceFiles)
        self.revision = revision ?? CatalogRevision.of(sourceFiles)
    }

    /// The file of the partner that `name` resolves to (as ``partner(named:)`` resolves it), or `nil` when no partner
    /// answers to the name or the catalog was built from definitions.
    public func sourceFile(ofPartner name: String) -> CatalogSourceFile? {
        guard let partner = partner(named: name) else { return nil }
        let fileName = "\(partner.id).yaml"
        return sourceFiles.first { $0.name == fileName }
    }

    /// Resolves a partner by id, display name, alias or media source (live or superseded), case-insensitively.
    public func partner(named name: String) -> Partner? {
        compiled.target(named: name).map { partners[$0.partner] }
    }

    /// Resolves a media source id, live or superseded, case-insensitively.
    public func mediaSource(_ id: String) -> (partner: Partner, source: MediaSource)? {
        guard let source = compiled.mediaSources[NameKey.make(id)] else { return nil }
        return (partners[source.partnerIndex], source)
    }

    /// Every name a request may use for a partner: ids, display names, aliases and media sources.
    public var allNames: [String] {
        partners.flatMap { partner in
            [partner.id, partner.definition.name] + partner.definition.aliases + partner.definition.mediaSources
                + partner.definition.supersedes.map(\.mediaSource)
        }
    }
}

/// A media source the catalog knows: a partner's live source, or a legacy one it supersedes.
public struct MediaSource: Sendable, Hashable {
    /// The id as the partner file spells it.
    public let id: String
    let partnerIndex: Int
    /// Set when this is a legacy source that the partner's integration replaces.
    public let superseded: SupersededSource?
}

/// A partner definition with the keys its answers use worked out.
public struct Partner: Sendable {
    /// What the partner file says, decoded and typed.
    public let definition: PartnerDefinition
    /// Ad-type keys of every listed spelling (ASCII letters lower-cased; space, tab, `-`, `_` and `/` removed).
    public let adTypeKeys: Set<String>

    /// The partner's id: its file name without `.yaml`.
    public var id: String { definition.id }

    init(definition: PartnerDefinition) {
        self.definition = definition
        self.adTypeKeys = Set(definition.adTypes.names.flatMap { $0.spellings.map(AdTypeKey.make) })
    }

    /// Whether rows of this ad type reach creative level for this partner (the same answer
    /// `classify` and the SQL give: all three compare by the ad-type key).
    public func reachesCreativeLevel(adType: some StringProtocol) -> Bool {
        let key = AdTypeKey.make(adType)
        switch definition.adTypes {
        case .unsupported:
            return !adTypeKeys.contains(key)
        case .supported:
            return !key.isEmpty && adTypeKeys.contains(key)
        }
    }
}

extension Catalog {
    /// Why a folder or bundle without a partner is not loaded: serving none would refuse every request.
    static let noPartners = "holds no partner file (NAME.yaml), so every request would be refused; put the partner files back, or point at the folder that has them"
}

/// Why a catalog could not be built.
public enum CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A path could not be read (missing, not a directory, no permission).
    case unreadable(path: String, reason: String)
    /// The files were read but have errors; the findings say where.
    case invalid([Finding])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): \(reason)"
        case .invalid(let findings):
            return findings.sorted().map(\.description).joined(separator: "\n")
        }
    }
}

/// Catalog-wide settings (`partners/_catalog.yaml`).
public struct CatalogSettings: Sendable, Hashable, Codable {
    /// When a new integration's data appears (`data_availability` in `_catalog.yaml`).
    public var dataAvailability: DataAvailability
    /// Notes shown with every partner in the guide.
    public var notes: [String]

    /// Settings with the given timings and notes; the defaults are those of a catalog without `_catalog.yaml`.
    public init(dataAvailability: DataAvailability = DataAvailability(), notes: [String] = []) {
        self.dataAvailability = dataAvailability
        self.notes = notes
    }
}

/// When data from a new integration appears and how often it is refreshed.
public struct DataAvailability: Sendable, Hashable, Codable {
    /// Days of history pulled when an integration is added.
    public var backfillDays: Int
    /// Hours until the first data is typically available.
    public var firstDataWithinHours: Int
    /// How many times a day creative data is pulled.
    public var creativePullsPerDay: Int
    /// How often performance data is refreshed, in hours.
    public var performanceRefreshHours: Int
    /// When dashboards are refreshed each day, `HH:MM` UTC.
    public var dashboardRefreshUTC: String

    /// Timings as `_catalog.yaml` gives them; each default is the value used when the key is left out.
    public init(
        backfillDays: Int = 90, firstDataWithinHours: Int = 24, creativePullsPerDay: Int = 2,
        performanceRefreshHours: Int = 1, dashboardRefreshUTC: String = "10:00"
    ) {
        self.backfillDays = backfillDays
        self.firstDataWithinHours = firstDataWithinHours
        self.creativePullsPerDay = creativePullsPerDay
        self.performanceRefreshHours = performanceRefreshHours
        self.dashboardRefreshUTC = dashboardRefreshUTC
    }
}
