import Synchronization

/// The catalog a long-running process answers from, and the one way it changes: a reload that swaps the whole
/// compiled catalog in one step when the new load succeeds, and keeps the last good one when it fails.
///
/// What ``CatalogStore`` (the library's store) and `serve`'s catalog share. Reloads take turns: a reload started
/// while another runs waits for it, so a slower, older load never replaces a newer one. Readers never wait for a
/// load; they take ``current`` (a value) once and answer everything from it.
package final class LastGoodCatalog: Sendable {
    /// Builds a catalog from wherever it lives; throws when it cannot be read or has errors.
    package typealias Loader = @Sendable () throws(CatalogError) -> Catalog

    private let loader: Loader
    private let state: Mutex<Catalog?>
    /// Held while loading, so reloads from a signal, a watcher and an HTTP call take turns.
    private let loading = Mutex(())

    /// Holds `first` (`nil`: no catalog yet) and loads with `loader` on each ``reload()``.
    package init(_ first: Catalog?, loader: @escaping Loader) {
        self.loader = loader
        self.state = Mutex(first)
    }

    /// The catalog of the last successful load, or `nil` before one.
    package var current: Catalog? {
        state.withLock { $0 }
    }

    /// Loads again. On success the new catalog replaces the old one; on failure the old one stays.
    ///
    /// - Returns: the error that kept the old catalog, or `nil` when the new one was taken.
    @discardableResult
    package func reload() -> CatalogError? {
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
