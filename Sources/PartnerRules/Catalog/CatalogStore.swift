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
/// verification or is of a newer format. Reloads take turns: one started while another runs waits for it, so an
/// older load never replaces a newer one.
public final class CatalogStore: Sendable {
    /// Where the store reads its catalog.
    public enum Source: Sendable, Hashable {
        /// A partners folder (`partners`).
        case directory(String)
        /// A catalog bundle file, written by `partner-rules bundle`.
        case bundle(String)
    }

    /// Where the catalog is read from, at start and on every reload.
    public let source: Source
    /// The YAML size and depth limits every load uses.
    public let limits: YAMLLimits
    private let held: LastGoodCatalog

    /// The partners folder, or the bundle file, the store reads.
    public var directory: String {
        switch source {
        case .directory(let path), .bundle(let path): return path
        }
    }

    /// Loads the catalog once; throws when the files cannot be read or have errors.
    public init(directory: String, limits: YAMLLimits = .default) throws(CatalogError) {
        let load: LastGoodCatalog.Loader = { () throws(CatalogError) in try CatalogLoader.load(directory: directory, limits: limits) }
        self.source = .directory(directory)
        self.limits = limits
        self.held = LastGoodCatalog(try load(), loader: load)
    }

    /// Loads the catalog from the bundle at `path` once, and from it again on each ``reload()``; with a
    /// `verifier`, only a bundle signed with its key is taken. Throws when the bundle cannot be taken
    /// (``CatalogLoader/load(bundle:verifier:refusingUnverified:)``).
    public init(bundle path: String, verifier: (any CatalogBundleVerifier)? = nil) throws(CatalogError) {
        let load: LastGoodCatalog.Loader = { () throws(CatalogError) in try CatalogLoader.load(bundle: path, verifier: verifier) }
        self.source = .bundle(path)
        self.limits = .default
        self.held = LastGoodCatalog(try load(), loader: load)
    }

    /// The catalog as of the last successful load.
    public var current: Catalog {
        guard let catalog = held.current else {
            preconditionFailure("a store starts with a catalog (its initializer throws otherwise) and a reload only replaces it")
        }
        return catalog
    }

    /// Reloads from disk. On success the new catalog replaces the old one; on failure the old one stays, and the
    /// error says why: ignoring it is a compiler warning (a service should log it, or count it).
    ///
    /// A reload fails, and keeps the last good catalog, when the folder or bundle cannot be read (deleted, moved,
    /// not a folder), when a file has an error (YAML, the schema, the catalog's rules), when the folder holds no
    /// partner file (an emptied folder, or one whose files were renamed away), or when a bundle is corrupt, of a
    /// newer format, or fails verification.
    ///
    /// Reads and compiles on the calling thread while holding the store's reload turn (readers never wait); use
    /// ``reloadDetached()`` from a task to keep its thread free.
    ///
    /// - Returns: the error that kept the old catalog, or `nil` when the new one was taken.
    public func reload() -> CatalogError? {
        held.reload()
    }

    /// Reloads from disk without blocking the caller: the files are read and compiled on a task of their own with
    /// no lock held, and only the swap of the finished catalog takes the lock. When reloads overlap, the one started
    /// last wins. Fails as ``reload()`` does.
    ///
    /// - Returns: the error that kept the old catalog, or `nil` when the new one was taken.
    public func reloadDetached() async -> CatalogError? {
        await held.reloadDetached()
    }
}
