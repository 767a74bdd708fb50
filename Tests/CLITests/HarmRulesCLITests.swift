import Foundation
import PartnerRules
import PartnerRulesTestSupport
import Testing

/// SPEC 19 from the command line: a field that looks secret and says `secret: false` fails lint, and `check`
/// (with and without `--explain`) never prints its value; with `not_secret_because` the value is shown.
@Suite("partner-rules lint and check: harm rules", .serialized)
struct HarmRulesCLITests {
    /// A folder holding the one-field partner `vault` (``CheckSecretsTests/vault``), and what lint says of it.
    static func lintVault(key: String, label: String, kind: String, extra: String) async throws -> (TemporaryDirectory, CLI.Result) {
        let folder = try TemporaryDirectory(prefix: "harm-\(key)")
        try folder.write("vault.yaml", CheckSecretsTests.vault(key: key, label: label, kind: kind, extra: extra))
        return (folder, try await CLI.run(["lint", folder.path]))
    }

    @Test("kind: text with secret: false on a field keyed password fails lint, and check never prints the value")
    func unmaskedPassword() async throws {
        let (folder, lint) = try await Self.lintVault(key: "password", label: "Password", kind: "text", extra: "\n    secret: false")
        defer { folder.cleanup() }
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("error:") && lint.stdout.contains("[secret-unmasked]"), "\(lint.stdout)")
        #expect(lint.stdout.contains("not_secret_because"), "the message names the way out: \(lint.stdout)")
        let planted = "hunter2-PLANTED"
        let request = #"{"partner": "vault", "apps": ["com.acme.game"], "credentials": {"password": "\#(planted)"}}"#
        for extra in [[], ["--explain"]] {
            let check = try await CLI.run(["check", "-", "--partners", folder.path] + extra, input: Data(request.utf8))
            CheckSecretsTests.expectNoSecret(check, [planted])
        }
    }

    @Test("a reason makes secret: false count on a field that only reads like a secret, and check shows its value")
    func reasonedKeyID() async throws {
        let reason = "\n    secret: false\n    not_secret_because: the key ID names the key; it is not the key"
        let (folder, lint) = try await Self.lintVault(key: "key_id", label: "Key ID", kind: "identifier", extra: reason)
        defer { folder.cleanup() }
        #expect(lint.status == 0, "\(lint.stdout)")
        let request = #"{"partner": "vault", "apps": ["com.acme.game"], "credentials": {"key_id": "KID-4711"}}"#
        let check = try await CLI.run(["check", "-", "--partners", folder.path], input: Data(request.utf8))
        #expect(check.stdout.contains("\"KID-4711\""), "\(check.stdout)")
    }

    @Test("a password field cannot be shown even with a reason")
    func passwordWithReason() async throws {
        let reason = "\n    secret: false\n    not_secret_because: it is only a test account"
        let (folder, lint) = try await Self.lintVault(key: "login", label: "Login", kind: "password", extra: reason)
        defer { folder.cleanup() }
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("[secret-unmasked]") && lint.stdout.contains("always hidden"), "\(lint.stdout)")
    }
}
