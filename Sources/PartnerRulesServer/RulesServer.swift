public import Hummingbird
public import Logging
public import PartnerRules

/// The engine over HTTP (`partner-rules serve`, SPEC 14 and 17), for services not written in Swift.
///
/// Routes, by concern (each in its own file under `Routes/`; `schemas/openapi.yaml` describes every one, and a test
/// holds the router's routes equal to it):
/// - operations: `GET /healthz`, `GET /readyz`, `GET /metrics`, `GET /openapi.yaml`, `POST /v1/reload`;
/// - the catalog: `GET /v1/partners`, `GET /v1/partners/{id}` (the credential form), `GET /v1/partners/{id}/source`;
/// - questions: `POST /v1/check`, `POST /v1/check/batch`, `POST /v1/check/ndjson`, `POST /v1/classify`, `GET /v1/availability`;
/// - editing: `POST /v1/lint`, `POST /v1/preview`, `POST /v1/diff`;
/// - the playground: `GET /`, `GET /playground/{name}`.
///
/// Each request takes ``ServedCatalog/current`` once and answers everything from it, so a reload never changes
/// the rules under a request in flight and every `/v1/check` answer names the one revision it was computed with.
/// Every error answer has the one shape `{"error": {"line", "column", "path", "message"}}`.
public struct RulesServer: Sendable {
    public let catalog: ServedCatalog
    public let options: Options
    public let metrics: ServerMetrics
    public let logger: Logger

    /// What `serve`'s flags set.
    public struct Options: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
        /// The options with the reload token masked, so no log or dump shows it.
        public var description: String {
            "Options(reloadToken: \(reloadToken == nil ? "none" : "***"), jsonBodyLimit: \(jsonBodyLimit), classifyBodyLimit: \(classifyBodyLimit), decisionLog: \(decisionLog == nil ? "none" : "on"))"
        }
        public var debugDescription: String { description }

        /// `/v1/reload` needs `Authorization: Bearer TOKEN` when set.
        public var reloadToken: String?
        /// The largest JSON body read (`/v1/check`, `/v1/lint`, `/v1/preview`), in bytes.
        public var jsonBodyLimit: Int
        /// The largest CSV body `/v1/classify` reads, in bytes.
        public var classifyBodyLimit: Int

        /// Where every decision is logged, one JSON line each (`--decision-log`); `nil`: nowhere.
        public var decisionLog: DecisionLog?

        public init(
            reloadToken: String? = nil, jsonBodyLimit: Int = 1 << 20, classifyBodyLimit: Int = 1 << 30, decisionLog: DecisionLog? = nil
        ) {
            self.reloadToken = reloadToken
            self.jsonBodyLimit = jsonBodyLimit
            self.classifyBodyLimit = classifyBodyLimit
            self.decisionLog = decisionLog
        }
    }

    public init(catalog: ServedCatalog, options: Options = Options(), metrics: ServerMetrics = ServerMetrics(), logger: Logger? = nil) {
        self.catalog = catalog
        self.options = options
        self.metrics = metrics
        self.logger = logger ?? Logger(label: "partner-rules")
        metrics.activeRevision(catalog.current?.revision)
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RequestObserver(metrics: metrics))
        addOperationRoutes(to: router)
        addCatalogRoutes(to: router)
        addCheckRoutes(to: router)
        addBatchRoutes(to: router)
        addClassifyRoutes(to: router)
        addAvailabilityRoutes(to: router)
        addDraftRoutes(to: router)
        addDiffRoutes(to: router)
        addPlaygroundRoutes(to: router)
        return router
    }

    /// Loads the catalog again (SIGHUP, the watcher, `POST /v1/reload`): counts and logs the outcome, and keeps the
    /// last good catalog on failure.
    ///
    /// - Returns: the error that kept the old catalog, or `nil` when the new one was taken.
    @discardableResult
    public func reload(trigger: String) -> CatalogError? {
        let failure = catalog.reload()
        metrics.reload(succeeded: failure == nil)
        let revision = catalog.current?.revision
        metrics.activeRevision(revision)
        if let failure {
            let summary: String
            switch failure {
            case .unreadable(let path, let reason): summary = "\(path): \(reason)"
            case .invalid(let findings):
                summary = findings.sorted().prefix(3).map(\.description).joined(separator: "; ")
                    + (findings.count > 3 ? "; and \(findings.count - 3) more" : "")
            }
            logger.error(
                "reload failed; the last good catalog stays active",
                metadata: ["trigger": "\(trigger)", "outcome": "failure", "revision": "\(revision ?? "none")", "reason": "\(summary)"])
        } else {
            logger.info("reloaded", metadata: ["trigger": "\(trigger)", "outcome": "success", "revision": "\(revision ?? "none")"])
        }
        return failure
    }
}
