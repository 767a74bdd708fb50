public import PartnerRules

internal import CByteKernels

/// A SHA-256 digest as a value: four words, cheap to hash and compare, 32 bytes in a set.
public struct Digest32: Sendable, Hashable {
    var a: UInt64, b: UInt64, c: UInt64, d: UInt64

    /// The digest of `bytes`.
    ///
    /// SHA-256 of the C kernels (`CByteKernelsSHA256.h`: the CPU's SHA instructions where it has them, portable C
    /// elsewhere), without allocation. `Crypto.SHA256` allocates a context object for every digest, which costs about
    /// as much as hashing a 36-byte id.
    ///
    /// A message of up to ``shortMessageLimit`` bytes (any advertising id, e-mail address or phone number in practice)
    /// is padded here, as FIPS 180-4 section 5.1.1 says, into one or two 64-byte blocks that go straight to the
    /// compression function (`pr_sha256_blocks`); that skips copying the message a second time. Longer messages take
    /// the one-shot `pr_sha256`. The test suite checks both against swift-crypto's `SHA256` (`Digest32.reference` in PartnerRulesAudiences) at every length across the switch.
    @inline(__always)
    init(sha256Of bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        guard count <= Digest32.shortMessageLimit else {
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            withUnsafeMutablePointer(to: &words) { out in
                UnsafeMutableRawPointer(out).withMemoryRebound(to: UInt8.self, capacity: 32) { digest in
                    pr_sha256(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count, digest)
                }
            }
            self.init(a: words.0, b: words.1, c: words.2, d: words.3)
            return
        }
        var padded = (Block64(), Block64())
        self = withUnsafeMutablePointer(to: &padded) { blocks in
            let block = UnsafeMutableRawPointer(blocks)
            UnsafeMutableRawBufferPointer(start: block, count: count).copyMemory(from: bytes)
            return Digest32(padding: block, count: count)
        }
    }

    /// The digest of the `count` (at most ``shortMessageLimit``) bytes at the start of `block`, 128 bytes whose
    /// other bytes are zero: pads them in place (a 1 bit, zeros, and the length in bits as a big-endian 64-bit
    /// number, filling one block up to 55 bytes and two after) and compresses them.
    @inline(__always)
    init(padding block: UnsafeMutableRawPointer, count: Int) {
        let blocks = count <= 55 ? 1 : 2
        block.storeBytes(of: 0x80, toByteOffset: count, as: UInt8.self)
        block.storeBytes(of: UInt64(count &* 8).bigEndian, toByteOffset: 64 &* blocks &- 8, as: UInt64.self)
        self.init(compressing: UnsafeRawPointer(block), blocks: blocks)
    }

