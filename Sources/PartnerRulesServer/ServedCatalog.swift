public import PartnerRules

/// The catalog a running server answers from, and how to load it again.
///
/// Like ``PartnerRules/CatalogStore``, a reload swaps one compiled catalog in one step and keeps the last good
/// one when the new files are bad; unlike it, it may start with no catalog at all (`serve --watch` with a bad
/// catalog at start answers `/readyz` 503 until a reload succeeds), and it loads through any loader: the
/// partners folder, or a bundle.
public final class ServedCatalog: Sendable {
    /// Builds a catalog from wherever it lives; throws when it cannot be read or has errors.
    public typealias Loader = @Sendable () throws(CatalogError) -> Catalog

    private let held: LastGoodCatalog

    /// Loads once with `loader`; the error says why no catalog is active (`nil` when one is).
    public init(loader: @escaping Loader) {
        var catalog: Catalog?
        var failure: CatalogError?
        do { catalog = try loader() } catch { failure = error }
        self.held = LastGoodCatalog(catalog, loader: loader)
        self.initialError = failure
    }

    /// Why the first load failed, or `nil` when it succeeded.
    public let initialError: CatalogError?

    /// A store that serves `catalog` and reloads with `loader`.
    public init(catalog: Catalog, loader: @escaping Loader) {
        self.held = LastGoodCatalog(catalog, loader: loader)
        self.initialError = nil
    }

    /// The active catalog, or `nil` before the first good load. Take it once per request and answer from it.
    public var current: Catalog? {
        held.current
    }

    /// Loads again. On success the new catalog replaces the old one; on failure the old one stays. Reloads take
    /// turns (from a signal, the watcher and `/v1/reload`).
    ///
    /// - Returns: the error that kept the old catalog, or `nil` when the new one was taken.
    public func reload() -> CatalogError? {
        held.reload()
    }
}
