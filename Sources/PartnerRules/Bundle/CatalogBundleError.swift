/// Why a catalog bundle was not written or not loaded. Each message says what happened and what to do.
public enum CatalogBundleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read (missing, no permission, a folder).
    case unreadable(reason: String)
    /// The file is larger than any bundle this reads.
    case tooLarge(bytes: Int, limit: Int)
    /// The bytes do not start with the bundle's magic number: not a bundle at all.
    case notABundle
    /// The bytes end before the bundle does: a copy or download cut short.
    case truncated(size: Int, expected: Int)
    /// Made by a newer partner-rules, in a format version this one cannot read.
    case newerFormat(version: Int, supported: Int)
    /// The bytes are damaged or were changed: `detail` says where.
    case corrupt(detail: String)
    /// A verifier was given and the bundle carries no signature.
    case unsigned(verifyKey: String)
    /// The bundle is signed, no verifier was given, and an unchecked signature was not allowed (`serve` without
    /// `--verify-key` or `--allow-unverified`).
    case signedButUnverified(bundleKey: String)
    /// The bundle is signed, with a key other than the verifier's.
    case wrongKey(bundleKey: String, verifyKey: String)
    /// The signature is the verifier's key's, and does not match the contents: they were changed after signing.
    case badSignature(key: String)
    /// The bundle decodes, and its partners break the catalog's rules (it was not made by `partner-rules bundle`).
    case invalidCatalog([Finding])
    /// The signer failed or gave a key or signature of the wrong size.
    case signingFailed(reason: String)
    /// The bundle could not be written.
    case unwritable(reason: String)

    private static let makeAgain = "make the bundle again with 'partner-rules bundle'"

    public var description: String {
        switch self {
        case .unreadable(let reason):
            return "cannot read the bundle: \(reason)"
        case .tooLarge(let bytes, let limit):
            return "the file is \(bytes) bytes, over the \(limit) bytes a bundle may have; is it really a catalog bundle?"
        case .notABundle:
            return "this is not a catalog bundle (it does not start with the bundle's magic number); give a file written by 'partner-rules bundle --output FILE'"
        case .truncated(let size, let expected):
            return "the bundle is cut short: it has \(size) bytes and needs \(expected); copy it again, or \(Self.makeAgain)"
        case .newerFormat(let version, let supported):
            return "the bundle has format version \(version), made by a newer partner-rules; this one reads version \(supported): upgrade partner-rules, or make the bundle again with this version"
        case .corrupt(let detail):
            return "the bundle is corrupt (\(detail)); copy it again, or \(Self.makeAgain)"
        case .unsigned(let verifyKey):
            return "the bundle is not signed, and a verify key (\(verifyKey)) was given; make it with 'partner-rules bundle --sign-key KEY', or load it without a verify key"
        case .signedButUnverified(let bundleKey):
            return "the bundle is signed with key \(bundleKey) and nothing checks that signature; give the signer's public key with --verify-key FILE, or --allow-unverified to take the bundle unchecked"
        case .wrongKey(let bundleKey, let verifyKey):
            return "the bundle is signed with key \(bundleKey), not with the verify key \(verifyKey); make it again with the private key that belongs to \(verifyKey), or verify it with the public key of \(bundleKey) if you trust that key"
        case .badSignature(let key):
            return "the bundle's signature by key \(key) does not match its contents: they were changed after signing; do not use this file, and \(Self.makeAgain) --sign-key"
        case .invalidCatalog(let findings):
            let shown = findings.sorted().prefix(5).map(\.description).joined(separator: "\n")
            return "the catalog in the bundle has errors, so it was not made by 'partner-rules bundle' (which refuses such a catalog):\n\(shown)"
        case .signingFailed(let reason):
            return "cannot sign the bundle: \(reason)"
        case .unwritable(let reason):
            return "cannot write the bundle: \(reason)"
        }
    }
}
