import Foundation
import PartnerRules
import Testing

@Suite("check: verdict JSON and the NDJSON stream")
struct VerdictJSONTests {
    static let sample = Verdict(
        valid: false, partner: "gizmo", mediaSource: "gizmo_int", plan: .deleteAndRecreate,
        planBecause: [SourcePlace(file: "partners/gizmo.yaml", location: SourceLocation(line: 9, column: 22))],
        errors: [
            Verdict.Issue(
                code: .missingCredential, path: "credentials.password", message: "say \"why\"\n\u{1}",
                because: [SourcePlace(file: "partners/gizmo \"x\".yaml", location: SourceLocation(line: 1_234_567, column: 5))])
        ],
        warnings: [Verdict.Issue(code: .roi360UserMismatch, path: "user", message: "ünïcode ✓")],
        credentials: ["password": "***", "account_id": "acme"], candidates: ["account_id": ["acme", "ACME"]],
        adLevelOnly: .supported(["Search"]))

    @Test func compactBytesAreStable() {
        let text = String(decoding: Self.sample.jsonBytes(), as: UTF8.self)
        #expect(
            text
                == #"{"valid":false,"partner":"gizmo","media_source":"gizmo_int","plan":"delete_and_recreate","plan_because":[{"file":"partners/gizmo.yaml","line":9,"column":22}],"errors":[{"code":"missing_credential","path":"credentials.password","message":"say \"why\"\n\u0001","because":[{"file":"partners/gizmo \"x\".yaml","line":1234567,"column":5}]}],"warnings":[{"code":"roi360_user_mismatch","path":"user","message":"ünïcode ✓","because":[]}],"credentials":{"account_id":"acme","password":"***"},"candidates":{"account_id":["acme","ACME"]},"ad_level_only":{"supported":["Search"]}}"#
        )
    }

    @Test func prettyBytes() {
        let verdict = Verdict(valid: true, partner: nil, mediaSource: nil, plan: .create)
        let text = String(decoding: verdict.jsonBytes(pretty: true), as: UTF8.self)
        #expect(
            text == """
                {
                  "valid": true,
                  "partner": null,
                  "media_source": null,
                  "plan": "create",
                  "plan_because": [],
                  "errors": [],
                  "warnings": [],
                  "credentials": {},
                  "candidates": {},
                  "ad_level_only": null
                }
                """)
    }

    /// `JSONEncoder` and `JSONDecoder` (the `Codable` conformance, derived from the one writer and reader) say the same.
    @Test(arguments: [false, true])
    func agreesWithJSONEncoder(_ pretty: Bool) throws {
        let ours = try JSONSerialization.jsonObject(with: Data(Self.sample.jsonBytes(pretty: pretty))) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.sample)) as? NSDictionary
        #expect(ours != nil && ours == theirs)
        let roundTrip = try JSONDecoder().decode(Verdict.self, from: Data(Self.sample.jsonBytes(pretty: pretty)))
        #expect(roundTrip == Self.sample)
    }

    static let stream = [
        #"{"partner": "gizmo", "apps": ["com.acme.game"], "credentials": {"email": "a@b.co", "password": "12345678", "account_id": "x"}}"#,
        "",
        #"{"partner": "orbit", "apps": ["com.acme.game"]}"#,
        #"{"partner": 1}"#,
        "  \r",
        #"{"partner": "gizmo", "apps": ["com.acme.game"], "credentials": {"email": "a@b.co", "password": "12345678", "account_id": "x"}}"# + "\r",
    ].joined(separator: "\n")

    static func run(_ input: [UInt8], chunk: Int) -> (String, NDJSONCheckStream.Counts) {
        var stream = NDJSONCheckStream(checker: MadeUpCatalog.checker, existing: .none, today: .day("2024-01-01"))
        var output: [UInt8] = []
        input.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let end = min(buffer.count, start + chunk)
                stream.feed(UnsafeBufferPointer(rebasing: buffer[start..<end]), into: &output)
                start = end
            }
        }
        stream.finish(into: &output)
        return (String(decoding: output, as: UTF8.self), stream.counts)
    }

    @Test func oneLinePerRequestWhateverTheChunks() throws {
        let input = Array(Self.stream.utf8)
        let (whole, counts) = Self.run(input, chunk: input.count)
        let lines = whole.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix(#"{"valid":true,"partner":"gizmo""#))
        #expect(lines[1].hasPrefix(#"{"valid":false,"partner":"orbit""#))
        #expect(lines[2] == #"{"record":4,"error":{"line":4,"column":13,"path":"partner","message":"expected a string, found a number"}}"#)
        #expect(lines[3].hasPrefix(#"{"valid":true,"partner":"gizmo""#))
        #expect(lines[4] == "")
        #expect(counts == NDJSONCheckStream.Counts(valid: 2, invalid: 1, malformed: 1))
        for chunk in [1, 2, 3, 7, 64] {
            #expect(Self.run(input, chunk: chunk).0 == whole, "chunk size \(chunk)")
        }
    }

    @Test func overlongLineIsRefusedAndTheStreamGoesOn() {
        let long = #"{"partner": ""# + String(repeating: "a", count: NDJSONCheckStream.maximumLineLength) + #""}"#
        let input = Array((long + "\n" + #"{"partner": "orbit", "apps": []}"# + "\n").utf8)
        for chunk in [4096, input.count] {
            let (output, counts) = Self.run(input, chunk: chunk)
            let lines = output.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.first?.hasPrefix(#"{"record":1,"error":{"line":1,"column":1,"path":"","message":"the line is longer than"#) == true)
            #expect(counts.malformed == 1 && counts.invalid == 1)
        }
    }

    /// The writer's bytes read back to the same verdict, compact or pretty.
    @Test(arguments: [false, true])
    func roundTrip(_ pretty: Bool) throws {
        let verdicts = [
            Self.sample, Verdict(valid: true, partner: nil, mediaSource: nil, plan: .create),
            Verdict(valid: true, partner: "p", mediaSource: "m", plan: .updateInPlace, adLevelOnly: .unsupported([])),
        ]
        for verdict in verdicts {
            #expect(try Verdict.decode(json: verdict.jsonBytes(pretty: pretty)) == verdict)
        }
    }

    @Test func readingAVerdictPlacesErrors() {
        do {
            _ = try Verdict.decode(json: Array(#"{"valid": true, "plan": "later"}"#.utf8))
            Issue.record("read an unknown plan")
        } catch {
            #expect(error.description == "line 1, column 25 (plan): expected one of 'create', 'update_in_place', 'delete_and_recreate'")
        }
    }
}
