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
}
