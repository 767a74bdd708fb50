import Foundation
import PartnerRulesSigning
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// `partner-rules bundle` as a user runs it, through `partner-rules`, from the repository root.
@Suite("partner-rules bundle", .serialized)
struct BundleCommandTests {
    static func run(_ arguments: [String]) async throws -> ProcessResult {
        try await ProcessRunner.run(
            try BuiltProducts.executable("partner-rules"), ["bundle"] + arguments, currentDirectory: Repository.rootURL,
            timeout: .seconds(120))
    }

    @Test("writes a bundle of the partners folder, prints its revision, and the bundle loads as the folder does")
    func writes() async throws {
        let folder = try TemporaryDirectory(prefix: "bundle-cli")
        defer { folder.cleanup() }
        let (signer, verifier) = try BundleFixture.keyPair(9)
        try FileManager.default.copyItem(atPath: BundleFixture.keys.file("seed-9.key"), toPath: folder.file("sign.key"))
        let result = try await Self.run(["--partners", "partners", "--output", folder.file("catalog.bundle"), "--sign-key", folder.file("sign.key")])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == BundleFixture.folderCatalog.revision + "\n")
        #expect(result.stderrText.contains("signed with key \(CatalogBundle.keyID(signer.publicKey))"))
        #expect(folder.contents() == ["catalog.bundle", "sign.key"], "nothing but the bundle is left behind")

        let catalog = try CatalogBundle.read(path: folder.file("catalog.bundle"), verifier: verifier)
        #expect(catalog.partners.map(\.definition) == BundleFixture.folderCatalog.partners.map(\.definition))
        #expect(catalog.revision == BundleFixture.folderCatalog.revision)
        // Run from the repository root with --partners partners, the places name partners/….yaml, as check's do.
        #expect(catalog.compiled.partners.allSatisfy { $0.places.file.hasPrefix("partners/") })
    }

    @Test("serve refuses a signed bundle without --verify-key, naming --verify-key and --allow-unverified")
    func serveRefusesUnverified() async throws {
        let folder = try TemporaryDirectory(prefix: "bundle-serve")
        defer { folder.cleanup() }
        let (signer, _) = try BundleFixture.keyPair(11)
        try CatalogBundle.write(BundleFixture.folderCatalog, to: folder.file("catalog.bundle"), signer: signer)
        let refused = try await ProcessRunner.run(
            try BuiltProducts.executable("partner-rules-serve"), ["--bundle", folder.file("catalog.bundle"), "--port", "0"],
            timeout: .seconds(60))
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("signed with key \(CatalogBundle.keyID(signer.publicKey))"))
        #expect(refused.stderrText.contains("--verify-key FILE") && refused.stderrText.contains("--allow-unverified"))
        let both = try await ProcessRunner.run(
            try BuiltProducts.executable("partner-rules-serve"),
            ["--bundle", folder.file("catalog.bundle"), "--allow-unverified", "--verify-key", folder.file("none.pub")], timeout: .seconds(60))
        #expect(both.status == 2 && both.stderrText.contains("give one of them"))
    }

    @Test("--public-key prints the PEM public key of --sign-key")
    func publicKey() async throws {
        let (signer, _) = try BundleFixture.keyPair(10)
        let result = try await Self.run(["--public-key", "--sign-key", BundleFixture.keys.file("seed-10.key")])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == Ed25519KeyFile.publicKeyPEM(signer.publicKey))
        #expect(result.stderrText.contains(CatalogBundle.keyID(signer.publicKey)))
    }

    @Test("a catalog with errors is refused with lint's findings, and nothing is written")
    func refusesErrors() async throws {
        let folder = try TemporaryDirectory(
            prefix: "bundle-cli",
            files: [
                "partners/acme.yaml": """
                    # yaml-language-server: $schema=../schemas/partner.schema.json
                    id: acme
                    name: Acme
                    media_sources: [acme_int]
                    auth: oauth
                    per_user: yes
                    ad_types: {unsupported: []}
                    """
            ])
        defer { folder.cleanup() }
        try folder.write("out.bundle", "the old bundle")
        let result = try await Self.run(["--partners", folder.file("partners"), "--output", folder.file("out.bundle")])
        #expect(result.status == 1)
        #expect(result.stdoutText.isEmpty)
        #expect(result.stderrText.contains("acme.yaml:6:11: error:"), "\(result.stderrText)")
        #expect(result.stderrText.contains("no bundle was written"))
        #expect(try folder.read("out.bundle") == "the old bundle")
    }

    @Test("bad usage and bad keys exit 2 with a message")
    func badUsage() async throws {
        let missing = try await Self.run([])
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("--output"))
        let key = try await Self.run(["--output", "/tmp/never-written.bundle", "--sign-key", Repository.path("Package.swift")])
        #expect(key.status == 2)
        #expect(key.stderrText.contains("not a key"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.bundle"))
        let folder = try await Self.run(["--partners", "no-such-folder", "--output", "/tmp/never-written.bundle"])
        #expect(folder.status == 2)
        #expect(folder.stderrText.contains("no-such-folder"))
    }
}
