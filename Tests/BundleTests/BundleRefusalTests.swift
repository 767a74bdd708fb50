import ByteIO
import Foundation
import PartnerRulesSigning
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// Bundles that must not load: cut short, damaged, newer, unsigned or wrongly signed, tampered with, made up.
@Suite("catalog bundles: refusals")
struct BundleRefusalTests {
    /// Where the parts of a bundle are.
    struct Layout {
        let payload: Range<Int>
        let digest: Range<Int>
        let seal: Range<Int>

        init(_ bytes: [UInt8]) {
            let end = CatalogBundle.headerSize + Int(bytes[12..<20].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
            payload = CatalogBundle.headerSize..<end
            digest = end..<(end + 32)
            seal = (end + 32)..<bytes.count
        }
    }

    /// `bytes` with the digest made right again for what they now hold, as someone who changes a bundle on purpose
    /// would do.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        let layout = Layout(bytes)
        var copy = bytes
        copy.replaceSubrange(layout.digest, with: SHA256Digest.bytes(of: Array(bytes[0..<layout.payload.upperBound])))
        return copy
    }

    @Test("a bundle cut short anywhere is refused as cut short, and says to copy or make it again")
    func truncated() throws {
        let (signer, verifier) = try BundleFixture.keyPair(2)
        for bytes in [try BundleFixture.bundle(), try BundleFixture.bundle(signer: signer)] {
            let cuts = Set(Array(0..<80) + Array(stride(from: 80, to: bytes.count, by: 101)) + Array((bytes.count - 200)..<bytes.count))
            for cut in cuts.sorted() {
                let failure = BundleFixture.failure(Array(bytes.prefix(cut)), verifier: verifier)
                guard case .truncated(let size, let expected)? = failure else {
                    Issue.record("cut at \(cut) of \(bytes.count): \(String(describing: failure))")
                    continue
                }
                #expect(size == cut && expected > cut)
                #expect(failure?.description.contains("copy it again") == true)
            }
        }
    }

    @Test("a byte changed in any part is refused (with a verifier, the key and signature too)")
    func flippedBytes() throws {
        let (signer, verifier) = try BundleFixture.keyPair(3)
        let bytes = try BundleFixture.bundle(signer: signer)
        let layout = Layout(bytes)
        #expect(BundleFixture.failure(bytes, verifier: verifier) == nil)
        var generator = SeededRandom(seed: 11)
        var places = Array(0..<CatalogBundle.headerSize) + Array(layout.digest) + Array(layout.seal)
        places += (0..<300).map { _ in Int.random(in: layout.payload, using: &generator) }
        for place in places {
            var changed = bytes
            changed[place] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            let failure = BundleFixture.failure(changed, verifier: verifier)
            #expect(failure != nil, "a change at byte \(place) was not noticed")
            switch place {
            case 0..<8: #expect(failure == .notABundle)
            case layout.payload, layout.digest:
                #expect(failure == .corrupt(detail: "its SHA-256 does not match its contents"), "byte \(place)")
            default: break
            }
            // Without a verifier the signature is not checked, and every other change still is.
            if place < layout.seal.lowerBound + 1 {
                #expect(BundleFixture.failure(changed) != nil, "a change at byte \(place) was not noticed without a verifier")
            }
        }
    }

    @Test("a newer format version is refused, saying to upgrade or make the bundle again")
    func newerVersion() throws {
        var bytes = try BundleFixture.bundle()
        bytes[8] = UInt8(CatalogBundle.formatVersion + 1)
        let failure = BundleFixture.failure(Self.resealed(bytes))
        #expect(failure == .newerFormat(version: CatalogBundle.formatVersion + 1, supported: CatalogBundle.formatVersion))
        #expect(failure?.description.contains("upgrade partner-rules, or make the bundle again with this version") == true)
        bytes[8] = 0
        #expect(BundleFixture.failure(Self.resealed(bytes)) == .corrupt(detail: "its format version is 0"))
    }

    @Test("with a verifier: an unsigned bundle, another key and a signature over other contents are refused")
    func signatures() throws {
        let (signer, verifier) = try BundleFixture.keyPair(4)
        let (otherSigner, otherVerifier) = try BundleFixture.keyPair(5)
        let signed = try BundleFixture.bundle(signer: signer)
        #expect(BundleFixture.failure(signed, verifier: verifier) == nil)
        #expect(BundleFixture.failure(signed) == nil, "a signed bundle loads without a verifier")
        // A server refuses a signed bundle nobody checks (serve without --verify-key or --allow-unverified).
        let key = CatalogBundle.keyID(signer.publicKey)
        #expect(throws: CatalogBundleError.signedButUnverified(bundleKey: key)) {
            try CatalogBundle.decode(signed, refusingUnverified: true)
        }
        #expect((try? CatalogBundle.decode(try BundleFixture.bundle(), refusingUnverified: true)) != nil, "an unsigned bundle is not refused")
        #expect((try? CatalogBundle.decode(signed, verifier: verifier, refusingUnverified: true)) != nil)
        #expect(CatalogBundleError.signedButUnverified(bundleKey: key).description.contains("--verify-key FILE"))

