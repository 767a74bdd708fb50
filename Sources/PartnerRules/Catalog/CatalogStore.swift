import Synchronization

/// Holds the current catalog of a long-running service and reloads it from disk.
///
/// Readers take the current ``Catalog`` (a value: it never changes under them). The catalog carries
/// its whole compiled state, so a reload swaps every index, rule and table in one step: a reader
/// that takes ``current`` once answers everything from one catalog. A reload that finds errors
/// keeps the last good catalog and returns the findings, so a bad edit never takes a running
/// service down.
///
/// The catalog comes from a partners folder or from a catalog bundle (``CatalogBundle``); a bundle store
/// reloads by reading the bundle again, and keeps the last good catalog when the new bundle is corrupt, fails
/// verification or is of a newer format.
public final class CatalogStore: Sendable {
    /// Where the store reads its catalog.
    public enum Source: Sendable, Hashable {
        /// A partners folder (`partners`).
        case directory(String)
        /// A catalog bundle file, written by `partner-rules bundle`.
        case bundle(String)
    }

    public let source: Source
    public let limits: YAMLLimits
    private let verifier: (any CatalogBundleVerifier)?
    private let state: Mutex<Catalog>

    /// The partners folder, or the bundle file, the store reads.
    public var directory: String {
        switch source {
        case .directory(let path), .bundle(let path): return path
        }
    }

    /// Loads the catalog once; throws when the files cannot be read or have errors.
    public init(directory: String, limits: YAMLLimits = .default) throws(CatalogError) {
        self.source = .directory(directory)
        self.limits = limits
        self.verifier = nil
        self.state = Mutex(try CatalogLoader.load(directory: directory, limits: limits))
    }

    /// Loads the catalog from the bundle at `path` once, and from it again on each ``reload()``; with a
    /// `verifier`, only a bundle signed with its key is taken. Throws when the bundle cannot be taken
    /// (``CatalogLoader/load(bundle:verifier:)``).
    public init(bundle path: String, verifier: (any CatalogBundleVerifier)? = nil) throws(CatalogError) {
        self.source = .bundle(path)
        self.limits = .default
        self.verifier = verifier
        self.state = Mutex(try CatalogLoader.load(bundle: path, verifier: verifier))
    }

    /// The catalog as of the last successful load.
    public var current: Catalog {
        state.withLock { $0 }
    }

    /// Reloads from disk. On success the new catalog replaces the old one; on failure the old one stays.
    ///
    /// - Returns: the error that kept the old catalog, or `nil` when the new one was taken.
    @discardableResult
    public func reload() -> CatalogError? {
        do {
            let catalog: Catalog
            switch source {
            case .directory(let path): catalog = try CatalogLoader.load(directory: path, limits: limits)
            case .bundle(let path): catalog = try CatalogLoader.load(bundle: path, verifier: verifier)
            }
            state.withLock { $0 = catalog }
            return nil
        } catch {
            return error
        }
    }
}
