import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PartnerRules
import PartnerRulesServer
import PartnerRulesTestSupport
import Testing

/// `serve`'s routes of SPEC 14 and 17, over loopback with a real HTTP client.
@Suite("serve routes")
struct ServeRoutesTests {
    @Test("a partner's form by id or alias, any case; a did-you-mean 404 in the one error shape")
    func partnerForm() async throws {
        try await ServeHarness.with { serve in
            let form = try await serve.call(.GET, "/v1/partners/ACME")
            #expect(form.status == 200)
            let object = try #require(form.json as? [String: Any])
            #expect(object["id"] as? String == "acme")
            #expect(object["per_user"] as? Bool == true)
            #expect(object["ad_level_ad_types"] as? [String] == ["ctv", "playable"])
            let fields = try #require(object["fields"] as? [[String: Any]])
            #expect(fields.map { $0["key"] as? String } == ["token", "workplace_id"])
            #expect(fields[0]["masked"] as? Bool == true && fields[0]["help"] as? String == "Settings, then API")
            #expect(fields[1]["masked"] as? Bool == false && fields[1]["min_length"] as? Int == 3)
            #expect((fields[1]["fallback"] as? [String: String]) == ["key": "workplace_title", "label": "Workplace Title"])
            #expect(fields[0]["fallback"] is NSNull && fields[0]["max_length"] is NSNull)
            let supersedes = try #require(object["supersedes"] as? [[String: String]])
            #expect(supersedes == [["media_source": "acme_legacy", "name": "[Legacy] Acme", "introduced": "2024-01-10", "deprecated": "2025-01-01"]])
            #expect((object["notes"] as? [String])?.first == "Connections: each user may hold their own per app")
            #expect(form.headers.first(name: "X-Catalog-Revision")?.hasPrefix("sha256:") == true)

            let byAlias = try await serve.call(.GET, "/v1/partners/acme%20media")
            #expect(byAlias.status == 200 && byAlias.body == form.body)

            let supported = try #require(try await serve.call(.GET, "/v1/partners/beta").json as? [String: Any])
            #expect(supported["ad_level_ad_types"] as? [String] == [])
            #expect((supported["ad_types"] as? [String: Any])?["rule"] as? String == "supported")

            let source = try await serve.call(.GET, "/v1/partners/Acme%20Media/source")
            #expect(source.status == 200 && source.body == ServeHarness.acme)
            #expect(source.headers.first(name: "Content-Type")?.hasPrefix("application/yaml") == true)

            let missing = try await serve.call(.GET, "/v1/partners/acmee")
            #expect(missing.status == 404)
            #expect(missing.body == #"{"error":{"line":1,"column":1,"path":"id","message":"no partner 'acmee'; did you mean 'acme'?"}}"# + "\n")
            #expect(try await serve.call(.GET, "/v1/partners/acmee/source").status == 404)
        }
    }

