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
    /// The catalog, and the number of the load that made it (0: the first).
    private let state: Mutex<(catalog: Catalog?, load: Int)>
    /// Numbers loads in the order they start; a load's catalog is taken only when no later-started load's was.
    private let started = Atomic<Int>(0)
    /// Held while a synchronous reload loads, so reloads from a signal, a watcher and an HTTP call take turns.
    private let loading = Mutex(())

    /// Holds `first` (`nil`: no catalog yet) and loads with `loader` on each ``reload()``.
    package init(_ first: Catalog?, loader: @escaping Loader) {
        self.loader = loader
        self.state = Mutex((first, 0))
    }

    /// The catalog of the last successful load, or `nil` before one.
    package var current: Catalog? {
        state.withLock { $0.catalog }
    }

    /// Loads again. On success the new catalog replaces the old one; on failure the old one stays. Synchronous
    /// reloads take turns; readers never wait for one.
    ///
    /// - Returns: the error that kept the old catalog, or `nil` when the new one was taken.
    package func reload() -> CatalogError? {
        loading.withLock { _ in take(load()) }
    }

    /// ``reload()`` without blocking the caller: the files are read and the catalog compiled on a task of its own,
    /// with no lock held; only the swap takes the lock. When reloads overlap, the catalog of the one started last
    /// wins, so an older load never replaces a newer one.
    package func reloadDetached() async -> CatalogError? {
        let number = started.add(1, ordering: .relaxed).newValue
        let loader = self.loader
        let result = await Task.detached { () -> Result<Catalog, CatalogError> in
            do throws(CatalogError) { return .success(try loader()) } catch { return .failure(error) }
        }.value
        return take((number, result))
    }

    private func load() -> (number: Int, result: Result<Catalog, CatalogError>) {
        let number = started.add(1, ordering: .relaxed).newValue
        do throws(CatalogError) {
            return (number, .success(try loader()))
        } catch {
            return (number, .failure(error))
        }
    }

    private func take(_ loaded: (number: Int, result: Result<Catalog, CatalogError>)) -> CatalogError? {
        switch loaded.result {
        case .failure(let error):
            return error
        case .success(let catalog):
            state.withLock { state in
                if loaded.number > state.load { state = (catalog, loaded.number) }
            }
            return nil
        }
    }
}
