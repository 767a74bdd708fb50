import CoreMetrics
import Metrics
public import PartnerRules
import Prometheus
import Synchronization

/// The service's metrics (SPEC 17), recorded through swift-metrics into a Prometheus registry of this server's
/// own, and written as Prometheus text for `GET /metrics`:
///
/// - `partner_rules_http_requests_total{route,status}`: answers by route template (`/v1/partners/{id}`, never the
///   path as sent; `unmatched` for a path no route has) and status code;
/// - `partner_rules_http_request_duration_seconds{route}`: a histogram of the time to answer, body included;
/// - `partner_rules_verdicts_total{code}`: `/v1/check` verdicts, `valid` for a valid one, else one count for each
///   distinct error code it holds;
/// - `partner_rules_reloads_total{outcome}`: reloads, `success` or `failure`, whatever asked for them;
/// - `partner_rules_catalog_info{revision}`: 1 for the active catalog's revision (no series before one is active).
public final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let requests = Mutex<[RequestKey: CoreMetrics.Counter]>([:])
    private let durations = Mutex<[String: CoreMetrics.Timer]>([:])
    private let verdicts = Mutex<[String: CoreMetrics.Counter]>([:])
    /// `partner_rules_verdicts_total{code="valid"}`, made once: most verdicts are valid.
    private let validVerdicts: CoreMetrics.Counter
    private let reloads: (success: CoreMetrics.Counter, failure: CoreMetrics.Counter)
    private let info = Mutex<(revision: String, gauge: CoreMetrics.Gauge)?>(nil)

    private struct RequestKey: Hashable {
        var route: String
        var status: Int
    }

    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        // Most answers take well under a millisecond; classify of a large body takes seconds.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        self.factory = factory
        validVerdicts = CoreMetrics.Counter(label: "partner_rules_verdicts_total", dimensions: [("code", "valid")], factory: factory)
        reloads = (
            CoreMetrics.Counter(label: "partner_rules_reloads_total", dimensions: [("outcome", "success")], factory: factory),
            CoreMetrics.Counter(label: "partner_rules_reloads_total", dimensions: [("outcome", "failure")], factory: factory)
        )
    }

    /// Counts one answer of `route` (a route template) with `status`, taking `nanoseconds`.
    func request(route: String, status: Int, nanoseconds: UInt64) {
        let key = RequestKey(route: route, status: status)
        let counter = requests.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = CoreMetrics.Counter(
                label: "partner_rules_http_requests_total", dimensions: [("route", route), ("status", String(status))],
                factory: factory)
            counters[key] = counter
            return counter
        }
        counter.increment()
        let timer = durations.withLock { timers in
            if let timer = timers[route] { return timer }
            let timer = CoreMetrics.Timer(label: "partner_rules_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            timers[route] = timer
            return timer
        }
        timer.recordNanoseconds(Int64(clamping: nanoseconds))
    }

    /// Counts a verdict: `valid`, or each of its error codes once.
    func verdict(_ verdict: Verdict) {
        if verdict.valid {
            validVerdicts.increment()
            return
        }
        for (index, error) in verdict.errors.enumerated() where !verdict.errors[..<index].contains(where: { $0.code == error.code }) {
            let code = error.code.rawValue
            let counter = verdicts.withLock { counters in
                if let counter = counters[code] { return counter }
                let counter = CoreMetrics.Counter(label: "partner_rules_verdicts_total", dimensions: [("code", code)], factory: factory)
                counters[code] = counter
                return counter
            }
            counter.increment()
        }
    }

    /// Counts a reload's outcome.
    func reload(succeeded: Bool) {
        (succeeded ? reloads.success : reloads.failure).increment()
    }

    /// Makes `revision` the one `partner_rules_catalog_info` reports (none for `nil`).
    func activeRevision(_ revision: String?) {
        info.withLock { info in
            guard info?.revision != revision else { return }
            info?.gauge.destroy()
            info = nil
            if let revision {
                let gauge = CoreMetrics.Gauge(label: "partner_rules_catalog_info", dimensions: [("revision", revision)], factory: factory)
                gauge.record(1)
                info = (revision, gauge)
            }
        }
    }

    /// Every metric as Prometheus text (format 0.0.4).
    public func text() -> [UInt8] {
        registry.emitToBuffer()
    }
}
