import Foundation
import PartnerRules
import Testing

/// Plants a distinctive value in every secret field of every partner (and in unknown keys,
/// too-short values, malformed documents) and scans every byte the library gives back.
enum SecretLeaks {
    /// A value no message or verdict would contain by chance.
    static func planted(_ partner: String, _ key: String, _ variant: Int) -> String {
        "Zq\(variant)-\(partner)-\(key)-S3CR3T"
    }

    /// Every request to try for one partner, with the secret values planted in it.
    static func requests(for partner: Partner) -> [(IntegrationRequest, [String])] {
        let definition = partner.definition
        var result: [(IntegrationRequest, [String])] = []
        for variant in 0..<4 {
            var planted: [String] = []
            func fill(_ fields: [CredentialField]) -> [String: String] {
                var values: [String: String] = [:]
                for field in fields {
                    let value: String
                    if field.isMasked {
                        value = SecretLeaks.planted(partner.id, field.key, variant) + (variant == 1 ? " with spaces " : "")
                        planted.append(SecretLeaks.planted(partner.id, field.key, variant))
                        if let fallback = field.fallback {
                            let fallbackValue = SecretLeaks.planted(partner.id, fallback.key, variant)
                            planted.append(fallbackValue)
                            values[fallback.key] = fallbackValue
                        }
                    } else {
                        value = field.kind == .email ? "ana@acme.example" : "visible-\(field.key)"
                    }
                    // Variant 2 makes secrets too short for any length rule, variant 3 misspells their keys.
                    if variant == 2, field.isMasked {
                        let short = "Zq~" + field.key.prefix(3)
                        values[field.key] = short
                        planted.append(short)
                    } else if variant == 3, field.isMasked {
                        values[field.key + "_typo"] = value
                    } else {
                        values[field.key] = value
                    }
                }
                return values
            }
            let credentials = fill(definition.credentials)
            let metrics = fill(definition.partnerMetrics.credentials)
            var request = IntegrationRequest(
                partner: partner.id, apps: ["com.acme.game"], user: "ana@acme.example", credentials: credentials,
                oauth: OAuthGrant(granted: true), partnerMetrics: metrics, roles: [])
            if definition.auth == .oauth, variant == 3 {
                let value = SecretLeaks.planted(partner.id, "oauth_token", variant)
                request.credentials["password"] = value
                planted.append(value)
            }
            result.append((request, planted))
        }
        return result
    }

    /// Checks every request of every partner and expects no planted value in any byte.
    static func expectNoLeak(in catalog: Catalog, checker: IntegrationChecker) {
        var checked = 0
        for partner in catalog.partners {
            for (request, planted) in requests(for: partner) {
                let verdict = checker.check(request, today: CalendarDate(year: 2024, month: 1, day: 1))
                let bytes = verdict.jsonBytes() + verdict.jsonBytes(pretty: true)
                let text = String(decoding: bytes, as: UTF8.self) + "\(verdict)"
                for secret in planted {
                    #expect(!text.contains(secret), "\(partner.id) leaks a secret in \(text)")
                }
                checked += planted.count
            }
        }
        #expect(checked > 0)
    }
}

@Suite("check: secrets never leak")
struct SecretLeakTests {
    @Test func madeUpPartners() {
        SecretLeaks.expectNoLeak(in: MadeUpCatalog.catalog, checker: MadeUpCatalog.checker)
    }

    /// A document that cannot be read says where, never what the secret was.
    @Test(arguments: [
        #"{"credentials": {"password": "Zq-SECRET-1"}, "apps": 5}"#,
        #"{"credentials": {"password": "Zq-SECRET-1\q"}}"#,
        #"{"credentials": {"password": "Zq-SECRET-1"#,
        #"{"credentials": {"password": "Zq-SECRET-1", "password": "Zq-SECRET-1"}}"#,
        #"{"credentials": {"password": Zq-SECRET-1}}"#,
        "{\"credentials\": {\"password\": \"Zq-SECRET-1\u{1}\"}}",
    ])
    func malformedDocuments(_ json: String) {
        do {
            _ = try IntegrationRequest.decode(json: Array(json.utf8))
            Issue.record("decoded \(json)")
        } catch {
            #expect(!error.description.contains("Zq-SECRET"), "\(error.description)")
        }
    }
}

@Suite("check: secrets never leak from the real catalog")
struct SeedSecretLeakTests {
    @Test func everyPartnerOfTheSeed() {
        SecretLeaks.expectNoLeak(in: SeedCatalog.catalog, checker: SeedCatalog.checker)
    }
}
