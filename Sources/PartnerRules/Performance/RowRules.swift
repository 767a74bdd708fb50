/// Whether a performance row's data reaches creative level or stays at ad level.
public enum Granularity: String, Sendable, Hashable, CaseIterable {
    /// The row's partner delivers creative-level data for its ad type.
    case creative
    /// Ad-level only: the ad type is not supported at creative level, or the media source is not in the catalog.
    case ad
}

/// The names of the columns the row rules read. Every other column passes through untouched.
public struct PerformanceColumns: Sendable, Hashable {
    /// The column holding the app id (`app_id`).
    public var appID: String
    /// The column holding the media source (`media_source`).
    public var mediaSource: String
    /// The column holding the day (`date`).
    public var date: String
    /// The column holding the ad type (`ad_type`).
    public var adType: String

    /// The columns SPEC section 6 fixes: `app_id`, `media_source`, `date`, `ad_type`.
    public init(appID: String = "app_id", mediaSource: String = "media_source", date: String = "date", adType: String = "ad_type") {
        self.appID = appID
        self.mediaSource = mediaSource
        self.date = date
        self.adType = adType
    }

    /// The required columns, in the order error messages name them.
    public var all: [String] { [appID, mediaSource, date, adType] }

    /// The name of the column `classify` and the SQL add.
    public static let granularity = "granularity"
    /// The name of the column `classify --duplicates mark` adds.
    public static let duplicate = "duplicate"
    /// The name of the column `classify --explain` adds last (SPEC 5a).
    public static let because = "because"
}

/// The catalog's rules for performance rows, compiled once into byte-level lookup tables.
///
/// - A row's media source is matched **exactly** (case-sensitive, byte for byte) against every live and
///   superseded media source in the catalog; the ids are fixed by the catalog and other tools match on them
///   as written. A media source that matches none is `ad`.
/// - A row's ad type is compared by its ad-type key (ASCII letters lower-cased; spaces, tabs, `-`, `_` and `/`
///   removed) against every spelling the partner lists. With an `unsupported` list, listed types are `ad` and
///   all others `creative`; with a `supported` list, listed types are `creative` and all others, the empty
///   ad type included, `ad`.
/// - Duplicates: a superseded media source whose `duplicates` include `performance` has its rows for an
///   (`app_id`, `date`) dropped when any live media source of the same partner has a row for that app and date.
///
/// `classify` and the SQL of `partner-rules sql` both work from this one value, compiled once
/// with the catalog, so they agree with each other and with ``Partner/reachesCreativeLevel(adType:)``.
public struct RowRules: Sendable {
    /// One partner's rules, in the form the SQL generator writes them out.
    public struct PartnerRule: Sendable, Hashable {
        /// The partner id.
        public let partner: String
        /// Live and superseded media sources, in catalog order.
        public let mediaSources: [String]
        /// `true`: `adTypeKeys` lists the creative-level types; `false`: the ad-level-only ones.
        public let listsSupported: Bool
        /// The ad-type keys (ASCII letters lower-cased; space, tab, `-`, `_` and `/` removed) of every listed spelling, sorted, without duplicates.
        public let adTypeKeys: [String]
        /// The partner's live media sources, whose rows supersede `supersededSources`.
        public let liveSources: [String]
        /// Superseded media sources whose performance rows are duplicates of the live ones'.
        public let supersededSources: [String]
    }

    /// Per media source: which partner, and its part in deduplication.
    struct SourceInfo: Sendable {
        var partner: Int
        /// The partner's index when this is a live source of a partner with deduplicated legacy sources.
        var supersedingGroup: Int
        /// The partner's index when rows of this legacy source are duplicates of the live ones'.
        var supersededGroup: Int
    }

