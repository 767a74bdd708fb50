internal import ByteIO
internal import Crypto
import Foundation
public import PartnerRules

/// Signs catalog bundles with an Ed25519 private key (`partner-rules bundle --sign-key`).
///
/// It keeps the key's 32 bytes (swift-crypto's key types are not `Sendable`) and makes the key for each signature.
public struct Ed25519BundleSigner: CatalogBundleSigner {
    private let seed: [UInt8]
    public let publicKey: [UInt8]

    /// The signer of the private key in the file at `path` (``Ed25519KeyFile/privateKey(path:)``).
    public init(keyFile path: String) throws(SigningKeyError) {
        let seed = try Ed25519KeyFile.privateKey(path: path)
        do {
            self.publicKey = Array(try Curve25519.Signing.PrivateKey(rawRepresentation: seed).publicKey.rawRepresentation)
        } catch {
            throw SigningKeyError(path: path, problem: .badKey("the key's 32 bytes are not an Ed25519 private key"))
        }
        self.seed = seed
    }

    public func signature(for message: [UInt8]) throws -> [UInt8] {
        Array(try Curve25519.Signing.PrivateKey(rawRepresentation: seed).signature(for: message))
    }
}

/// Verifies catalog bundles with an Ed25519 public key (`serve --bundle FILE --verify-key KEY`).
public struct Ed25519BundleVerifier: CatalogBundleVerifier {
    public let publicKey: [UInt8]

    /// The verifier of the public key in the file at `path` (``Ed25519KeyFile/publicKey(path:)``).
    public init(keyFile path: String) throws(SigningKeyError) {
        let bytes = try Ed25519KeyFile.publicKey(path: path)
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil else {
            throw SigningKeyError(path: path, problem: .badKey("the key's 32 bytes are not an Ed25519 public key"))
        }
        self.publicKey = bytes
    }

    public func isValidSignature(_ signature: [UInt8], for message: ArraySlice<UInt8>) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// Why a key file cannot be used, with what to do instead.
public struct SigningKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        case unreadable(String)
        /// Neither PEM nor 32 raw bytes.
        case notAKey
        /// PEM, and its contents cannot be read.
        case badPEM(String)
        /// A key of another algorithm: RSA, EC (P-256 …), X25519, Ed448.
        case otherAlgorithm(String)
        /// A public key where the private key is needed.
        case publicInsteadOfPrivate
        /// A private key where the public key is needed.
        case privateInsteadOfPublic
        /// A key protected by a passphrase.
        case encrypted
        /// An OpenSSH key (`ssh-keygen -t ed25519`).
        case openSSH
        /// The bytes are of the right form and not a usable key.
        case badKey(String)
    }

    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    static let makeKey = "make one with 'openssl genpkey -algorithm ed25519 -out bundle-key.pem'"
    static let makePublic = "get the public key with 'openssl pkey -in bundle-key.pem -pubout -out bundle-key.pub.pem' or 'partner-rules bundle --public-key --sign-key bundle-key.pem'"

    public var description: String {
        let text: String
        switch problem {
        case .unreadable(let reason):
            text = "cannot read the key: \(reason)"
        case .notAKey:
            text = "not a key: give a PEM file as 'openssl genpkey -algorithm ed25519' writes it (or its public key), or a file of exactly 32 raw bytes; \(Self.makeKey)"
        case .badPEM(let detail):
            text = "the PEM key cannot be read (\(detail)); \(Self.makeKey)"
        case .otherAlgorithm(let algorithm):
            let what = algorithm.isEmpty ? "this key is of an algorithm other than Ed25519" : "this is an \(algorithm) key"
            text = "\(what); bundles are signed with Ed25519: \(Self.makeKey)"
        case .publicInsteadOfPrivate:
            text = "this is a public key; signing needs the private key ('openssl genpkey -algorithm ed25519' wrote it), while servers verify with the public key (--verify-key)"
        case .privateInsteadOfPublic:
            text = "this is a private key; verifying needs only the public key, and the private key should stay where bundles are made: \(Self.makePublic)"
        case .encrypted:
            text = "the key is protected by a passphrase; write it without one: 'openssl pkey -in KEY -out bundle-key.pem' (and keep that file private)"
        case .openSSH:
            text = "this is an OpenSSH key; give a PKCS#8 PEM key instead: \(Self.makeKey)"
        case .badKey(let detail):
            text = detail
        }
        return "\(path): \(text)"
    }
}

