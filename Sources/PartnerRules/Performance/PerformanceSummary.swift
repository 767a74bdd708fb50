internal import ByteIO

/// Row counts per media source and app, as `classify --summary` writes them.
///
/// Counts describe the input: `rows` is every row of the media source and app, duplicates included;
/// `creativeRows + adRows == rows`; `duplicates` is how many of them were duplicates (dropped, or marked).
/// So the summary is the same under `--duplicates drop` and `--duplicates mark`.
public struct PerformanceSummary: Sendable, Hashable {
    /// The counts of one group of rows.
    public struct Counts: Sendable, Hashable {
        /// Every row of the group in the input, duplicates included.
        public var rows = 0
        /// Rows that reach creative level.
        public var creativeRows = 0
        /// Rows that stay at ad level.
        public var adRows = 0
        /// Legacy rows found to duplicate a newer source's data.
        public var duplicates = 0

        /// Counts to start from or compare with.
        public init(rows: Int = 0, creativeRows: Int = 0, adRows: Int = 0, duplicates: Int = 0) {
            self.rows = rows
            self.creativeRows = creativeRows
            self.adRows = adRows
            self.duplicates = duplicates
        }

        /// `creativeRows / rows`; 0 when there are no rows.
        public var coverage: Double { rows == 0 ? 0 : Double(creativeRows) / Double(rows) }

        static func + (lhs: Counts, rhs: Counts) -> Counts {
            Counts(
                rows: lhs.rows + rhs.rows, creativeRows: lhs.creativeRows + rhs.creativeRows,
                adRows: lhs.adRows + rhs.adRows, duplicates: lhs.duplicates + rhs.duplicates)
        }
    }

    /// One media source: its totals and its apps.
    public struct Source: Sendable, Hashable {
        /// The media source, as rows carry it.
        public var mediaSource: String
        /// The partner the media source belongs to, `nil` when the catalog does not know it.
        public var partner: String?
        /// The counts over all of this source's rows.
        public var totals: Counts
        /// Per app id, sorted by app id.
        public var apps: [App]
    }

    /// One app of a media source.
    public struct App: Sendable, Hashable {
        /// The app, as rows carry it.
        public var appID: String
        /// The counts over this app's rows of the source.
        public var counts: Counts
    }

    /// Every media source seen, sorted by media source (byte order).
    public var sources: [Source]

    /// The summary as JSON, keys in a fixed order, two-space indented, ending with a newline:
    ///
    /// ```json
    /// {"media_sources": [{"media_source": "…", "partner": "…", "rows": 3, "creative_rows": 2, "ad_rows": 1,
    ///   "duplicates": 0, "coverage": 0.6666666666666666, "apps": [{"app_id": "…", "rows": 3, …}]}]}
    /// ```
    public var json: String {
        var writer = JSONWriter(indent: 2)
        writer.beginObject()
        writer.key("media_sources")
        writer.array(sources) { writer, source in
            writer.beginObject()
            writer.member("media_source", string: source.mediaSource)
            writer.key("partner")
            writer.optionalString(source.partner)
            source.totals.write(to: &writer)
            writer.key("apps")
            writer.array(source.apps) { writer, app in
                writer.object(inline: true) { writer in
                    writer.member("app_id", string: app.appID)
                    app.counts.write(to: &writer, sameLine: true)
                }
            }
            writer.endObject()
        }
        writer.endObject()
        return writer.text + "\n"
    }
}

extension PerformanceSummary.Counts {
    /// The counts' members, on one line; the first on a line of its own unless `sameLine`.
    fileprivate func write(to writer: inout JSONWriter, sameLine: Bool = false) {
        writer.key("rows", sameLine: sameLine)
        writer.int(rows)
        writer.key("creative_rows", sameLine: true)
        writer.int(creativeRows)
        writer.key("ad_rows", sameLine: true)
        writer.int(adRows)
        writer.key("duplicates", sameLine: true)
        writer.int(duplicates)
        writer.key("coverage", sameLine: true)
        writer.double(coverage)
    }
}

/// Counts rows per (media source, app) while the classifier streams, keyed by bytes.
struct SummaryBuilder {
    private var keys = ByteKeyMap()
    private var counts: [PerformanceSummary.Counts] = []

    /// Counts one row.
    mutating func add(
        mediaSource: UnsafeRawBufferPointer, appID: UnsafeRawBufferPointer, granularity: Granularity, duplicate: Bool
    ) {
        let length = 4 + mediaSource.count + appID.count
        let index = withUnsafeTemporaryAllocation(byteCount: length, alignment: 4) { key in
            key.storeBytes(of: UInt32(truncatingIfNeeded: mediaSource.count), as: UInt32.self)
            UnsafeMutableRawBufferPointer(rebasing: key[4..<(4 + mediaSource.count)]).copyMemory(from: mediaSource)
            UnsafeMutableRawBufferPointer(rebasing: key[(4 + mediaSource.count)...]).copyMemory(from: appID)
            return keys.insert(UnsafeRawBufferPointer(key)).index
        }
        if index == counts.count { counts.append(PerformanceSummary.Counts()) }
        counts[index].rows += 1
        if granularity == .creative { counts[index].creativeRows += 1 } else { counts[index].adRows += 1 }
        if duplicate { counts[index].duplicates += 1 }
    }

    /// The summary, sorted; `partner` names a media source's partner.
    func summary(partner: (String) -> String?) -> PerformanceSummary {
        var bySource: [[UInt8]: [(app: [UInt8], counts: PerformanceSummary.Counts)]] = [:]
        for index in 0..<keys.count {
            let key = keys.key(at: index)
            let length = key.prefix(4).withUnsafeBytes { Int($0.loadUnaligned(as: UInt32.self)) }
            let source = Array(key[4..<(4 + length)])
            bySource[source, default: []].append((Array(key[(4 + length)...]), counts[index]))
        }
        let sources = bySource.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { sourceKey in
            let apps = (bySource[sourceKey] ?? []).sorted { $0.app.lexicographicallyPrecedes($1.app) }
            let mediaSource = String(decoding: sourceKey, as: UTF8.self)
            return PerformanceSummary.Source(
                mediaSource: mediaSource, partner: partner(mediaSource),
                totals: apps.map(\.counts).reduce(PerformanceSummary.Counts(), +),
                apps: apps.map { PerformanceSummary.App(appID: String(decoding: $0.app, as: UTF8.self), counts: $0.counts) })
        }
        return PerformanceSummary(sources: sources)
    }
}

extension PerformanceSummary {
    /// Writes ``json`` to `path`, under a temporary name renamed into place when complete.
    public func write(to path: String) throws(ClassifyError) {
        do { try AtomicFile.write(json, to: path) } catch { throw .unwritableOutput(path: path, reason: error.reason) }
    }
}