    @Test("check answers the verdict with catalog_revision last and the same revision in the header")
    func checkRevision() async throws {
        try await ServeHarness.with { serve in
            let reply = try await serve.call(
                .POST, "/v1/check", #"{"partner":"acme","apps":["com.acme.game"],"credentials":{"token":"tok-1","workplace_id":"Acme1"}}"#)
            #expect(reply.status == 200)
            let revision = try #require(reply.headers.first(name: "X-Catalog-Revision"))
            #expect(reply.body.hasSuffix(#","catalog_revision":"\#(revision)"}"# + "\n"))
            #expect(reply.body.hasPrefix(#"{"valid":true"#))
            #expect(try await serve.call(.GET, "/readyz").body == #"{"revision":"\#(revision)"}"# + "\n")
        }
    }

    @Test("JSON bodies over the limit get 413, declared or chunked; bad JSON names line, column and path")
    func bodyLimits() async throws {
        try await ServeHarness.with { serve in
            let big = #"{"partner":"acme","apps":[""# + String(repeating: "a", count: (1 << 20) + 10) + #""]}"#
            let declared = try await serve.call(.POST, "/v1/check", big)
            #expect(declared.status == 413)
            #expect(declared.body.contains("larger than 1 MiB"))

            var request = HTTPClientRequest(url: serve.server.baseURL + "/v1/lint")
            request.method = .POST
            let chunk = ByteBuffer(string: String(repeating: " ", count: 64 << 10))
            request.body = .stream(
                AsyncStream<ByteBuffer> { continuation in
                    for _ in 0..<40 { continuation.yield(chunk) }
                    continuation.finish()
                }, length: .unknown)
            let chunked = try await serve.client.execute(request, timeout: .seconds(Patience.seconds(30)))
            #expect(chunked.status.code == 413)

            let bad = try await serve.call(.POST, "/v1/lint", #"{"files":{"../acme.yaml":"id: acme"}}"#)
            #expect(bad.status == 400)
            #expect(bad.body.contains(#""path":"files[\"../acme.yaml\"]""#))
            for name in ["acme.yml", "sub/acme.yaml", "_other.yaml"] {
                let refused = try await serve.call(.POST, "/v1/lint", #"{"files":{"\#(name)":"id: acme"}}"#)
                #expect(refused.status == 400, "\(name)")
            }
            let unknownKey = try await serve.call(.POST, "/v1/lint", #"{"files":{"acme.yaml":"x"},"request":{}}"#)
            #expect(unknownKey.status == 400 && unknownKey.body.contains("unknown key 'request'"))
        }
    }

    @Test("lint reads the given files with the catalog's others as context; preview gives findings, form and verdict")
    func lintAndPreview() async throws {
        try await ServeHarness.with { serve in
            // A copy of acme under another name clashes with acme's media source: reported on the edited file.
            let copy = ServeHarness.acme.replacingOccurrences(of: "id: acme", with: "id: gamma")
                .replacingOccurrences(of: "aliases: [Acme Media]", with: "aliases: []")
                .replacingOccurrences(of: "name: Acme Ads", with: "name: Gamma")
            let lint = try await serve.call(.POST, "/v1/lint", try Self.json(["files": ["gamma.yaml": copy]]))
            #expect(lint.status == 200)
            let findings = try #require(lint.json as? [[String: Any]])
            #expect(findings.contains { $0["code"] as? String == "duplicate-media-source" && $0["file"] as? String == "gamma.yaml" })
            #expect(findings.allSatisfy { $0["file"] as? String == "gamma.yaml" })

            let edited = ServeHarness.acme.replacingOccurrences(of: "per_user: true", with: "per_user: false")
            let preview = try await serve.call(
                .POST, "/v1/preview",
                try Self.json([
                    "files": ["acme.yaml": edited],
                    "request": ["partner": "acme", "apps": ["com.acme.game"], "credentials": ["token": "tok-PLANTED", "workplace_id": "W123"]],
                ]))
            #expect(preview.status == 200)
            let answer = try #require(preview.json as? [String: Any])
            #expect((answer["findings"] as? [Any])?.isEmpty == true)
            #expect((answer["form"] as? [String: Any])?["per_user"] as? Bool == false)
            #expect((answer["verdict"] as? [String: Any])?["valid"] as? Bool == true)
            #expect(!preview.body.contains("tok-PLANTED"))

            let broken = try await serve.call(
                .POST, "/v1/preview", try Self.json(["files": ["acme.yaml": "id: acme\nname: [broken\n"], "request": ["partner": "acme", "apps": ["a.b"]]]))
            let brokenAnswer = try #require(broken.json as? [String: Any])
            #expect(brokenAnswer["form"] is NSNull && brokenAnswer["verdict"] is NSNull)
            #expect((brokenAnswer["findings"] as? [[String: Any]])?.first?["code"] as? String == "yaml-syntax")

            let noRequest = try #require(try await serve.call(.POST, "/v1/preview", try Self.json(["files": ["acme.yaml": edited]])).json as? [String: Any])
            #expect(noRequest["verdict"] == nil && noRequest["form"] is [String: Any])
        }
    }

    @Test("diff answers what the edited files change against the active catalog; files with errors get 422 and their findings")
    func diff() async throws {
        try await ServeHarness.with { serve in
            let same = try await serve.call(.POST, "/v1/diff", try Self.json(["files": ["acme.yaml": ServeHarness.acme]]))
            #expect(same.status == 200)
            let unchanged = try #require(same.json as? [String: Any])
            #expect((unchanged["partners"] as? [[String: Any]])?.allSatisfy { $0["change"] as? String == "unchanged" } == true)

            let edited = ServeHarness.acme.replacingOccurrences(of: "per_user: true", with: "per_user: false")
            let answer = try await serve.call(.POST, "/v1/diff", try Self.json(["files": ["acme.yaml": edited]]))
            #expect(answer.status == 200)
            let partners = try #require((answer.json as? [String: Any])?["partners"] as? [[String: Any]])
            let acme = try #require(partners.first { $0["partner"] as? String == "acme" })
            #expect(acme["change"] as? String == "stricter", "\(acme)")
            #expect((acme["cells"] as? [[String: Any]])?.isEmpty == false)

            let broken = try await serve.call(.POST, "/v1/diff", try Self.json(["files": ["acme.yaml": "id: acme\nname: [broken\n"]]))
            #expect(broken.status == 422)
            #expect((broken.json as? [[String: Any]])?.first?["code"] as? String == "yaml-syntax")
        }
    }

    @Test("classify streams rows, answers the summary, names the CSV line of a bad row, and refuses a body over its limit")
    func classify() async throws {
        try await ServeHarness.with(options: .init(classifyBodyLimit: 4096)) { serve in
            let csv = "app_id,media_source,date,ad_type,spend\ncom.a,acme_int,2026-01-01,CTV,1\ncom.a,acme_int,2026-01-01,video,2\ncom.a,beta_int,2026-01-01,Video,3\n"
            let rows = try await serve.call(.POST, "/v1/classify", csv)
            #expect(rows.status == 200)
            #expect(rows.body == "app_id,media_source,date,ad_type,spend,granularity\ncom.a,acme_int,2026-01-01,CTV,1,ad\ncom.a,acme_int,2026-01-01,video,2,creative\ncom.a,beta_int,2026-01-01,Video,3,creative\n")
            #expect(rows.headers.first(name: "Content-Type")?.hasPrefix("text/csv") == true)

            let explained = try await serve.call(.POST, "/v1/classify?explain=true&duplicates=mark", csv)
            #expect(explained.body.hasPrefix("app_id,media_source,date,ad_type,spend,granularity,duplicate,because\n"))
            #expect(explained.body.contains("CTV,1,ad,false,acme.yaml:") || explained.body.contains("CTV,1,ad,false,"))

            let summary = try await serve.call(.POST, "/v1/classify?summary=true", csv)
            #expect(summary.status == 200)
            let sources = try #require((summary.json as? [String: Any])?["media_sources"] as? [[String: Any]])
            #expect(sources.map { $0["media_source"] as? String } == ["acme_int", "beta_int"])
            #expect(sources[0]["ad_rows"] as? Int == 1 && sources[0]["creative_rows"] as? Int == 1)

            let bad = try await serve.call(.POST, "/v1/classify", "app_id,media_source,date,ad_type\ncom.a,acme_int,2026-01-01,video\ncom.a,acme_int\n")
            #expect(bad.status == 400)
            #expect(bad.body.contains(#""line":3"#) && bad.body.contains("CSV line 3"))

            let missingColumn = try await serve.call(.POST, "/v1/classify", "app_id,date\n")
            #expect(missingColumn.status == 400 && missingColumn.body.contains("media_source"))

            let tooLarge = try await serve.call(.POST, "/v1/classify", "app_id,media_source,date,ad_type\n" + String(repeating: "com.a,acme_int,2026-01-01,video\n", count: 200))
            #expect(tooLarge.status == 413 && tooLarge.body.contains("4096 bytes"))

            #expect(try await serve.call(.POST, "/v1/classify?duplicates=keep", csv).status == 400)
            #expect(try await serve.call(.POST, "/v1/classify?summary=yes", csv).status == 400)
        }
    }

    @Test("reload needs the bearer token when one is set; the outcome is counted in the metrics")
    func reloadToken() async throws {
        try await ServeHarness.with(options: .init(reloadToken: "T0ken-PLANTED")) { serve in
            let missing = try await serve.call(.POST, "/v1/reload")
            #expect(missing.status == 401)
            #expect(missing.headers.first(name: "WWW-Authenticate") == "Bearer")
            #expect(try await serve.call(.POST, "/v1/reload", headers: [("Authorization", "Bearer T0ken-PLANTEX")]).status == 401)
            #expect(try await serve.call(.POST, "/v1/reload", headers: [("Authorization", "Bearer T0ken-PLANTED!")]).status == 401)
            let good = try await serve.call(.POST, "/v1/reload", headers: [("Authorization", "Bearer T0ken-PLANTED")])
            #expect(good.status == 200 && good.body.hasPrefix(#"{"reloaded":true,"revision":"sha256:"#))

            try serve.folder.write("beta.yaml", "id: beta\nname: [broken\n")
            let refused = try await serve.call(.POST, "/v1/reload", headers: [("Authorization", "Bearer T0ken-PLANTED")])
            #expect(refused.status == 409)
            #expect(try await serve.call(.GET, "/v1/partners/beta").status == 200)

            let metrics = try await serve.call(.GET, "/metrics")
            #expect(metrics.body.contains(#"partner_rules_reloads_total{outcome="success"} 1"#))
            #expect(metrics.body.contains(#"partner_rules_reloads_total{outcome="failure"} 1"#))
            #expect(!metrics.body.contains("T0ken-PLANTED"))
        }
    }

    @Test("metrics use SPEC 17's names, route templates (never raw paths) and the active revision")
    func metrics() async throws {
        try await ServeHarness.with { serve in
            _ = try await serve.call(.GET, "/v1/partners/acme")
            _ = try await serve.call(.GET, "/v1/partners/nobody-here")
            _ = try await serve.call(.GET, "/no/such/route")
            _ = try await serve.call(.POST, "/v1/check", #"{"partner":"acme","apps":["com.a"]}"#)
            _ = try await serve.call(.POST, "/v1/check", #"{"partner":"acme","apps":["com.a"],"credentials":{"token":"t","workplace_id":"W123"}}"#)
            let revision = try #require(try await serve.call(.GET, "/readyz").json as? [String: String])["revision"] ?? ""
            let text = try await serve.call(.GET, "/metrics").body
            #expect(text.contains(#"partner_rules_http_requests_total{route="/v1/partners/{id}",status="200"} 1"#))
            #expect(text.contains(#"partner_rules_http_requests_total{route="/v1/partners/{id}",status="404"} 1"#))
            #expect(text.contains(#"partner_rules_http_requests_total{route="unmatched",status="404"} 1"#))
            #expect(!text.contains("nobody-here") && !text.contains("/no/such/route"))
            #expect(text.contains(#"partner_rules_http_request_duration_seconds_bucket{route="/v1/check""#))
            #expect(text.contains(#"partner_rules_verdicts_total{code="valid"} 1"#))
            #expect(text.contains(#"partner_rules_verdicts_total{code="missing_credential"} 1"#))
            #expect(text.contains(#"partner_rules_catalog_info{revision="\#(revision)"} 1"#))
        }
    }

    @Test("availability answers SPEC 12's timeline; a bad or missing time is a 400 showing the expected form")
    func availability() async throws {
        try await ServeHarness.with { serve in
            let timeline = try await serve.call(.GET, "/v1/availability?created=2026-11-20T09:00:00%2B01:00")
            #expect(timeline.status == 200)
            #expect(timeline.body.hasPrefix(#"{"created":"2026-11-20T08:00:00Z","backfill_from":"2026-08-22","first_data_by":"2026-11-21T08:00:00Z""#))
            let bad = try await serve.call(.GET, "/v1/availability?created=yesterday")
            #expect(bad.status == 400 && bad.body.contains(#""path":"created""#) && bad.body.contains("2026-11-20T08:00:00Z"))
            #expect(try await serve.call(.GET, "/v1/availability").status == 400)
        }
    }

    @Test("every answer carries a request id: the client's when it is a plain token, a new one otherwise")
    func requestIDs() async throws {
        try await ServeHarness.with { serve in
            #expect(try await serve.call(.GET, "/healthz", headers: [("X-Request-Id", "abc-123")]).headers.first(name: "X-Request-Id") == "abc-123")
            let long = String(repeating: "x", count: 200)
            let made = try await serve.call(.GET, "/healthz", headers: [("X-Request-Id", long)]).headers.first(name: "X-Request-Id")
            #expect(made != nil && made != long && made?.isEmpty == false)
            let playground = try await serve.call(.GET, "/")
            #expect(playground.status == 200 && playground.headers.first(name: "Content-Type")?.hasPrefix("text/html") == true)
            #expect(try await serve.call(.GET, "/playground/no-such-file.js").status == 404)
        }
    }

    static func json(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }
}
