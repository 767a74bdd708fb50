internal import ByteIO

/// A catalog in one file: what `partner-rules bundle` writes and `serve --bundle` loads, without parsing YAML.
///
/// A bundle holds the catalog's files (so its revision is computed again and checked, and a partner's file text can
/// still be shown), the catalog compiled from them (every partner definition with the place of each of its values,
/// and the settings), a SHA-256 over all of that, and optionally an Ed25519 signature. Loading one decodes the
/// definitions and builds the same compiled catalog a folder load builds, so verdicts, their `because` places,
/// `classify` and partner-test coverage are the same.
///
/// The layout (format version 2; `docs/bundles.md` has the full table):
///
/// | part | bytes |
/// | --- | --- |
/// | magic number | `89 50 52 42 0D 0A 1A 0A` (`\x89PRB\r\n\x1a\n`) |
/// | format version | 4, little-endian |
/// | payload length | 8, little-endian |
/// | payload | the revision, the files, the settings and the partners, length-prefixed (ByteIO's `BinaryWriter`) |
/// | digest | 32: SHA-256 of everything before it |
/// | seal | `00` (unsigned), or `01`, the 32-byte Ed25519 public key and the 64-byte signature of everything before the seal |
///
/// Nothing may follow the seal. Every length and count read is bounded by the bytes left (ByteIO's `BinaryReader`).
public enum CatalogBundle {
    /// The format version this writes, and the newest it reads.
    public static let formatVersion = 2
    /// The largest bundle read: far above any catalog (files are at most 1 MiB each), so a wrong file is refused
    /// before it is read whole.
    public static let maxBytes = 256 << 20

    static let magic: [UInt8] = [0x89, 0x50, 0x52, 0x42, 0x0D, 0x0A, 0x1A, 0x0A]
    static let headerSize = magic.count + 4 + 8
    static let digestSize = 32
    static let publicKeySize = 32
    static let signatureSize = 64

    /// The seal's first byte.
    enum Seal: UInt8 {
        case unsigned = 0
        case ed25519 = 1
    }

    /// The bundle of `catalog`, signed by `signer` when one is given.
    ///
    /// The same catalog gives the same bytes (and, signed with the same key, the same signature: Ed25519 is
    /// deterministic).
    public static func encode(_ catalog: Catalog, signer: (any CatalogBundleSigner)? = nil) throws(CatalogBundleError) -> [UInt8] {
        var writer = BinaryWriter(capacity: catalog.sourceFiles.reduce(4096) { $0 + $1.bytes.count * 2 })
        writer.raw(magic)
        writer.fixed(UInt64(formatVersion), width: 4)
        let lengthOffset = writer.count
        writer.fixed(0, width: 8)
        BundleContent.write(catalog, into: &writer)
        writer.patch(UInt64(writer.count - headerSize), width: 8, at: lengthOffset)
        writer.raw(SHA256Digest.bytes(of: writer.bytes))
        guard let signer else {
            writer.byte(Seal.unsigned.rawValue)
            return writer.bytes
        }
        let publicKey = signer.publicKey
        let signature: [UInt8]
        do {
            signature = try signer.signature(for: writer.bytes)
        } catch {
            throw .signingFailed(reason: "\(error)")
        }
        guard publicKey.count == publicKeySize, signature.count == signatureSize else {
            throw .signingFailed(
                reason: "the signer gave a \(publicKey.count)-byte key and a \(signature.count)-byte signature; Ed25519 has \(publicKeySize) and \(signatureSize)")
        }
        writer.byte(Seal.ed25519.rawValue)
        writer.raw(publicKey)
        writer.raw(signature)
        return writer.bytes
    }

