/// Signs catalog bundles: what `partner-rules bundle --sign-key` uses, given to ``CatalogBundle/encode(_:signer:)``.
///
/// The core library does not link a cryptography package; the executable that writes bundles provides an Ed25519
/// signer (`PartnerRulesSigning`), and a service may provide its own (a key held in a hardware module, say).
public protocol CatalogBundleSigner: Sendable {
    /// The 32-byte Ed25519 public key that verifies this signer's signatures.
    var publicKey: [UInt8] { get }
    /// The 64-byte Ed25519 signature of `message`.
    func signature(for message: [UInt8]) throws -> [UInt8]
}

/// Verifies the signature of catalog bundles before anything in them is used.
///
/// Given to ``CatalogBundle/decode(_:verifier:refusingUnverified:)`` (and ``CatalogStore/init(bundle:verifier:)``), it makes an unsigned
/// bundle, one signed with another key and one changed after signing fail to load.
public protocol CatalogBundleVerifier: Sendable {
    /// The 32-byte Ed25519 public key this verifier accepts.
    var publicKey: [UInt8] { get }
    /// Whether `signature` is this key's Ed25519 signature of `message`.
    func isValidSignature(_ signature: [UInt8], for message: ArraySlice<UInt8>) -> Bool
}

extension CatalogBundle {
    /// A short name for an Ed25519 public key, for messages and logs: `ed25519:` and the first 16 hex digits of the
    /// SHA-256 of its 32 bytes. `partner-rules bundle --public-key` prints it beside the key.
    public static func keyID(_ publicKey: some Collection<UInt8>) -> String {
        "ed25519:" + String(SHA256Digest.hex(of: Array(publicKey)).prefix(16))
    }
}