    /// The partners' rules, sorted by partner id.
    public let partners: [PartnerRule]
    let sources: ByteKeyMap
    let sourceInfo: [SourceInfo]
    let adTypes: [ByteKeyMap]
    /// The longest ad-type key any partner lists; longer keys cannot match.
    let longestAdTypeKey: Int
    /// For `classify --explain`, as CSV fields (`partners/x.yaml:12`, quoted when needed): per partner, the place
    /// of the ad-type entry each key of `adTypes` came from, and of the list itself (what decides a type it does
    /// not name); per media source, the place of its `supersedes` entry (empty for a live source).
    let adTypeBecause: [[[UInt8]]]
    let adTypeListBecause: [[UInt8]]
    let sourceBecause: [[UInt8]]
    /// The same places as typed values with their columns, for callers that work in memory (the partner tests):
    /// each fact at its own node, so two entries of a one-line list are two places.
    let adTypePlaces: [[SourcePlace]]
    let adTypeListPlaces: [SourcePlace]
    let sourcePlaces: [SourcePlace?]
    /// The `because` field of a row no partner fact decided.
    static let noPlace: [UInt8] = []

    /// The row rules of `catalog`, compiled when the catalog was built.
    public init(catalog: Catalog) {
        self = catalog.compiled.rows
    }

    /// Compiles the rules of partners sorted by id (the catalog's order), with where each fact stands.
    init(compiling definitions: [PartnerDefinition], places: [FactPlaces]) {
        var partners: [PartnerRule] = []
        var sources = ByteKeyMap()
        var sourceInfo: [SourceInfo] = []
        var adTypes: [ByteKeyMap] = []
        var longest = 0
        var adTypePlaces: [[SourcePlace]] = []
        var adTypeListPlaces: [SourcePlace] = []
        var sourcePlaces: [SourcePlace?] = []
        for (index, definition) in definitions.enumerated() {
            let facts = places[index]
            let deduped = definition.supersedes.filter { $0.duplicates.contains(.performance) }.map(\.mediaSource)
            let group = deduped.isEmpty ? -1 : index
            for source in definition.mediaSources where sources.insert(source).inserted {
                sourceInfo.append(SourceInfo(partner: index, supersedingGroup: group, supersededGroup: -1))
                sourcePlaces.append(nil)
            }
            for (entry, legacy) in definition.supersedes.enumerated() where sources.insert(legacy.mediaSource).inserted {
                let superseded = deduped.contains(legacy.mediaSource) ? index : -1
                sourceInfo.append(SourceInfo(partner: index, supersedingGroup: -1, supersededGroup: superseded))
                sourcePlaces.append(facts.supersedes[entry])
            }
            let listsSupported: Bool
            switch definition.adTypes {
            case .supported: listsSupported = true
            case .unsupported: listsSupported = false
            }
            var keys = Set(definition.adTypes.names.flatMap(\.spellings).map(AdTypeKey.make))
            // The empty ad type is never creative-level under a `supported` list.
            if listsSupported { keys.remove("") }
            let sortedKeys = keys.sorted()
            var table = ByteKeyMap()
            for key in sortedKeys {
                table.insert(key)
                longest = max(longest, key.utf8.count)
            }
            adTypes.append(table)
            // Each key to the first entry that lists a spelling of it.
            adTypePlaces.append(sortedKeys.map { key in
                let entry = definition.adTypes.names.firstIndex { $0.spellings.contains { AdTypeKey.make($0) == key } }
                return entry.map { facts.adTypeEntries[$0] } ?? facts.adTypes
            })
            adTypeListPlaces.append(facts.adTypes)
            partners.append(
                PartnerRule(
                    partner: definition.id,
                    mediaSources: definition.mediaSources + definition.supersedes.map(\.mediaSource),
                    listsSupported: listsSupported, adTypeKeys: sortedKeys,
                    liveSources: definition.mediaSources, supersededSources: deduped))
        }
        self.partners = partners
        self.sources = sources
        self.sourceInfo = sourceInfo
        self.adTypes = adTypes
        self.longestAdTypeKey = longest
        // `classify --explain` writes a place as `partners/x.yaml:12`, a CSV field made once here.
        func field(_ place: SourcePlace) -> [UInt8] { CSVField.encode("\(place.file):\(place.line)") }
        self.adTypePlaces = adTypePlaces
        self.adTypeListPlaces = adTypeListPlaces
        self.sourcePlaces = sourcePlaces
        self.adTypeBecause = adTypePlaces.map { $0.map(field) }
        self.adTypeListBecause = adTypeListPlaces.map(field)
        self.sourceBecause = sourcePlaces.map { $0.map(field) ?? [] }
    }

