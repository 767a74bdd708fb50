import Foundation
import Testing
@testable import PartnerRules

/// SPEC 3a: a password, token or secret field is masked whatever its file says. Lint refuses
/// `secret: false` on one; and should such a definition reach the engine anyway (a library user
/// building a catalog past lint), `check` still prints `***`, never the value.
@Suite("Secret kinds are always masked")
struct SecretKindMaskTests {
    @Test("a secret kind with secret: false is masked in the verdict", arguments: [CredentialKind.password, .token, .secret])
    func maskedWhateverTheFileSays(kind: CredentialKind) throws {
        let field = CredentialField(key: "login_value", label: "Login value", kind: kind, secret: false)
        #expect(field.isMasked)
        let definition = PartnerDefinition(id: "acme", name: "Acme", mediaSources: ["acme_int"], auth: .credentials, credentials: [field])
        let catalog = Catalog(checked: [PartnerDocument(definition: definition, file: "acme.yaml")], settings: CatalogSettings())
        let planted = "Zq-UNMASKED-\(kind.rawValue)"
        let request = IntegrationRequest(
            partner: "acme", apps: ["com.acme.game"], user: "ana@acme.example", credentials: ["login_value": planted],
            oauth: OAuthGrant(granted: true), partnerMetrics: [:], roles: [])
        let verdict = IntegrationChecker(catalog: catalog).check(request, today: try #require(CalendarDate("2024-01-15")))
        #expect(verdict.credentials["login_value"] == Verdict.mask)
        let json = String(decoding: try JSONEncoder().encode(verdict), as: UTF8.self)
        #expect(!json.contains(planted))
    }

    @Test("an explicit secret: false with a reason on another kind shows the value, as the file asks")
    func explicitlyShown() throws {
        let field = CredentialField(
            key: "key_id", label: "Key ID", kind: .identifier, secret: false, notSecretBecause: "the key ID names the key; it is not the key")
        #expect(!field.isMasked)
        // Without the reason, a key or label that reads like a secret keeps the value hidden (SPEC 19).
        #expect(CredentialField(key: "key_id", label: "Key ID", kind: .identifier, secret: false).isMasked)
        #expect(!CredentialField(key: "account", label: "Account", kind: .identifier, secret: false).isMasked)
        let definition = PartnerDefinition(id: "acme", name: "Acme", mediaSources: ["acme_int"], auth: .credentials, credentials: [field])
        let catalog = Catalog(checked: [PartnerDocument(definition: definition, file: "acme.yaml")], settings: CatalogSettings())
        let request = IntegrationRequest(
            partner: "acme", apps: ["com.acme.game"], user: "ana@acme.example", credentials: ["key_id": "K-42"],
            oauth: OAuthGrant(granted: true), partnerMetrics: [:], roles: [])
        let verdict = IntegrationChecker(catalog: catalog).check(request, today: try #require(CalendarDate("2024-01-15")))
        #expect(verdict.credentials["key_id"] == "K-42")
    }
}