/// Reads Ed25519 keys: PKCS#8 PEM as `openssl genpkey -algorithm ed25519` writes them, the public-key PEM
/// `openssl pkey -pubout` writes, or a file of exactly 32 raw bytes (the private key's seed, or the public key).
public enum Ed25519KeyFile {
    /// Ed25519's object identifier, 1.3.101.112, as DER.
    static let ed25519OID: [UInt8] = [0x06, 0x03, 0x2B, 0x65, 0x70]
    /// The other algorithms a key file may hold, by their DER object identifier, for messages.
    static let otherAlgorithms: [(oid: [UInt8], name: String)] = [
        ([0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01], "RSA"),
        ([0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A], "RSA-PSS"),
        ([0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01], "EC (elliptic-curve)"),
        ([0x06, 0x03, 0x2B, 0x65, 0x6E], "X25519"),
        ([0x06, 0x03, 0x2B, 0x65, 0x71], "Ed448"),
        ([0x06, 0x03, 0x2B, 0x65, 0x6F], "X448"),
    ]
    /// A key file is small; anything larger is not one.
    static let maxBytes = 64 << 10

    /// The 32-byte private key (seed) in the file at `path`.
    public static func privateKey(path: String) throws(SigningKeyError) -> [UInt8] {
        let bytes = try read(path)
        if bytes.count == 32 { return bytes }
        let (label, der) = try pem(bytes, path: path)
        switch label {
        case "PRIVATE KEY": return try pkcs8(der, path: path)
        case "PUBLIC KEY": throw SigningKeyError(path: path, problem: .publicInsteadOfPrivate)
        default: throw SigningKeyError(path: path, problem: problem(label: label))
        }
    }

    /// The 32-byte public key in the file at `path`.
    public static func publicKey(path: String) throws(SigningKeyError) -> [UInt8] {
        let bytes = try read(path)
        if bytes.count == 32 { return bytes }
        let (label, der) = try pem(bytes, path: path)
        switch label {
        case "PUBLIC KEY": return try subjectPublicKeyInfo(der, path: path)
        case "PRIVATE KEY":
            // Say what the key is before saying it is the wrong half: an RSA private key is an RSA problem first.
            _ = try pkcs8(der, path: path)
            throw SigningKeyError(path: path, problem: .privateInsteadOfPublic)
        default: throw SigningKeyError(path: path, problem: problem(label: label))
        }
    }

    /// The public-key PEM (`-----BEGIN PUBLIC KEY-----`) of a 32-byte Ed25519 public key, as `openssl pkey -pubout`
    /// writes it.
    public static func publicKeyPEM(_ publicKey: [UInt8]) -> String {
        let der: [UInt8] = [0x30, 0x2A, 0x30, 0x05] + ed25519OID + [0x03, 0x21, 0x00] + publicKey
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN PUBLIC KEY-----\n\(base64)\n-----END PUBLIC KEY-----\n"
    }

    private static func read(_ path: String) throws(SigningKeyError) -> [UInt8] {
        do {
            return try ByteReader(path: path).readAll(limit: maxBytes)
        } catch {
            if case .tooLarge = error.kind { throw SigningKeyError(path: path, problem: .notAKey) }
            throw SigningKeyError(path: path, problem: .unreadable(error.reason))
        }
    }

    private static func problem(label: String) -> SigningKeyError.Problem {
        switch label {
        case "RSA PRIVATE KEY", "RSA PUBLIC KEY": return .otherAlgorithm("RSA")
        case "EC PRIVATE KEY", "EC PARAMETERS": return .otherAlgorithm("EC (elliptic-curve)")
        case "ENCRYPTED PRIVATE KEY": return .encrypted
        case "OPENSSH PRIVATE KEY": return .openSSH
        default: return .badPEM("its label is '\(label)'; an Ed25519 key is 'PRIVATE KEY' or 'PUBLIC KEY'")
        }
    }