    /// Checks `bytes` as a bundle and builds its catalog.
    ///
    /// In order: the magic number, the format version, the length, the digest, then (with a `verifier`) the
    /// signature, all before any of the contents is decoded; then the contents, the revision against the files, and
    /// the catalog's rules. Throws the first thing that fails.
    ///
    /// - Parameters:
    ///   - bytes: the bundle file's bytes.
    ///   - verifier: checks the signature; `nil` takes an unsigned bundle, and a signed one unless
    ///     `refusingUnverified`.
    ///   - refusingUnverified: refuse a signed bundle when no `verifier` is given, rather than take it unchecked (a
    ///     server should: a signature nobody checks proves nothing).
    public static func decode(
        _ bytes: [UInt8], verifier: (any CatalogBundleVerifier)? = nil, refusingUnverified: Bool = false
    ) throws(CatalogBundleError) -> Catalog {
        let (payload, version) = try checkFrame(bytes, verifier: verifier, refusingUnverified: refusingUnverified)
        var reader = BinaryReader(bytes, range: payload)
        let content: BundleContent
        do {
            content = try BundleContent.read(&reader, version: version)
        } catch {
            throw .corrupt(detail: error.detail)
        }
        // A catalog built from definitions has no files: its revision is that of the definitions and settings.
        if content.files.isEmpty {
            let revision = CatalogRevision.of(definitions: content.documents.map(\.definition), settings: content.settings)
            guard content.revision == revision else {
                throw .corrupt(detail: "the revision it names, \(content.revision), is not the revision of the definitions it holds")
            }
        } else if content.revision != CatalogRevision.of(content.files) {
            throw .corrupt(detail: "the revision it names, \(content.revision), is not the revision of the files it holds")
        }
        let errors = Rules.check(content.documents).filter { $0.severity == .error }
        guard errors.isEmpty else { throw .invalidCatalog(errors) }
        return Catalog(checked: content.documents, settings: content.settings, sourceFiles: content.files, revision: content.revision)
    }

    /// Reads the bundle at `path` (at most ``maxBytes``) and builds its catalog (``decode(_:verifier:refusingUnverified:)``).
    public static func read(
        path: String, verifier: (any CatalogBundleVerifier)? = nil, refusingUnverified: Bool = false
    ) throws(CatalogBundleError) -> Catalog {
        let bytes: [UInt8]
        do {
            bytes = try ByteReader(path: path).readAll(limit: maxBytes)
        } catch {
            if case .tooLarge(let size, let limit) = error.kind { throw .tooLarge(bytes: size, limit: limit) }
            throw .unreadable(reason: error.reason)
        }
        return try decode(bytes, verifier: verifier, refusingUnverified: refusingUnverified)
    }

