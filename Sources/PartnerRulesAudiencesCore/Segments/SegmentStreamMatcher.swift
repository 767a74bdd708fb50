public import PartnerRules

/// Reads a segment file as it arrives (in pieces of any size) and counts the hashes found in a known set.
///
/// What a partner does with a downloaded segment; the mock partner uses it on the bytes it fetches.
/// The header must be one of the three, every other line 64 lower-case hex digits (a `\r` before `\n` is allowed).
public struct SegmentStreamMatcher: Sendable {
    public let known: Set<Digest32>
    /// From the header, once it has been read.
    public private(set) var identifier: AudienceIdentifier?
    /// Hash lines read.
    public private(set) var rows = 0
    /// Hash lines found in `known`.
    public private(set) var matched = 0
    private var pending: [UInt8] = []
    private var line = 0
    private let name: String

    public init(known: Set<Digest32>, name: String = "<segment>") {
        self.known = known
        self.name = name
    }

    /// Consumes the next piece of the file.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(SegmentError) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                try endLine()
            } else {
                guard pending.count < 1024 else { throw .lineTooLong(file: name, line: line + 1, limit: 1024) }
                pending.append(byte)
            }
        }
    }

    /// Ends the file: a last line without `\n` counts; an empty file has no header and is refused.
    public mutating func finish() throws(SegmentError) {
        if !pending.isEmpty { try endLine() }
        if identifier == nil { throw .badHeader(file: name, found: "") }
    }

    private mutating func endLine() throws(SegmentError) {
        line += 1
        if pending.last == 0x0D { pending.removeLast() }
        defer { pending.removeAll(keepingCapacity: true) }
        guard identifier != nil else {
            let text = String(decoding: pending, as: UTF8.self)
            guard let found = AudienceIdentifier.allCases.first(where: { $0.segmentHeader == text }) else {
                throw .badHeader(file: name, found: String(text.prefix(80)))
            }
            identifier = found
            return
        }
        let digest = pending.withUnsafeBytes { Digest32(hex: $0) }
        guard let digest else { throw .badHash(file: name, line: line) }
        rows += 1
        if known.contains(digest) { matched += 1 }
    }
}

extension SegmentFiles {
    /// The SHA-256 of `value` normalized as `identifier`, or `nil` when it cannot be normalized.
    public static func digest(_ value: String, as identifier: AudienceIdentifier) -> Digest32? {
        guard case .success(let normalized) = IdentifierNormalizer.normalize(value, as: identifier) else { return nil }
        var bytes = Array(normalized.utf8)
        return bytes.withUnsafeMutableBytes { Digest32(sha256Of: UnsafeRawBufferPointer($0)) }
    }
}
