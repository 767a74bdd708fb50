/// The loaded, checked and compiled partner catalog: build once, share everywhere.
///
/// A `Catalog` is an immutable value, `Sendable`, safe to use from many tasks at once. Everything
/// that can be worked out ahead (lookups by name and media source, compiled patterns, normalizer
/// chains, ad-type keys) is done while building it, never while answering.
public struct Catalog: Sendable {
    /// The partners, sorted by id.
    public let partners: [Partner]
    /// Catalog-wide settings from `_catalog.yaml`.
    public let settings: CatalogSettings

    private let byName: [String: Int]
    private let byMediaSource: [String: MediaSource]

    /// Builds a catalog from decoded definitions, running every cross-file rule.
    ///
    /// Throws ``CatalogError/invalid(_:)`` with the rules' error findings when the definitions contradict each other.
    public init(definitions: [PartnerDefinition], settings: CatalogSettings = CatalogSettings()) throws(CatalogError) {
        let documents = definitions.map { PartnerDocument(definition: $0, file: "\($0.id).yaml") }
        let findings = CatalogRules.check(documents).filter { $0.severity == .error }
        guard findings.isEmpty else { throw .invalid(findings) }
        self.init(checked: documents.map(\.definition), settings: settings)
    }

    /// Builds from definitions that have passed every rule.
    init(checked definitions: [PartnerDefinition], settings: CatalogSettings) {
        let partners = definitions.sorted { $0.id < $1.id }.map(Partner.init(definition:))
        var byName: [String: Int] = [:]
        var byMediaSource: [String: MediaSource] = [:]
        for (index, partner) in partners.enumerated() {
            let definition = partner.definition
            for name in [definition.id, definition.name] + definition.aliases {
                byName[Catalog.lookupKey(name), default: index] = byName[Catalog.lookupKey(name)] ?? index
            }
            for source in definition.mediaSources {
                byMediaSource[Catalog.lookupKey(source)] = MediaSource(id: source, partnerIndex: index, superseded: nil)
            }
            for legacy in definition.supersedes {
                byMediaSource[Catalog.lookupKey(legacy.mediaSource)] = MediaSource(
                    id: legacy.mediaSource, partnerIndex: index, superseded: legacy)
            }
        }
        self.partners = partners
        self.settings = settings
        self.byName = byName
        self.byMediaSource = byMediaSource
    }

    /// Resolves a partner by id, display name, alias or media source (live or superseded), case-insensitively.
    public func partner(named name: String) -> Partner? {
        let key = Catalog.lookupKey(name)
        if let index = byName[key] { return partners[index] }
        if let source = byMediaSource[key] { return partners[source.partnerIndex] }
        return nil
    }

    /// Resolves a media source id, live or superseded, case-insensitively.
    public func mediaSource(_ id: String) -> (partner: Partner, source: MediaSource)? {
        guard let source = byMediaSource[Catalog.lookupKey(id)] else { return nil }
        return (partners[source.partnerIndex], source)
    }

    /// Every name a request may use for a partner: ids, display names, aliases and media sources.
    public var allNames: [String] {
        partners.flatMap { partner in
            [partner.id, partner.definition.name] + partner.definition.aliases + partner.definition.mediaSources
                + partner.definition.supersedes.map(\.mediaSource)
        }
    }

    /// Lookups ignore case and surrounding white space.
    static func lookupKey(_ name: String) -> String {
        String(name.trimmingWhitespace()).lowercased()
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

/// A partner definition with everything the engine needs precomputed.
public struct Partner: Sendable {
    public let definition: PartnerDefinition
    /// Ad-type match keys (see ``AdTypeName/matchKey(_:)``) of every listed spelling.
    public let adTypeKeys: Set<String>

    public var id: String { definition.id }

    init(definition: PartnerDefinition) {
        self.definition = definition
        self.adTypeKeys = Set(definition.adTypes.names.flatMap { $0.spellings.map(AdTypeName.matchKey) })
    }

    /// Whether rows of this ad type reach creative level for this partner.
    public func reachesCreativeLevel(adType: some StringProtocol) -> Bool {
        let key = AdTypeName.matchKey(adType)
        switch definition.adTypes {
        case .unsupported:
            return !adTypeKeys.contains(key)
        case .supported:
            return !key.isEmpty && adTypeKeys.contains(key)
        }
    }
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
    public var dataAvailability: DataAvailability
    /// Notes shown with every partner in the guide.
    public var notes: [String]

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
