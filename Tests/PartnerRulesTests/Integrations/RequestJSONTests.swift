import Foundation
import PartnerRules
import Testing

@Suite("check: reading request JSON")
struct RequestJSONTests {
    /// Bad input, and the exact error the reader gives: line, column, path and message.
    static let malformed: [(json: String, error: String)] = [
        ("", "line 1, column 1: expected an object, found the end of the input"),
        ("[]", "line 1, column 1: expected an object, found an array"),
        ("{\"partner\": \"a\",}", "line 1, column 17: expected a key in double quotes"),
        ("{\"partner\": \"a\"\n \"apps\": []}", "line 2, column 2: expected ',' or '}' after an object member"),
        ("{\"partner\": 7}", "line 1, column 13 (partner): expected a string, found a number"),
        ("{\"apps\": [\"a\", 1]}", "line 1, column 16 (apps[1]): expected a string, found a number"),
        ("{\"credentials\": {\"password\": true}}", "line 1, column 30 (credentials.password): expected a string, found true or false"),
        ("{\"oauth\": {\"granted\": \"yes\"}}", "line 1, column 23 (oauth.granted): expected true or false, found a string"),
        ("{\"partner\": \"a\", \"partner\": \"b\"}", "line 1, column 18: duplicate key 'partner'; give each key once"),
        ("{\"credentails\": {}}", "line 1, column 2: unknown key 'credentails'; did you mean 'credentials'?"),
        ("{\"oauth\": {\"grantd\": true}}", "line 1, column 12 (oauth): unknown key 'grantd'; did you mean 'granted'?"),
        ("{\"operation\": \"delete\"}", "line 1, column 15 (operation): operation must be 'create' or 'update'"),
        ("{\"agency\": {\"transparent\": true}}", "line 1, column 33 (agency): the agency has no id; add \"id\" with the agency's id"),
        ("{\"partner\": \"a\"} x", "line 1, column 18: unexpected text after the end of the JSON value"),
        ("{\"partner\": \"a\\q\"}", "line 1, column 15 (partner): unknown escape in a string; use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX"),
        ("{\"partner\": \"a", "line 1, column 13 (partner): the string is not closed; add the closing double quote"),
        ("{\"partner\": tru}", "line 1, column 13 (partner): expected a string, found something that is not JSON (a string without its double quotes?)"),
        ("{\"partner\": \"\\ud800\"}", "line 1, column 14 (partner): a \\u escape of a high surrogate must be followed by a low one"),
    ]

