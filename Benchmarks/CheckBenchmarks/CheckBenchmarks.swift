import Benchmark
import Foundation
import PartnerRules

/// In-process `check` on a mixed set of requests against the real catalog: valid ones, and ones
/// that break each kind of rule, with a handful of active integrations to clash with.
/// Target: 500,000 checks per second on one core.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.throughput, .wallClock, .mallocCountTotal, .peakMemoryResident])

    Benchmark("check mixed requests", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let setup = try CheckWorkload()
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            let request = setup.requests[iteration % setup.requests.count]
            blackHole(setup.checker.check(request, existing: setup.active, today: setup.today))
        }
    }

    Benchmark("check and encode mixed requests", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let setup = try CheckWorkload()
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            let request = setup.requests[iteration % setup.requests.count]
            blackHole(setup.checker.check(request, existing: setup.active, today: setup.today).jsonBytes())
        }
    }

    Benchmark("decode, check and encode NDJSON lines", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let setup = try CheckWorkload()
        let lines = setup.lines
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            let line = lines[iteration % lines.count]
            let request = try line.withUnsafeBufferPointer { try IntegrationRequest.decode(json: $0) }
            blackHole(setup.checker.check(request, existing: setup.active, today: setup.today).jsonBytes())
        }
    }
}

/// The catalog in `partners/` and a mixed set of requests, as JSON lines and decoded.
struct CheckWorkload {
    let checker: IntegrationChecker
    let active: ActiveIntegrations
    let today = CalendarDate(year: 2024, month: 5, day: 1)
    let lines: [[UInt8]]
    let requests: [IntegrationRequest]

    init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let catalog = try CatalogLoader.load(directory: root.appendingPathComponent("partners").path)
        checker = IntegrationChecker(catalog: catalog)
        active = checker.activeIntegrations([
            ExistingIntegration(mediaSource: "bytedanceglobal_int", apps: ["com.acme.game"]),
            ExistingIntegration(partner: "Moloco", apps: ["id1234567890"]),
            ExistingIntegration(partner: "Meta Ads", apps: ["com.acme.game"], user: "bo@acme.example"),
        ])
        lines = Self.requests.map { Array($0.utf8) }
        requests = try lines.map { try IntegrationRequest.decode(json: $0) }
    }

    static let requests = [
        #"{"partner": "Trademob", "apps": ["com.acme.game", "id1234567890"], "user": "ana@acme.example", "credentials": {"email": "ana@acme.example", "password": "s3cret"}, "roi360": {"subscribed": true, "integrated_by": "ana@acme.example"}}"#,
        #"{"partner": "Moloco", "apps": ["com.acme.game"], "user": "ana@acme.example", "credentials": {"email": "ana@acme.example", "password": "pw", "workplace_id": "acme games"}, "roles": ["Workplace Owner"]}"#,
        #"{"partner": "moloco_int", "apps": ["id1234567890"], "credentials": {"email": "not-an-email", "pasword": "pw"}, "roles": ["Viewer"]}"#,
        #"{"partner": "TikTok", "apps": ["com.acme.game"], "user": "ana@acme.example", "oauth": {"granted": true, "full_permissions": false}}"#,
        #"{"partner": "bytedanceglobal_int", "apps": ["com.acme.other"], "oauth": {"granted": true}}"#,
        #"{"partner": "Meta Ads", "apps": ["com.acme.game"], "user": "bo@acme.example", "oauth": {"granted": true}}"#,
        #"{"partner": "Unity Ads", "apps": ["id1234567890"], "credentials": {"key_id": "k", "secret_key": "s", "organization_core_id": "o"}, "partner_metrics": {"api_key": "a"}, "roles": ["Advertisers API Stats Viewer", "Advertise API Viewer"]}"#,
        #"{"operation": "update", "partner": "ironSource", "apps": ["com.acme.game"], "credentials": {"secret_key": "s", "refresh_token": "r"}, "roles": ["administrator"]}"#,
        #"{"partner": "AppLovin", "apps": ["com.acme.game"], "oauth": {"granted": true}, "partner_metrics": {}, "agency": {"id": "blue", "transparent": true}}"#,
        #"{"partner": "Google Ads (AdWords)", "apps": ["com.acme.game"], "user": "ana@acme.example", "oauth": {"granted": false}, "roi360": {"subscribed": false}}"#,
        #"{"partner": "Smadex", "apps": ["com.acme game"], "credentials": {"password": "p"}, "agency": {"id": "grey", "transparent": false}}"#,
        #"{"partner": "Adjoe", "apps": ["com.acme.game"], "credentials": {"token": "t"}}"#,
    ]
}
