import ArgumentParser
import ByteIO
import Foundation
import PartnerRules
import PartnerRulesCommandLine
import PartnerRulesSigning

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: SeparateCommand.bundle.commandName,
        abstract: SeparateCommand.bundle.abstract,
        discussion: """
            Checks the partners folder as lint does and refuses a catalog with errors (exit 1, with the findings). \
            Otherwise writes one file holding the catalog's files, the catalog compiled from them and its revision, \
            and with --sign-key an Ed25519 signature; prints the revision. 'serve --bundle FILE [--verify-key KEY]' \
            and the library (CatalogBundle) load it without reading YAML. --public-key prints the public key of \
            --sign-key, for --verify-key. Keys: 'openssl genpkey -algorithm ed25519 -out bundle-key.pem'; see \
            docs/bundles.md.
            Exit status: 0 written, 1 the catalog has errors, 2 bad usage, an unreadable folder or key, or an \
            unwritable output.
            """,
        version: Version.current
    )

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(name: .long, help: ArgumentHelp("The bundle file to write (replaced whole, never half-written).", valueName: "file"))
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "An Ed25519 private key (PKCS#8 PEM as 'openssl genpkey -algorithm ed25519' writes it, or 32 raw bytes) to sign the bundle with.",
            valueName: "file"))
    var signKey: String?

    @Flag(name: .long, help: "Print the public key (PEM) of --sign-key, to give servers as --verify-key, and exit; with --output, write it there.")
    var publicKey = false

    func validate() throws {
        if publicKey {
            guard signKey != nil else { throw ValidationError("--public-key needs --sign-key FILE: the private key whose public key to print") }
        } else if output == nil {
            throw ValidationError("missing --output FILE: where to write the bundle")
        }
    }

    func run() throws {
        let signer = try loadSigner()
        if publicKey, let signer {
            let pem = Ed25519KeyFile.publicKeyPEM(signer.publicKey)
            try write(pem, keyID: CatalogBundle.keyID(signer.publicKey))
            return
        }
        guard let output else { return }
        let catalog = try catalogOptions.loadCatalog(refusing: "no bundle was written")
        do {
            try CatalogBundle.write(catalog, to: output, signer: signer)
        } catch {
            printError("partner-rules: '\(output)': \(error)")
            throw ExitCode(2)
        }
        let signed = signer.map { " signed with key \(CatalogBundle.keyID($0.publicKey))" } ?? " unsigned"
        printError("partner-rules: wrote '\(output)': \(catalog.partners.count) partners,\(signed)")
        writeOut(catalog.revision + "\n")
    }

    private func loadSigner() throws -> Ed25519BundleSigner? {
        guard let signKey else { return nil }
        do {
            return try Ed25519BundleSigner(keyFile: signKey)
        } catch {
            printError("partner-rules: --sign-key \(error)")
            throw ExitCode(2)
        }
    }

    private func write(_ pem: String, keyID: String) throws {
        guard let output else {
            writeOut(pem)
            printError("partner-rules: key id \(keyID)")
            return
        }
        do {
            try AtomicFile.write(pem, to: output)
        } catch {
            printError("partner-rules: cannot write '\(output)': \(error)")
            throw ExitCode(2)
        }
        printError("partner-rules: wrote the public key \(keyID) to '\(output)'")
    }
}

/// `partner-rules-bundle`, run directly or as `partner-rules bundle`.
@main
enum Main {
    static func main() async {
        await EntryPoint.run(BundleCommand.self)
    }
}
