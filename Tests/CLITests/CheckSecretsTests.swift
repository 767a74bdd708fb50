import Foundation
import PartnerRules
import PartnerRulesTestSupport
import Testing

/// Plants a distinctive value in every secret field of every partner (the real catalog's, plus a
/// made-up partner added as a YAML file) and scans every byte `partner-rules check` writes to
/// standard output and standard error, for single requests, NDJSON streams and broken input.
@Suite("partner-rules check: secrets", .serialized)
struct CheckSecretsTests {
    /// A partner that is not in the seed, with secrets of every shape: a pattern, lengths,
    /// normalizers and variants on a secret field, secret partner metrics, a secret fallback.
    static let madeUpPartner = """
        # yaml-language-server: $schema=../schemas/partner.schema.json
        id: zephyr
        name: Zephyr Exchange
        media_sources: [zephyr_int]
        aliases: []
        auth: credentials
        per_user: false
        credentials_mutable: false
        agency: false
        roles:
          all_of: []
          any_of: []
        credentials:
          - key: account_token
            label: Account Token
            kind: token
            pattern: "[A-Za-z0-9-]+"
            min_length: 12
            max_length: 64
            normalize: [trim]
            variants: [uppercase]
            fallback: {key: legacy_token, label: Legacy Token}
          - key: client_secret
            label: Client Secret
            kind: secret
        partner_metrics:
          required: true
          credentials:
            - key: report_secret
              label: Report Secret
              kind: secret
        ad_types:
          unsupported: []
        supersedes: []
        roi360:
          same_user: none
        setup:
          prerequisites: []
          notes: []
        audiences: null

        """

    /// The real partner files plus the made-up one, in a temporary folder.
    static func partnersFolder() throws -> String {
        let folder = try TemporaryDirectory(prefix: "check-secrets")
        for file in try Repository.partnerFileNames() {
            try FileManager.default.copyItem(atPath: Repository.partners + "/" + file, toPath: folder.file(file))
        }
        try folder.write("zephyr.yaml", madeUpPartner)
        return folder.path
    }

