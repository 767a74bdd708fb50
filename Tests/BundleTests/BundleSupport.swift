import Foundation
import PartnerRulesSigning
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// What the bundle tests share: the repository's catalog loaded from its folder, its bundle, and keys.
enum BundleFixture {
    /// The repository's partners folder, loaded as `serve --partners` loads it.
    static let folderCatalog: Catalog = {
        do {
            return try CatalogLoader.load(directory: Repository.partners)
        } catch {
            preconditionFailure("the repository's partners do not load: \(error)")
        }
    }()

    static let keys: TemporaryDirectory = {
        do {
            return try TemporaryDirectory(prefix: "bundle-keys")
        } catch {
            preconditionFailure("cannot create a temporary folder: \(error)")
        }
    }()

    /// A signer and its verifier from a made-up 32-byte seed, through raw key files.
    static func keyPair(_ seed: UInt8) throws -> (signer: Ed25519BundleSigner, verifier: Ed25519BundleVerifier) {
        let privatePath = try keys.write("seed-\(seed).key", Data((0..<32).map { UInt8(truncatingIfNeeded: Int(seed) &* 31 &+ $0) }))
        let signer = try Ed25519BundleSigner(keyFile: privatePath)
        let publicPath = try keys.write("seed-\(seed).pub", Data(signer.publicKey))
        return (signer, try Ed25519BundleVerifier(keyFile: publicPath))
    }

    static func bundle(signer: (any CatalogBundleSigner)? = nil) throws -> [UInt8] {
        try CatalogBundle.encode(folderCatalog, signer: signer)
    }

    /// The error decoding `bytes` throws, or `nil` when it loads.
    static func failure(_ bytes: [UInt8], verifier: (any CatalogBundleVerifier)? = nil) -> CatalogBundleError? {
        do {
            _ = try CatalogBundle.decode(bytes, verifier: verifier)
            return nil
        } catch {
            return error
        }
    }
}
