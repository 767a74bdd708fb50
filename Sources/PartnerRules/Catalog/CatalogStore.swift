import Synchronization

/// Holds the current catalog of a long-running service and reloads it from disk.
///
/// Readers take the current ``Catalog`` (a value: it never changes under them). The catalog carries
/// its whole compiled state, so a reload swaps every index, rule and table in one step: a reader
/// that takes ``current`` once answers everything from one catalog. A reload that finds errors
/// keeps the last good catalog and returns the findings, so a bad edit never takes a running
/// service down.
public final class CatalogStore: Sendable {
    /// The partners folder the store loads from and reloads.
    public let directory: String
    /// The YAML size and depth limits every load uses.
    public let limits: YAMLLimits
    private let state: Mutex<Catalog>

    /// Loads the catalog once; throws when the files cannot be read or have errors.
    public init(directory: String, limits: YAMLLimits = .default) throws(CatalogError) {
        self.directory = directory
        self.limits = limits
        self.state = Mutex(try CatalogLoader.load(directory: directory, limits: limits))
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
            let catalog = try CatalogLoader.load(directory: directory, limits: limits)
            state.withLock { $0 = catalog }
            return nil
        } catch {
            return error
        }
    }
}