        let unsigned = BundleFixture.failure(try BundleFixture.bundle(), verifier: verifier)
        #expect(unsigned == .unsigned(verifyKey: CatalogBundle.keyID(verifier.publicKey)))
        #expect(unsigned?.description.contains("--sign-key") == true)

        let wrong = BundleFixture.failure(try BundleFixture.bundle(signer: otherSigner), verifier: verifier)
        #expect(wrong == .wrongKey(bundleKey: CatalogBundle.keyID(otherVerifier.publicKey), verifyKey: CatalogBundle.keyID(verifier.publicKey)))
        #expect(CatalogBundle.keyID(otherSigner.publicKey) != CatalogBundle.keyID(signer.publicKey))

        // Changed contents under a digest made right again, with the old (valid) signature kept: a role name in the
        // compiled definitions (its last spelling; the first is in the file's text, whose revision would not match).
        let layout = Layout(signed)
        var tampered = signed
        let target = try #require(Self.findLast(Array("Workplace".utf8), in: signed, within: layout.payload))
        tampered[target] = UInt8(ascii: "V")
        tampered = Self.resealed(tampered)
        #expect(BundleFixture.failure(tampered, verifier: verifier) == .badSignature(key: CatalogBundle.keyID(verifier.publicKey)))
        // The same file passes every check that does not involve the key: the signature is what catches it.
        #expect(BundleFixture.failure(tampered) == nil)
        // Changed in the files' text, it is refused without a key too: their revision no longer matches.
        var retexted = signed
        retexted[try #require(Self.find(Array("Workplace".utf8), in: signed, within: layout.payload))] = UInt8(ascii: "V")
        #expect(Self.failureDetail(Self.resealed(retexted))?.contains("is not the revision of the files it holds") == true)

        // A signature moved onto another bundle (the key and signature of one, the contents of another).
        let acme = try Catalog(definitions: [PartnerDefinition(id: "acme", name: "Acme", mediaSources: ["acme_int"], auth: .oauth)])
        let other = try CatalogBundle.encode(acme, signer: otherSigner)
        var grafted = Array(other[..<Layout(other).seal.lowerBound]) + Array(signed[layout.seal])
        #expect(BundleFixture.failure(grafted, verifier: verifier) == .badSignature(key: CatalogBundle.keyID(verifier.publicKey)))
        grafted.append(0)
        #expect(BundleFixture.failure(grafted, verifier: verifier) == .corrupt(detail: "1 bytes follow its end"))
    }