    /// The label and the DER bytes of the first PEM block in `bytes`.
    private static func pem(_ bytes: [UInt8], path: String) throws(SigningKeyError) -> (String, [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self), text.contains("-----BEGIN ") else {
            throw SigningKeyError(path: path, problem: .notAKey)
        }
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let begin = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("-----") }) else {
            throw SigningKeyError(path: path, problem: .badPEM("no '-----BEGIN …-----' line"))
        }
        let label = String(lines[begin].dropFirst("-----BEGIN ".count).dropLast(5))
        guard let end = lines[begin...].firstIndex(of: "-----END \(label)-----") else {
            throw SigningKeyError(path: path, problem: .badPEM("no '-----END \(label)-----' line: is the file cut short?"))
        }
        let body = lines[(begin + 1)..<end]
        if body.contains(where: { $0.contains(":") }) { throw SigningKeyError(path: path, problem: .encrypted) }
        guard let der = Data(base64Encoded: body.joined()) else {
            throw SigningKeyError(path: path, problem: .badPEM("the lines between BEGIN and END are not base64"))
        }
        return (label, Array(der))
    }

    /// The seed of a PKCS#8 `PrivateKeyInfo` (RFC 5208, RFC 8410): SEQUENCE { INTEGER, SEQUENCE { OID }, OCTET
    /// STRING { OCTET STRING seed } … }.
    private static func pkcs8(_ der: [UInt8], path: String) throws(SigningKeyError) -> [UInt8] {
        var outer = DERReader(der)
        guard var info = outer.element(tag: 0x30), outer.isAtEnd, info.element(tag: 0x02) != nil,
            let algorithm = info.element(tag: 0x30)
        else { throw SigningKeyError(path: path, problem: .badPEM("it is not a PKCS#8 private key")) }
        try checkAlgorithm(algorithm, path: path)
        guard var wrapped = info.element(tag: 0x04), let seed = wrapped.element(tag: 0x04), wrapped.isAtEnd, seed.count == 32 else {
            throw SigningKeyError(path: path, problem: .badPEM("its private key is not 32 bytes"))
        }
        return seed.rest
    }

    /// The key of a `SubjectPublicKeyInfo` (RFC 5280, RFC 8410): SEQUENCE { SEQUENCE { OID }, BIT STRING }.
    private static func subjectPublicKeyInfo(_ der: [UInt8], path: String) throws(SigningKeyError) -> [UInt8] {
        var outer = DERReader(der)
        guard var info = outer.element(tag: 0x30), outer.isAtEnd, let algorithm = info.element(tag: 0x30) else {
            throw SigningKeyError(path: path, problem: .badPEM("it is not a public key"))
        }
        try checkAlgorithm(algorithm, path: path)
        guard let bits = info.element(tag: 0x03), info.isAtEnd, bits.count == 33, bits.rest.first == 0 else {
            throw SigningKeyError(path: path, problem: .badPEM("its public key is not 32 bytes"))
        }
        return Array(bits.rest.dropFirst())
    }

    private static func checkAlgorithm(_ algorithm: DERReader, path: String) throws(SigningKeyError) {
        let oid = algorithm.rest
        if oid.starts(with: ed25519OID) { return }
        if let other = otherAlgorithms.first(where: { oid.starts(with: $0.oid) }) {
            throw SigningKeyError(path: path, problem: .otherAlgorithm(other.name))
        }
        throw SigningKeyError(path: path, problem: .otherAlgorithm(""))
    }
}

/// Reads DER's tag-length-value elements, refusing lengths that run past the bytes.
struct DERReader {
    private(set) var rest: [UInt8]

    init(_ bytes: [UInt8]) { rest = bytes }

    var isAtEnd: Bool { rest.isEmpty }
    var count: Int { rest.count }

    /// The contents of the next element when its tag is `tag`.
    mutating func element(tag: UInt8) -> DERReader? {
        guard rest.count >= 2, rest[0] == tag else { return nil }
        var length = Int(rest[1])
        var header = 2
        if length >= 0x80 {
            let octets = length & 0x7F
            guard octets >= 1, octets <= 2, rest.count >= 2 + octets else { return nil }
            length = rest[2..<(2 + octets)].reduce(0) { $0 << 8 | Int($1) }
            header += octets
        }
        guard rest.count - header >= length else { return nil }
        let contents = DERReader(Array(rest[header..<(header + length)]))
        rest.removeFirst(header + length)
        return contents
    }
}