    /// Writes the bundle of `catalog` to `path` atomically: a reader of `path` sees the old file or the whole new one.
    public static func write(_ catalog: Catalog, to path: String, signer: (any CatalogBundleSigner)? = nil) throws(CatalogBundleError) {
        let bytes = try encode(catalog, signer: signer)
        let failure = bytes.withUnsafeBytes { buffer -> IOFailure? in
            do throws(IOFailure) {
                try AtomicFile.write(buffer, to: path)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw .unwritable(reason: failure.reason) }
    }

    /// Checks everything around the payload and returns where the payload is.
    private static func checkFrame(
        _ bytes: [UInt8], verifier: (any CatalogBundleVerifier)?, refusingUnverified: Bool
    ) throws(CatalogBundleError) -> (payload: Range<Int>, version: Int) {
        guard bytes.count >= headerSize else {
            // A file cut inside the header still starts with the magic number, as far as it goes.
            guard bytes.elementsEqual(magic.prefix(bytes.count)) || bytes.starts(with: magic) else { throw .notABundle }
            throw .truncated(size: bytes.count, expected: headerSize)
        }
        guard bytes.starts(with: magic) else { throw .notABundle }
        var header = BinaryReader(bytes, range: magic.count..<headerSize)
        let version: UInt64
        let payloadLength: UInt64
        do {
            version = try header.fixed("the format version", width: 4)
            payloadLength = try header.fixed("the payload length", width: 8)
        } catch {
            throw .corrupt(detail: error.detail)
        }
        guard version != 0 else { throw .corrupt(detail: "its format version is 0") }
        guard version <= UInt64(formatVersion) else { throw .newerFormat(version: Int(version), supported: formatVersion) }
        // The payload, the digest and at least the seal's first byte.
        guard payloadLength <= UInt64(maxBytes) else {
            throw .corrupt(detail: "its header gives a payload of \(payloadLength) bytes, more than any bundle has")
        }
        let payloadEnd = headerSize + Int(payloadLength)
        let sealStart = payloadEnd + digestSize
        guard bytes.count > sealStart else { throw .truncated(size: bytes.count, expected: sealStart + 1) }
        guard SHA256Digest.bytes(of: Array(bytes[0..<payloadEnd])).elementsEqual(bytes[payloadEnd..<sealStart]) else {
            throw .corrupt(detail: "its SHA-256 does not match its contents")
        }
        let seal = try readSeal(bytes, at: sealStart)
        if let verifier {
            let verifyKey = keyID(verifier.publicKey)
            guard let seal else { throw .unsigned(verifyKey: verifyKey) }
            guard seal.publicKey.elementsEqual(verifier.publicKey) else {
                throw .wrongKey(bundleKey: keyID(seal.publicKey), verifyKey: verifyKey)
            }
            guard verifier.isValidSignature(Array(seal.signature), for: bytes[0..<sealStart]) else {
                throw .badSignature(key: verifyKey)
            }
        } else if refusingUnverified, let seal {
            throw .signedButUnverified(bundleKey: keyID(seal.publicKey))
        }
        return (headerSize..<payloadEnd, Int(version))
    }

    /// The seal at `start`: `nil` for an unsigned bundle, else the key and signature. Refuses bytes after it.
    private static func readSeal(
        _ bytes: [UInt8], at start: Int
    ) throws(CatalogBundleError) -> (publicKey: ArraySlice<UInt8>, signature: ArraySlice<UInt8>)? {
        switch Seal(rawValue: bytes[start]) {
        case .unsigned:
            let end = start + 1
            guard bytes.count == end else { throw .corrupt(detail: "\(bytes.count - end) bytes follow its end") }
            return nil
        case .ed25519:
            let keyStart = start + 1
            let signatureStart = keyStart + publicKeySize
            let end = signatureStart + signatureSize
            guard bytes.count >= end else { throw .truncated(size: bytes.count, expected: end) }
            guard bytes.count == end else { throw .corrupt(detail: "\(bytes.count - end) bytes follow its end") }
            return (bytes[keyStart..<signatureStart], bytes[signatureStart..<end])
        case nil:
            throw .corrupt(detail: "its seal at byte \(start) is of an unknown kind (\(bytes[start]))")
        }
    }
}

extension Catalog {
    /// Builds the catalog a bundle holds (``CatalogBundle/decode(_:verifier:refusingUnverified:)``): with a `verifier`, only a bundle
    /// signed with its key, unchanged since, is taken.
    public init(bundle bytes: [UInt8], verifier: (any CatalogBundleVerifier)? = nil) throws(CatalogBundleError) {
        self = try CatalogBundle.decode(bytes, verifier: verifier)
    }
}

extension CatalogLoader {
    /// Loads the bundle at `path` (``CatalogBundle/read(path:verifier:refusingUnverified:)``); a bundle that cannot be taken is
    /// ``CatalogError/unreadable(path:reason:)`` with the reason and what to do, and one whose catalog has errors is
    /// ``CatalogError/invalid(_:)``, as for a folder.
    public static func load(
        bundle path: String, verifier: (any CatalogBundleVerifier)? = nil, refusingUnverified: Bool = false
    ) throws(CatalogError) -> Catalog {
        let catalog: Catalog
        do {
            catalog = try CatalogBundle.read(path: path, verifier: verifier, refusingUnverified: refusingUnverified)
        } catch .invalidCatalog(let findings) {
            throw .invalid(findings)
        } catch {
            throw .unreadable(path: path, reason: error.description)
        }
        guard !catalog.partners.isEmpty else { throw .unreadable(path: path, reason: Catalog.noPartners) }
        return catalog
    }
}

extension BinaryReader.Failure {
    /// What failed, for ``CatalogBundleError/corrupt(detail:)``.
    var detail: String {
        switch self {
        case .truncated(let what, let offset, let needed):
            return "\(what) at byte \(offset) runs \(needed) bytes past its part of the file"
        case .invalid(let what, let offset):
            return "\(what) at byte \(offset) cannot be read"
        }
    }
}