    /// Whether any partner has a superseded source whose rows can be duplicates.
    public var deduplicates: Bool { partners.contains { !$0.supersededSources.isEmpty } }

    /// The granularity of a row with this media source and ad type.
    public func granularity(mediaSource: String, adType: String) -> Granularity {
        var mediaSource = mediaSource
        var adType = adType
        return mediaSource.withUTF8 { source in
            adType.withUTF8 { type in
                granularity(source: sourceIndex(UnsafeRawBufferPointer(source)), adType: UnsafeRawBufferPointer(type))
            }
        }
    }

    /// The partner id a media source belongs to (live or superseded, matched exactly), or `nil`.
    public func partner(mediaSource: String) -> String? {
        sources.index(of: mediaSource).map { partners[sourceInfo[$0].partner].partner }
    }

    // MARK: Byte level, for the classifier's hot loop

    /// The index of a media source in `sourceInfo`, or -1 when the catalog does not know it.
    @inline(__always)
    func sourceIndex(_ bytes: UnsafeRawBufferPointer) -> Int {
        sources.index(of: bytes) ?? -1
    }

    /// The granularity of a row whose media source has index `source` (-1: unknown).
    @inline(__always)
    func granularity(source: Int, adType: UnsafeRawBufferPointer) -> Granularity {
        guard source >= 0 else { return .ad }
        let partner = sourceInfo[source].partner
        let listed = listedKey(partner: partner, adType: adType) != nil
        return listed == partners[partner].listsSupported ? .creative : .ad
    }

    /// The granularity of a row and, for an ad-level row of a known partner, the place that decided it as a CSV
    /// field: the ad-type entry that lists it, or the `supported` list that does not.
    func explainedGranularity(source: Int, adType: UnsafeRawBufferPointer) -> (Granularity, [UInt8]) {
        guard source >= 0 else { return (.ad, []) }
        let partner = sourceInfo[source].partner
        let key = listedKey(partner: partner, adType: adType)
        if (key != nil) == partners[partner].listsSupported { return (.creative, []) }
        return (.ad, key.map { adTypeBecause[partner][$0] } ?? adTypeListBecause[partner])
    }

    /// The partner-file places that decided a row, typed (SPEC 5a): a duplicate's `supersedes` entry; else the
    /// ad-type entry that lists the row's type, or, under a `supported` list that does not list it, the list.
    /// Unlike `classify --explain`, a creative row names the `supported` entry that let it through, since that
    /// entry decided it too.
    func decidingPlaces(mediaSource: String, adType: String, duplicate: Bool) -> [SourcePlace] {
        guard let source = sources.index(of: mediaSource) else { return [] }
        if duplicate { return sourcePlaces[source].map { [$0] } ?? [] }
        let partner = sourceInfo[source].partner
        var adType = adType
        let key = adType.withUTF8 { listedKey(partner: partner, adType: UnsafeRawBufferPointer($0)) }
        if let key { return [adTypePlaces[partner][key]] }
        return partners[partner].listsSupported ? [adTypeListPlaces[partner]] : []
    }

    /// The index in `adTypes[partner]` of the row's ad-type key, when the partner lists it.
    @inline(__always)
    private func listedKey(partner: Int, adType: UnsafeRawBufferPointer) -> Int? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: longestAdTypeKey + 1) { key -> Int? in
            var count = 0
            for byte in adType where !AdTypeKey.isIgnored(byte) {
                // A key longer than every listed one cannot be listed.
                guard count <= longestAdTypeKey else { return nil }
                key[count] = AdTypeKey.fold(byte)
                count += 1
            }
            guard count <= longestAdTypeKey else { return nil }
            return adTypes[partner].index(of: UnsafeRawBufferPointer(start: key.baseAddress, count: count))
        }
    }
}
