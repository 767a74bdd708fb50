public import PartnerRules
import Synchronization

/// The catalog a running server answers from, and how to load it again.
///
/// Like ``PartnerRules/CatalogStore``, a reload swaps one compiled catalog in one step and keeps the last good
/// one when the new files are bad; unlike it, it may start with no catalog at all (`serve --watch` with a bad
/// catalog at start answers `/readyz` 503 until a reload succeeds), and it loads through any loader: the
/// partners folder, or a bundle.
public final class ServedCatalog: Sendable {
    /// Builds a catalog from wherever it lives; throws when it cannot be read or has errors.
    public typealias Loader = @Sendable () throws(CatalogError) -> Catalog

    private let loader: Loader
    private let state: Mutex<Catalog?>
    /// Held while loading, so reloads from a signal, the watcher and `/v1/reload` take turns.
    private let loading = Mutex(())

    /// Loads once with `loader`; the error says why no catalog is active (`nil` when one is).
    public init(loader: @escaping Loader) {
        self.loader = loader
        var catalog: Catalog?
        var failure: CatalogError?
        do { catalog = try loader() } catch { failure = error }
        self.state = Mutex(catalog)
        self.initialError = failure
    }

    /// Why the first load failed, or `nil` when it succeeded.
    public let initialError: CatalogError?

    /// A store that serves `catalog` and reloads with `loader`.
    public init(catalog: Catalog, loader: @escaping Loader) {
        self.loader = loader
        self.state = Mutex(catalog)
        self.initialError = nil
    }

    /// The active catalog, or `nil` before the first good load. Take it once per request and answer from it.
    public var current: Catalog? {
        state.withLock { $0 }
    }

    /// Loads again. On success the new catalog replaces the old one; on failure the old one stays.
    ///
    /// - Returns: the error that kept the old catalog, or `nil` when the new one was taken.
    @discardableResult
    public func reload() -> CatalogError? {
        loading.withLock { _ -> CatalogError? in
            do throws(CatalogError) {
                let catalog = try loader()
                state.withLock { $0 = catalog }
                return nil
            } catch {
                return error
            }
        }
    }
}