    /// The digest of `blocks` 64-byte blocks that hold a message already padded, from SHA-256's initial hash value.
    @inline(__always)
    private init(compressing padded: UnsafeRawPointer, blocks: Int) {
        // The initial hash value, FIPS 180-4 section 5.3.3.
        var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
        )
        withUnsafeMutablePointer(to: &state) { tuple in
            tuple.withMemoryRebound(to: UInt32.self, capacity: 8) { words in
                pr_sha256_blocks(words, padded.assumingMemoryBound(to: UInt8.self), blocks)
            }
        }
        // The digest is the state words, each big-endian.
        func pair(_ high: UInt32, _ low: UInt32) -> UInt64 {
            UInt64(high.bigEndian) | UInt64(low.bigEndian) &<< 32
        }
        self.init(a: pair(state.0, state.1), b: pair(state.2, state.3), c: pair(state.4, state.5), d: pair(state.6, state.7))
    }

    /// The digest of `bytes` through the one-shot `pr_sha256` at every length, bypassing the padding above: the
    /// second opinion the fuzz target for identifiers holds ``SegmentFiles/hash(identifier:input:output:progress:)`` to.
    @_spi(Fuzzing) public static func oneShotSHA256(_ bytes: [UInt8]) -> Digest32 {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutablePointer(to: &words) { out in
            UnsafeMutableRawPointer(out).withMemoryRebound(to: UInt8.self, capacity: 32) { digest in
                bytes.withUnsafeBufferPointer { pr_sha256($0.baseAddress, $0.count, digest) }
            }
        }
        return Digest32(a: words.0, b: words.1, c: words.2, d: words.3)
    }

    /// The longest message that is padded here rather than passed to the one-shot call: two blocks less the
    /// padding's 1 bit (a byte here) and 8-byte length.
    static let shortMessageLimit = 119

    package init(a: UInt64, b: UInt64, c: UInt64, d: UInt64) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }

    /// Parses 64 lower-case hex digits; `nil` for anything else.
    @inline(__always)
    init?(hex: UnsafeRawBufferPointer) {
        guard hex.count == 64 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &words) { out -> Bool in
            for index in 0..<32 {
                guard let high = Hex.value(hex[2 * index]), let low = Hex.value(hex[2 * index + 1]) else { return false }
                out[index] = high << 4 | low
            }
            return true
        }
        guard ok else { return nil }
        self.init(a: words.0, b: words.1, c: words.2, d: words.3)
    }

    /// Writes the 64 lower-case hex digits to `target`.
    @inline(__always)
    func writeHex(to target: UnsafeMutableRawPointer) {
        var words = (a, b, c, d)
        withUnsafeBytes(of: &words) { bytes in
            pr_hex_encode_32(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), target.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The 64 lower-case hex digits.
    public var hex: String {
        var digits = (Block64(), Block64())
        return withUnsafeMutablePointer(to: &digits) { storage in
            let raw = UnsafeMutableRawPointer(storage)
            writeHex(to: raw)
            return String(decoding: UnsafeRawBufferPointer(start: raw, count: 64), as: UTF8.self)
        }
    }
}

/// 64 bytes of storage, zeroed: one SHA-256 block.
struct Block64 {
    var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
}

enum Hex {
    @inline(__always)
    static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}

/// Turns plain identifiers into segment files, and finds plain identifiers in segment files.
///
/// Both directions stream: input is read in 1 MiB chunks and output written through a 1 MiB buffer, so a file of
/// many gigabytes takes the same memory as a small one.
public enum SegmentFiles {
    /// What a run saw.
    public struct Summary: Sendable, Hashable {
        /// Identifier lines read.
        public var rows: Int
    }

    /// Reads plain identifiers (one a line) from `input` and writes a segment file to `output`.
    ///
    /// `nil` or `-` means standard input/output. The output file appears only when every line was good: a bad line
    /// stops the run with its line number and leaves no file behind. `progress`, when given, counts the input's
    /// bytes chunk by chunk.
    @discardableResult
    public static func hash(
        identifier: AudienceIdentifier, input: String?, output: String?, progress: ProgressCounter? = nil
    ) throws(SegmentError) -> Summary {
        let reader = try LineReader(path: input)
        if let progress { reader.count(into: progress) }
        let destination = try AtomicOutput(path: output)
        let writer = destination.writer
        try writer.write(identifier.segmentHeader + "\n")
        let hasher = IdentifierHasher(identifier)
        try reader.forEachLine { (line) throws(SegmentError) in
            let digest = try hasher.digest(line, reader)
            let target = try writer.reserve(65)
            digest.writeHex(to: target)
            target.storeBytes(of: UInt8(ascii: "\n"), toByteOffset: 64, as: UInt8.self)
            writer.commit(65)
        }
        try destination.commit()
        return Summary(rows: reader.lineNumber)
    }

}

/// Normalizes identifier lines from a ``LineReader`` and hashes them: what `hash` writes and `match` looks up.
///
/// An advertising id or e-mail address of 1 to 55 ASCII bytes (nearly every line) takes a fast path: the
/// 64 bytes from its first byte are lower-cased and cut to the identifier in one step (`pr_ascii_lowercase_block`,
/// which loads all 64, as ``LineReader`` allows for every line it returns: ``LineReader/readableBytesPerLine``),
/// padded as one SHA-256 block, and compressed. Every other line takes ``IdentifierNormalizer`` and ``Digest32/init(sha256Of:)``, which also say
/// what is wrong with a line that cannot be normalized. Both give the same digest; the tests hold them to it.
final class IdentifierHasher {
    let identifier: AudienceIdentifier
    private let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: IdentifierNormalizer.stackLimit)

    init(_ identifier: AudienceIdentifier) { self.identifier = identifier }

    deinit { scratch.deallocate() }

    /// The digest of the identifier on `line` (a line from `reader`, which names it in errors).
    @inline(__always)
    func digest(_ line: UnsafeRawBufferPointer, _ reader: LineReader) throws(SegmentError) -> Digest32 {
        if identifier != .phone, let digest = shortASCIIDigest(line) { return digest }
        switch IdentifierNormalizer.normalize(line, as: identifier, into: scratch) {
        case .success(let length):
            return Digest32(sha256Of: UnsafeRawBufferPointer(start: scratch, count: length))
        case .failure(let problem):
            throw .badIdentifier(file: reader.name, line: reader.lineNumber, identifier: identifier, problem: problem.description)
        }
    }

    /// The digest of a trimmed, lower-cased identifier of 1 to 55 ASCII bytes; `nil` for any other line.
    @inline(__always)
    private func shortASCIIDigest(_ line: UnsafeRawBufferPointer) -> Digest32? {
        let trimmed = IdentifierNormalizer.trimmingASCIIWhitespace(line)
        let count = trimmed.count
        guard count > 0, count <= 55, let start = trimmed.baseAddress else { return nil }
        // One block for the message and its padding; the second, which a message this short leaves zero, is there
        // because the padding step takes two.
        var padded = (Block64(), Block64())
        return withUnsafeMutablePointer(to: &padded) { blocks -> Digest32? in
            let bytes = UnsafeMutableRawPointer(blocks)
            guard pr_ascii_lowercase_block(start.assumingMemoryBound(to: UInt8.self), count, bytes.assumingMemoryBound(to: UInt8.self)) != 0
            else { return nil }
            return Digest32(padding: bytes, count: count)
        }
    }
}