    @Test(arguments: malformed.indices)
    func malformedInputIsPlaced(_ index: Int) {
        let (json, expected) = Self.malformed[index]
        #expect(throws: (any Error).self) { try IntegrationRequest.decode(json: Array(json.utf8)) }
        do {
            _ = try IntegrationRequest.decode(json: Array(json.utf8))
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func bytesThatAreNotUTF8() {
        var bytes = Array("{\"partner\": \"a".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\"}".utf8)
        do {
            _ = try IntegrationRequest.decode(json: bytes)
            Issue.record("decoded bytes that are not UTF-8")
        } catch {
            #expect(error.description == "line 1, column 13 (partner): the string holds bytes that are not UTF-8")
        }
    }

    @Test func deepNestingIsRefusedNotRecursed() {
        let json = "{\"credentials\": " + String(repeating: "[", count: 100_000) + "}"
        #expect(throws: JSONInputError.self) { try IntegrationRequest.decode(json: Array(json.utf8)) }
    }

    /// The fast reader and `JSONDecoder` (through the `Codable` conformance) agree.
    @Test(arguments: [
        #"{"partner": "Trademob", "apps": ["com.acme.game", "id1234567890"], "user": "ana@acme.example", "credentials": {"email": "ana@acme.example", "password": "s3cret", "x": null}, "oauth": {"granted": true, "full_permissions": true}, "partner_metrics": {}, "agency": {"id": "blue-agency", "transparent": true}, "roles": ["Administrator"], "roi360": {"subscribed": true, "integrated_by": "ana@acme.example"}}"#,
        #"{"operation": "update", "partner": "p\u00e9 \"q\" \/ \ud83d\ude00", "apps": []}"#,
        #"{"partner": null, "apps": null, "oauth": null, "agency": null, "roi360": {"subscribed": null}}"#,
        #"  {"partner" : "x" , "apps" : [ "a" , "b" ] }  "#,
    ])
    func agreesWithJSONDecoder(_ json: String) throws {
        let fast = try IntegrationRequest.decode(json: Array(json.utf8))
        let foundation = try JSONDecoder().decode(IntegrationRequest.self, from: Data(json.utf8))
        #expect(fast == foundation)
    }

    @Test func codableRefusesUnknownKeysToo() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(IntegrationRequest.self, from: Data(#"{"partner": "x", "credentails": {}}"#.utf8))
        }
    }

    @Test func existingList() throws {
        let json = #"[{"partner": "a", "apps": ["com.a.b"]}, {"media_source": "b_int", "apps": [], "user": "u", "agency": "z"}]"#
        let list = try ExistingIntegration.decodeList(json: Array(json.utf8))
        #expect(list == [ExistingIntegration(partner: "a", apps: ["com.a.b"]), ExistingIntegration(mediaSource: "b_int", apps: [], user: "u", agency: "z")])
        #expect(list == (try JSONDecoder().decode([ExistingIntegration].self, from: Data(json.utf8))))
        do {
            _ = try ExistingIntegration.decodeList(json: Array(#"[{"apps": "com.a.b"}]"#.utf8))
        } catch {
            #expect(error.description == "line 1, column 11 ([0].apps): expected an array, found a string")
        }
    }

    /// Written by the one writer and read back by the one reader: the same request.
    @Test func requestRoundTrip() throws {
        let requests = [
            IntegrationRequest(partner: "x", apps: []),
            IntegrationRequest(
                operation: .update, partner: "p\u{e9} \"q\" \\ \u{1F600}\n\u{1}", apps: ["com.a.b", "id1"], user: "u@x.io",
                credentials: ["password": "s3cret", "odd key": "v"], oauth: OAuthGrant(granted: true, fullPermissions: false),
                partnerMetrics: ["k": "v"], agency: AgencyReference(id: "blue", transparent: false), roles: ["Admin"],
                roi360: ROI360Status(subscribed: false, integratedBy: "u@x.io")),
        ]
        for request in requests {
            #expect(try IntegrationRequest.decode(json: request.jsonBytes()) == request)
            let foundation = try JSONDecoder().decode(IntegrationRequest.self, from: JSONEncoder().encode(request))
            #expect(foundation == request)
        }
        let list = [ExistingIntegration(partner: "a", apps: ["x"]), ExistingIntegration(mediaSource: "m", apps: [], user: "u", agency: "g")]
        #expect(try ExistingIntegration.decodeList(json: ExistingIntegration.jsonBytes(list)) == list)
    }

    /// `serve`'s body: a bare request or an envelope, read in one pass with real places.
    static let bodies: [(json: String, error: String)] = [
        (#"{"request": {"partner": 5}}"#, "line 1, column 25 (request.partner): expected a string, found a number"),
        ("{\"request\": {\"partner\": \"a\"},\n \"existing\": [{\"apps\": \"x\"}]}", "line 2, column 24 (existing[0].apps): expected an array, found a string"),
        (#"{"request": {}, "today": "soon"}"#, "line 1, column 26 (today): today must be a date written YYYY-MM-DD"),
        (#"{"existing": []}"#, "line 1, column 17: the envelope has no \"request\"; put the request under \"request\""),
        (#"{"request": {}, "partner": "a"}"#, "line 1, column 17: 'partner' belongs inside \"request\"; an envelope has request, existing and today"),
        (#"{"partner": "a", "today": "2024-01-01"}"#, "line 1, column 18: 'today' needs an envelope; put the request's members under \"request\" beside it"),
        (#"{"reqest": {}}"#, "line 1, column 2: unknown key 'reqest'; did you mean 'request'?"),
    ]

    @Test(arguments: bodies.indices)
    func checkBodyErrorsArePlaced(_ index: Int) {
        let (json, expected) = Self.bodies[index]
        do {
            _ = try CheckBody.decode(json: Array(json.utf8))
            Issue.record("read \(json)")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func checkBodyReadsBothForms() throws {
        let bare = try CheckBody.decode(json: Array(#"{"partner": "a", "apps": ["x"]}"#.utf8))
        #expect(bare == CheckBody(request: IntegrationRequest(partner: "a", apps: ["x"])))
        let envelope = try CheckBody.decode(json: Array(#"{"today": "2024-05-01", "existing": [{"partner": "a", "apps": []}], "request": {"partner": "a", "apps": ["x"]}}"#.utf8))
        #expect(envelope.request == IntegrationRequest(partner: "a", apps: ["x"]))
        #expect(envelope.existing == [ExistingIntegration(partner: "a", apps: [])])
        #expect(envelope.today == CalendarDate("2024-05-01"))
    }

    @Test func errorShape() {
        let error = JSONInputError(line: 2, column: 5, path: "apps[0]", message: "say \"no\"")
        #expect(String(decoding: error.jsonBytes(), as: UTF8.self) == #"{"error":{"line":2,"column":5,"path":"apps[0]","message":"say \"no\""}}"# + "\n")
        #expect(String(decoding: error.jsonBytes(record: 2), as: UTF8.self) == #"{"record":2,"error":{"line":2,"column":5,"path":"apps[0]","message":"say \"no\""}}"# + "\n")
    }
}
