public import PartnerRules

import Crypto

/// A SHA-256 digest as a value: four words, cheap to hash and compare, 32 bytes in a set.
public struct Digest32: Sendable, Hashable {
    var a: UInt64, b: UInt64, c: UInt64, d: UInt64

    /// The digest of `bytes`.
    ///
    /// Calls the one-shot SHA-256 of the BoringSSL that swift-crypto vendors and links (`CCryptoBoringSSL_SHA256`),
    /// writing straight into this value: no allocation per hash. `Crypto.SHA256` allocates a context object for
    /// every digest, which costs about as much as hashing a 36-byte id. The test suite checks the result against
    /// `Crypto.SHA256` and `sha256sum`.
    @inline(__always)
    init(sha256Of bytes: UnsafeRawBufferPointer) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { out in
            _ = boringSSLSHA256(bytes.baseAddress, bytes.count, out.baseAddress)
        }
        self.init(a: words.0, b: words.1, c: words.2, d: words.3)
    }

    /// The same digest through swift-crypto's public API; the reference the fast path is tested against.
    public static func reference(_ bytes: [UInt8]) -> Digest32 {
        let digest = SHA256.hash(data: bytes)
        return digest.withUnsafeBytes { raw in
            Digest32(
                a: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                b: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                c: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
                d: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    init(a: UInt64, b: UInt64, c: UInt64, d: UInt64) {
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
        withUnsafeBytes(of: &words) { raw in
            for index in 0..<32 {
                target.storeBytes(of: Hex.pairs[Int(raw[index])], toByteOffset: 2 * index, as: UInt16.self)
            }
        }
    }

    /// The 64 lower-case hex digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            writeHex(to: UnsafeMutableRawPointer(buffer.baseAddress.unsafelyUnwrapped))
            return 64
        }
    }
}

/// `uint8_t *SHA256(const uint8_t *data, size_t len, uint8_t out[32])` from swift-crypto's BoringSSL, under the
/// prefixed name swift-crypto gives it. Pointer and integer arguments pass the same way in C and Swift here.
@_silgen_name("CCryptoBoringSSL_SHA256")
private func boringSSLSHA256(_ data: UnsafeRawPointer?, _ length: Int, _ out: UnsafeMutableRawPointer?)
    -> UnsafeMutableRawPointer?

enum Hex {
    /// The two ASCII digits of every byte value, in memory order, ready to store as one `UInt16`.
    static let pairs: [UInt16] = (0..<256).map { byte in
        let digits = Array("0123456789abcdef".utf8)
        let high = UInt16(digits[byte >> 4])
        let low = UInt16(digits[byte & 15])
        return UInt16(littleEndian: high | low << 8)
    }

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
    /// stops the run with its line number and leaves no file behind.
    @discardableResult
    public static func hash(identifier: AudienceIdentifier, input: String?, output: String?) throws(SegmentError) -> Summary {
        let reader = try LineReader(path: input)
        let destination = try AtomicOutput(path: output)
        let writer = destination.writer
        try writer.write(identifier.segmentHeader + "\n")
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: IdentifierNormalizer.stackLimit)
        defer { scratch.deallocate() }
        try reader.forEachLine { (line) throws(SegmentError) in
            switch IdentifierNormalizer.normalize(line, as: identifier, into: scratch) {
            case .success(let length):
                let digest = Digest32(sha256Of: UnsafeRawBufferPointer(start: scratch, count: length))
                let target = try writer.reserve(65)
                digest.writeHex(to: target)
                target.storeBytes(of: UInt8(ascii: "\n"), toByteOffset: 64, as: UInt8.self)
                writer.commit(65)
            case .failure(let problem):
                throw .badIdentifier(file: reader.name, line: reader.lineNumber, identifier: identifier, problem: problem.description)
            }
        }
        try destination.commit()
        return Summary(rows: reader.lineNumber)
    }

}