    @Test("a bundle without files names the revision of its definitions, or is refused")
    func revisionOfDefinitions() throws {
        let acme = PartnerDefinition(id: "acme", name: "Acme", mediaSources: ["acme_int"], auth: .oauth)
        let catalog = try Catalog(definitions: [acme])
        let bytes = try CatalogBundle.encode(catalog)
        #expect(BundleFixture.failure(bytes) == nil)
        let layout = Layout(bytes)

        // Another definition under the same revision and a digest made right again: the revision gives it away.
        var renamed = bytes
        renamed[try #require(Self.findLast(Array("Acme".utf8), in: bytes, within: layout.payload))] = UInt8(ascii: "E")
        #expect(Self.failureDetail(Self.resealed(renamed))?.contains("is not the revision of the definitions it holds") == true)

        // The same definitions under another revision (one hex digit changed).
        var relabelled = bytes
        let digit = try #require(Self.find(Array(catalog.revision.utf8.suffix(64)), in: bytes, within: layout.payload))
        relabelled[digit] = relabelled[digit] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        #expect(Self.failureDetail(Self.resealed(relabelled))?.contains("is not the revision of the definitions it holds") == true)
    }

    @Test("not a bundle, bytes after its end, and an unknown seal are refused")
    func frame() throws {
        #expect(BundleFixture.failure(Array("id: acme\nname: Acme\n".utf8)) == .notABundle)
        #expect(BundleFixture.failure(Array(repeating: 0, count: 100)) == .notABundle)
        #expect(BundleFixture.failure([]) == .truncated(size: 0, expected: CatalogBundle.headerSize))
        let bytes = try BundleFixture.bundle()
        #expect(BundleFixture.failure(bytes + [0, 0]) == .corrupt(detail: "2 bytes follow its end"))
        var sealed = bytes
        sealed[sealed.count - 1] = 9
        #expect(BundleFixture.failure(sealed) == .corrupt(detail: "its seal at byte \(bytes.count - 1) is of an unknown kind (9)"))
        // A header that claims more payload than any bundle has.
        var huge = bytes
        huge[19] = 0x7F
        guard case .corrupt? = BundleFixture.failure(huge) else { Issue.record("a huge payload length was taken"); return }
    }

    @Test("made-up contents under a right digest: lengths past the end, a wrong revision, a catalog with errors")
    func madeUp() throws {
        let catalog = BundleFixture.folderCatalog
        // A count far larger than the bytes left is refused before anything is allocated for it.
        var writer = Self.header()
        writer.string(catalog.revision)
        writer.varint(UInt64.max >> 1)
        #expect(Self.failureDetail(Self.finish(writer))?.contains("the files at byte") == true)

        // A text that is not UTF-8.
        writer = Self.header()
        writer.bytes([0xFF, 0xFE])
        #expect(Self.failureDetail(Self.finish(writer)) == "the revision at byte \(CatalogBundle.headerSize) cannot be read")

        // A revision that is not the files'.
        writer = Self.header()
        var content = BinaryWriter()
        BundleContent.write(catalog, into: &content)
        writer.raw(content.bytes)
        var bytes = Self.finish(writer)
        let revision = Array(catalog.revision.utf8)
        let at = try #require(Self.find(revision, in: bytes, within: 0..<bytes.count))
        bytes[at + revision.count - 1] = bytes[at + revision.count - 1] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        #expect(Self.failureDetail(Self.resealed(bytes))?.contains("is not the revision of the files it holds") == true)

        // Two partners with the same id and media sources: the catalog's rules refuse it, as lint would.
        let document = catalog.compiled.partners[0].document
        var copy = document
        copy.file = "partners/copy.yaml"
        writer = Self.header()
        writer.string(CatalogRevision.of(definitions: [document.definition, copy.definition], settings: catalog.settings))
        writer.count(0)
        writer.settings(catalog.settings)
        writer.count(2)
        writer.document(document)
        writer.document(copy)
        let failure = BundleFixture.failure(Self.finish(writer))
        guard case .invalidCatalog(let findings)? = failure else {
            Issue.record("a catalog with a partner twice was taken: \(String(describing: failure))")
            return
        }
        #expect(!findings.isEmpty)
        #expect(failure?.description.contains("not made by 'partner-rules bundle'") == true)
    }

    @Test("random bytes after a right header and digest never crash the reader")
    func randomPayloads() throws {
        var generator = SeededRandom(seed: 23)
        let bundle = try BundleFixture.bundle()
        let layout = Layout(bundle)
        for round in 0..<400 {
            var writer = Self.header()
            if round % 2 == 0 {
                // The start of a real payload, then noise.
                let keep = Int.random(in: 0..<layout.payload.count, using: &generator)
                writer.raw(bundle[layout.payload].prefix(keep))
            }
            writer.raw((0..<Int.random(in: 0..<64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let failure = BundleFixture.failure(Self.finish(writer))
            guard case .corrupt? = failure else {
                Issue.record("round \(round): \(String(describing: failure))")
                continue
            }
        }
    }

    // MARK: - Making bundles by hand

    static func header() -> BinaryWriter {
        var writer = BinaryWriter()
        writer.raw(CatalogBundle.magic)
        writer.fixed(UInt64(CatalogBundle.formatVersion), width: 4)
        writer.fixed(0, width: 8)
        return writer
    }

    /// The payload length, the digest and an unsigned seal.
    static func finish(_ writer: BinaryWriter) -> [UInt8] {
        var writer = writer
        writer.patch(UInt64(writer.count - CatalogBundle.headerSize), width: 8, at: 12)
        writer.raw(SHA256Digest.bytes(of: writer.bytes))
        writer.byte(0)
        return writer.bytes
    }

    static func failureDetail(_ bytes: [UInt8]) -> String? {
        guard case .corrupt(let detail)? = BundleFixture.failure(bytes) else { return nil }
        return detail
    }

    static func findLast(_ needle: [UInt8], in bytes: [UInt8], within range: Range<Int>) -> Int? {
        guard range.count >= needle.count else { return nil }
        return (range.lowerBound...(range.upperBound - needle.count)).last { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], within range: Range<Int>) -> Int? {
        guard range.count >= needle.count else { return nil }
        return (range.lowerBound...(range.upperBound - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