    /// Requests for every partner with every secret field planted, in three shapes: valid-looking,
    /// too short (so length and pattern checks fire), and under misspelt keys.
    static func requests(_ catalog: Catalog) -> (lines: [String], secrets: [String]) {
        var lines: [String] = []
        var secrets: [String] = []
        for partner in catalog.partners {
            for shape in 0..<3 {
                func fill(_ fields: [CredentialField]) -> [String: String] {
                    var values: [String: String] = [:]
                    for field in fields {
                        guard field.isMasked else {
                            values[field.key] = field.kind == .email ? "ana@acme.example" : "plain-\(field.key)"
                            continue
                        }
                        let secret = shape == 1 ? "Qx~\(secrets.count)" : "Qx-PLANTED-\(partner.id)-\(field.key)-\(shape)"
                        secrets.append(secret)
                        values[shape == 2 ? field.key + "_x" : field.key] = shape == 0 ? " \(secret) " : secret
                        if let fallback = field.fallback {
                            let other = "Qx-PLANTED-\(partner.id)-\(fallback.key)-\(shape)"
                            secrets.append(other)
                            values[fallback.key] = other
                        }
                    }
                    return values
                }
                let request: [String: Any] = [
                    "partner": partner.definition.name, "apps": ["com.acme.game"], "user": "ana@acme.example",
                    "credentials": fill(partner.definition.credentials), "oauth": ["granted": true],
                    "partner_metrics": fill(partner.definition.partnerMetrics.credentials),
                ]
                let data = (try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])) ?? Data()
                lines.append(String(decoding: data, as: UTF8.self))
            }
        }
        return (lines, secrets)
    }

    static func expectNoSecret(_ result: CLI.Result, _ secrets: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for secret in secrets {
            #expect(!result.stdout.contains(secret), "stdout shows \(secret)", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains(secret), "stderr shows \(secret)", sourceLocation: sourceLocation)
        }
    }

    @Test func everySecretFieldOfEveryPartner() async throws {
        let folder = try Self.partnersFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let catalog = try CatalogLoader.load(directory: folder)
        // Every real partner is there, and the made-up one beside them.
        let real = try CatalogLoader.load(directory: Repository.partners)
        #expect(real.partners.allSatisfy { catalog.partner(named: $0.id) != nil })
        #expect(catalog.partner(named: "Zephyr Exchange")?.id == "zephyr")
        let (lines, secrets) = Self.requests(catalog)
        #expect(secrets.count > 40)

        // The whole set as a stream, then each request on its own.
        let stream = try await CLI.run(["check", "--ndjson", "--partners", folder], input: Data(lines.joined(separator: "\n").utf8))
        #expect(stream.status == 1)
        #expect(stream.stdout.split(separator: "\n").count == lines.count)
        #expect(stream.stdout.contains("\"***\""))
        Self.expectNoSecret(stream, secrets)
        for line in lines {
            let single = try await CLI.run(["check", "-", "--partners", folder], input: Data(line.utf8))
            #expect(single.status == 0 || single.status == 1)
            Self.expectNoSecret(single, secrets)
        }
    }

    /// Broken documents around a secret: the error says where, never what.
    @Test(arguments: [
        #"{"partner": "Zephyr Exchange", "apps": ["com.acme.game"], "credentials": {"client_secret": "Qx-BROKEN-1"}, "user": 7}"#,
        #"{"partner": "Zephyr Exchange", "credentials": {"client_secret": "Qx-BROKEN-1\x"}}"#,
        #"{"partner": "Zephyr Exchange", "credentials": {"client_secret": "Qx-BROKEN-1"#,
        #"{"partner": "Zephyr Exchange", "credentials": {"client_secret": Qx-BROKEN-1}}"#,
        #"{"partner": "Zephyr Exchange", "credentials": {"client_secret": "Qx-BROKEN-1", "client_secret": "Qx-BROKEN-1"}}"#,
    ])
    func brokenDocuments(_ json: String) async throws {
        let folder = try Self.partnersFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let single = try await CLI.run(["check", "-", "--partners", folder], input: Data(json.utf8))
        #expect(single.status == 2)
        Self.expectNoSecret(single, ["Qx-BROKEN"])
        let stream = try await CLI.run(["check", "--ndjson", "--partners", folder], input: Data((json + "\n" + json).utf8))
        #expect(stream.status == 2)
        Self.expectNoSecret(stream, ["Qx-BROKEN"])
    }

    /// Field names that look secret once case, spaces, `_` and `-` are ignored (SPEC 3a): every
    /// secret word on its own, run together, split, and in a label.
    static let secretLookingNames: [(key: String, label: String)] = {
        var names: [(String, String)] = []
        for word in ["password", "passwd", "pwd", "secret", "token", "key", "signature", "credential", "auth"] {
            names.append((word, "Value"))
            names.append(("app_\(word)", "Value"))
            names.append(("value", "Account \(word.uppercased())"))
        }
        return names + [("apikey", "Value"), ("secretkey", "Value"), ("app_signature", "Value"), ("account", "Api-Key"),
                        ("x_auth_code", "Value"), ("value", "Client-Credential"), ("value", "PassWord"), ("value", "Pass Wd")]
    }()

    /// A made-up partner `id` with one credential field of `kind`, `extra` lines under it, and a secret
    /// partner-metrics field.
    static func vault(_ id: String = "vault", key: String, label: String, kind: String, extra: String = "") -> String {
        """
        # yaml-language-server: $schema=../schemas/partner.schema.json
        id: \(id)
        name: Vault \(id)
        media_sources: [\(id.replacingOccurrences(of: "-", with: "_"))_int]
        auth: credentials
        credentials:
          - key: \(key)
            label: "\(label)"
            kind: \(kind)\(extra)
        partner_metrics:
          required: false
          credentials:
            - {key: report_secret, label: Report Secret, kind: secret}
        ad_types:
          unsupported: []

        """
    }

    @Test("lint refuses every secret-looking field left unmarked, and check masks it once marked")
    func secretLookingNames() async throws {
        let names = Self.secretLookingNames.enumerated().map { (id: "vault-\($0.offset)", key: $0.element.key, label: $0.element.label) }
        // One folder, one lint and one check stream for every name, so the test stays cheap.
        let unmarked = try TemporaryDirectory(prefix: "secret-names")
        defer { unmarked.cleanup() }
        for name in names { try unmarked.write("\(name.id).yaml", Self.vault(name.id, key: name.key, label: name.label, kind: "text")) }
        let lint = try await CLI.run(["lint", unmarked.path, "--format", "json"])
        #expect(lint.status == 1)
        let findings = try #require(try JSONSerialization.jsonObject(with: lint.stdoutBytes) as? [[String: Any]])
        for name in names {
            let found = findings.filter { ($0["file"] as? String ?? "").hasSuffix("/\(name.id).yaml") }
            #expect(
                found.contains { $0["code"] as? String == "secret-not-marked" && $0["severity"] as? String == "error" && $0["line"] as? Int == 7 },
                "\(name.key)/\(name.label): \(found)")
        }

        let marked = try TemporaryDirectory(prefix: "secret-names")
        defer { marked.cleanup() }
        var requests: [String] = []
        var planted: [String] = []
        for name in names {
            try marked.write("\(name.id).yaml", Self.vault(name.id, key: name.key, label: name.label, kind: "text", extra: "\n    secret: true"))
            let value = "Qx-PLANTED-\(name.id)-\(name.key)"
            planted += [value, value + "-metrics"]
            requests.append(
                #"{"partner": "\#(name.id)", "apps": ["com.acme.game"], "user": "ana@acme.example", "credentials": {"\#(name.key)": "\#(value)"}, "partner_metrics": {"report_secret": "\#(value)-metrics"}}"#)
        }
        let clean = try await CLI.run(["lint", marked.path])
        #expect(clean.status == 0, "\(clean.stdout)")
        let check = try await CLI.run(["check", "--ndjson", "--partners", marked.path], input: Data(requests.joined(separator: "\n").utf8))
        let verdicts = check.stdout.split(separator: "\n")
        #expect(verdicts.count == names.count)
        #expect(verdicts.allSatisfy { $0.contains("\"***\"") }, "\(check.stdout)")
        Self.expectNoSecret(check, planted)
    }

    @Test("secret: false on a password, token or secret field is a lint error, and check never prints the value",
          arguments: ["password", "token", "secret"])
    func secretKindUnmasked(kind: String) async throws {
        let folder = try TemporaryDirectory(prefix: "secret-unmasked")
        defer { folder.cleanup() }
        try folder.write("vault.yaml", Self.vault(key: "login", label: "Login", kind: kind, extra: "\n    secret: false"))
        let lint = try await CLI.run(["lint", folder.path])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("error:") && lint.stdout.contains("[secret-unmasked]"), "\(lint.stdout)")
        let planted = "Qx-PLANTED-unmasked-\(kind)"
        let request = #"{"partner": "vault", "apps": ["com.acme.game"], "credentials": {"login": "\#(planted)"}}"#
        let check = try await CLI.run(["check", "-", "--partners", folder.path], input: Data(request.utf8))
        Self.expectNoSecret(check, [planted])
    }
}
