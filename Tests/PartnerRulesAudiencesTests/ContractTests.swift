import Foundation
import PartnerRules
import PartnerRulesAudiences
import Testing

@Suite struct ContractTests {
    @Test(arguments: [
        ("ab", true), ("a", false), ("👩‍👩‍👧👍", true), ("👩‍👩‍👧", false), ("e\u{301}x", true),
        (String(repeating: "語", count: 100), true), (String(repeating: "語", count: 101), false),
        (String(repeating: "e\u{301}", count: 100), true), ("$%^@", true), ("two\nlines", false),
    ])
    func audienceNamesCountCharactersAsAPersonSeesThem(name: String, valid: Bool) {
        #expect(((try? AudienceName(name)) != nil) == valid)
    }

    @Test func namesAreUniquePerAdvertiser() throws {
        var registry = AudienceNameRegistry(existing: ["Käufer 2024"])
        #expect(throws: AudienceContractError.nameTaken("Käufer 2024")) { try registry.register("Käufer 2024") }
        // The same name with "ä" decomposed is the same name to a person.
        #expect(throws: AudienceContractError.self) { try registry.register("Ka\u{308}ufer 2024") }
        try registry.register("käufer 2024")
        try registry.register("買家")
        #expect(registry.names.count == 3)
    }

    @Test(arguments: [("abc123XYZ", true), ("", false), ("abc-123", false), ("ab c", false), ("çé", false)])
    func containerIDsAreLettersAndDigits(value: String, valid: Bool) {
        #expect(((try? ContainerID(value)) != nil) == valid)
    }

    @Test func syncBodyCarriesExactlyOneURLPerSupportedIdentifier() throws {
        let container = try ContainerID("c1")
        #expect(throws: AudienceContractError.syncURLs(missing: [.email], unsupported: [])) {
            try SyncRequest(apiKey: "k", containerID: container, urls: [.adid: "u1"], supported: [.adid, .email])
        }
        #expect(throws: AudienceContractError.syncURLs(missing: [], unsupported: [.phone])) {
            try SyncRequest(apiKey: "k", containerID: container, urls: [.adid: "u1", .phone: "u3"], supported: [.adid])
        }
        let body = try SyncRequest(
            apiKey: "0123456789abcdef", containerID: container, urls: [.adid: "https://x/1", .phone: "https://x/3"],
            supported: [.phone, .adid])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(body), as: UTF8.self)
        #expect(json == #"{"api_key":"0123456789abcdef","container_id":"c1","url_adid_sha256":"https://x/1","url_phone_sha256":"https://x/3"}"#)
        #expect(try JSONDecoder().decode(SyncRequest.self, from: Data(json.utf8)) == body)
    }

    @Test func requestBodiesUseTheContractsKeys() throws {
        let create = CreateRequest(apiKey: "k1", name: try AudienceName("Buyers ✓"), platform: .ios)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(create), as: UTF8.self) == #"{"api_key":"k1","name":"Buyers ✓","platform":"ios"}"#)
        #expect(String(decoding: try encoder.encode(ValidateRequest(apiKey: "k1")), as: UTF8.self) == #"{"api_key":"k1"}"#)
        let created = try JSONDecoder().decode(CreateResponse.self, from: Data(#"{"container_id":"A1b2"}"#.utf8))
        #expect(created.containerID.value == "A1b2")
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(CreateResponse.self, from: Data(#"{"container_id":"a-1"}"#.utf8))
        }
    }

    @Test func secretsNeverPrint() {
        let key = Secret("d41ac239b3b918e28fa0c")
        let request = ValidateRequest(apiKey: key)
        #expect("\(key)" == "***")
        #expect(!"\(request)".contains(key.value))
        #expect(!String(reflecting: request).contains(key.value))
        #expect(key.redacting("bad key d41ac239b3b918e28fa0c!") == "bad key ***!")
    }

    @Test(arguments: [(200, AudienceCallStatus.success), (401, .badAPIKey), (403, .generalFailure(status: 403)), (500, .generalFailure(status: 500))])
    func statusesMapToTheContract(status: Int, expected: AudienceCallStatus) {
        #expect(AudienceCallStatus(status: status) == expected)
    }
}
