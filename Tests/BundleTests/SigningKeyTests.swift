import Foundation
import PartnerRules
import PartnerRulesSigning
import PartnerRulesTestSupport
import Testing

/// Ed25519 key files as the real `openssl` writes them, and the mistakes people make with keys.
@Suite("signing keys", .requires(.openssl))
struct SigningKeyTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory(prefix: "signing-keys")
    }

    /// Runs `openssl` with `arguments` in the test's folder; fails the test when it does not succeed.
    func openssl(_ arguments: [String]) async throws {
        let result = try await ProcessRunner.run(
            program: "openssl", arguments, currentDirectory: folder.url, timeout: .seconds(60))
        guard result.status == 0 else { throw ProcessRunner.Failure("openssl \(arguments.joined(separator: " ")): \(result.stderrText)") }
    }

    /// Why the file `name` is refused as a private key (signing), or `nil` when it is taken.
    func signingProblem(_ name: String) -> SigningKeyError.Problem? {
        do {
            _ = try Ed25519BundleSigner(keyFile: folder.file(name))
            return nil
        } catch {
            return error.problem
        }
    }

    /// Why the file `name` is refused as a public key (verifying), or `nil` when it is taken.
    func verifyingProblem(_ name: String) -> SigningKeyError.Problem? {
        do {
            _ = try Ed25519BundleVerifier(keyFile: folder.file(name))
            return nil
        } catch {
            return error.problem
        }
    }

    @Test("a key from 'openssl genpkey -algorithm ed25519' signs, and its 'openssl pkey -pubout' key verifies")
    func opensslKeys() async throws {
        defer { folder.cleanup() }
        try await openssl(["genpkey", "-algorithm", "ed25519", "-out", "key.pem"])
        try await openssl(["pkey", "-in", "key.pem", "-pubout", "-out", "key.pub.pem"])
        let signer = try Ed25519BundleSigner(keyFile: folder.file("key.pem"))
        let verifier = try Ed25519BundleVerifier(keyFile: folder.file("key.pub.pem"))
        #expect(signer.publicKey == verifier.publicKey)
        // The public-key PEM written here is the one openssl writes.
        #expect(Ed25519KeyFile.publicKeyPEM(signer.publicKey) == (try folder.read("key.pub.pem")))

        let bundle = try BundleFixture.bundle(signer: signer)
        #expect(BundleFixture.failure(bundle, verifier: verifier) == nil)

        // openssl verifies the signature too: it is plain Ed25519 over everything before the seal.
        let sealStart = bundle.count - 97
        try folder.write("message", Data(bundle[..<sealStart]))
        try folder.write("signature", Data(bundle[(sealStart + 33)...]))
        try await openssl(["pkeyutl", "-verify", "-pubin", "-inkey", "key.pub.pem", "-rawin", "-in", "message", "-sigfile", "signature"])

        // The same keys as 32 raw bytes: the last 32 bytes of the DER forms.
        try await openssl(["pkey", "-in", "key.pem", "-outform", "DER", "-out", "key.der"])
        try await openssl(["pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "key.pub.der"])
        try folder.write("key.raw", Data(try Data(contentsOf: folder.url.appendingPathComponent("key.der")).suffix(32)))
        try folder.write("key.pub.raw", Data(try Data(contentsOf: folder.url.appendingPathComponent("key.pub.der")).suffix(32)))
        #expect(try Ed25519BundleSigner(keyFile: folder.file("key.raw")).publicKey == signer.publicKey)
        #expect(try Ed25519BundleVerifier(keyFile: folder.file("key.pub.raw")).publicKey == signer.publicKey)
    }

    @Test("RSA and EC keys, the wrong half, an encrypted key and a bad PEM are refused with what to do")
    func wrongKeys() async throws {
        defer { folder.cleanup() }
        try await openssl(["genpkey", "-algorithm", "ed25519", "-out", "key.pem"])
        try await openssl(["pkey", "-in", "key.pem", "-pubout", "-out", "key.pub.pem"])
        try await openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.pem"])
        try await openssl(["pkey", "-in", "rsa.pem", "-pubout", "-out", "rsa.pub.pem"])
        try await openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem"])
        try await openssl(["pkey", "-in", "ec.pem", "-traditional", "-out", "ec.traditional.pem"])
        try await openssl(["genpkey", "-algorithm", "ed25519", "-aes256", "-pass", "pass:secret", "-out", "encrypted.pem"])

        #expect(signingProblem("rsa.pem") == .otherAlgorithm("RSA"))
        #expect(verifyingProblem("rsa.pub.pem") == .otherAlgorithm("RSA"))
        #expect(verifyingProblem("rsa.pem") == .otherAlgorithm("RSA"))
        #expect(signingProblem("ec.pem") == .otherAlgorithm("EC (elliptic-curve)"))
        #expect(signingProblem("ec.traditional.pem") == .otherAlgorithm("EC (elliptic-curve)"))
        #expect(signingProblem("key.pub.pem") == .publicInsteadOfPrivate)
        #expect(verifyingProblem("key.pem") == .privateInsteadOfPublic)
        #expect(signingProblem("encrypted.pem") == .encrypted)

        let pem = try folder.read("key.pem")
        try folder.write("cut.pem", String(pem.prefix(pem.count - 30)))
        try folder.write("garbled.pem", pem.replacingOccurrences(of: "MC4C", with: "M!4C"))
        try folder.write("text.pem", "not a key at all\n")
        guard case .badPEM? = signingProblem("cut.pem") else {
            Issue.record("a PEM cut short was taken")
            return
        }
        guard case .badPEM? = signingProblem("garbled.pem") else {
            Issue.record("a PEM that is not base64 was taken")
            return
        }
        #expect(signingProblem("text.pem") == .notAKey)
        guard case .unreadable? = signingProblem("missing.pem") else {
            Issue.record("a missing key file was taken")
            return
        }

        // Each message names the file and the command that makes a right key, and never shows the key's bytes.
        do {
            _ = try Ed25519BundleSigner(keyFile: folder.file("rsa.pem"))
        } catch {
            #expect(error.description.hasPrefix(folder.file("rsa.pem") + ": this is an RSA key"))
            #expect(error.description.contains("openssl genpkey -algorithm ed25519"))
        }
        do {
            _ = try Ed25519BundleVerifier(keyFile: folder.file("key.pem"))
        } catch {
            #expect(error.description.contains("openssl pkey -in bundle-key.pem -pubout"))
            #expect(!error.description.contains(pem.split(separator: "\n")[1]))
        }
    }
}
