public import PartnerRules

extension SegmentFiles {
    /// What ``match(segment:input:output:)`` did.
    public struct MatchSummary: Sendable, Hashable {
        /// The identifier the segment file carries, from its header.
        public var identifier: AudienceIdentifier
        /// Hash lines in the segment file.
        public var segmentRows: Int
        /// Plain identifier lines read.
        public var inputRows: Int
        /// Plain identifier lines whose hash is in the segment.
        public var matched: Int
        /// Which side was held in memory.
        public var heldInMemory: Side
    }

    /// The two inputs of a match.
    public enum Side: String, Sendable, Hashable {
        case segment
        case identifiers
    }

    /// Writes every line of `input` (plain identifiers, trimmed) whose hash is in the segment file, in input order.
    ///
    /// Only the smaller side is held in memory, judged by file size: when the segment file is the smaller (or the
    /// identifiers come from a pipe), its hashes are loaded as a set of 32-byte values and the identifiers streamed
    /// past it; otherwise the identifiers are loaded (their text and hashes) and the segment streamed past them.
    /// The segment's header picks the normalization. A malformed header or hash line stops the run with its number.
    @discardableResult
    public static func match(segment: String, input: String?, output: String? = nil) throws(SegmentError) -> MatchSummary {
        let segmentReader = try LineReader(path: segment)
        let identifier = try readHeader(segmentReader)
        let inputReader = try LineReader(path: input)
        let destination = try AtomicOutput(path: output)
        let segmentSize = regularFileSize(segment) ?? Int.max
        let inputSize = regularFileSize(input) ?? Int.max
        var summary: MatchSummary
        if segmentSize <= inputSize {
            summary = try streamIdentifiers(identifier, segmentReader, inputReader, destination.writer)
        } else {
            summary = try streamSegment(identifier, segmentReader, inputReader, destination.writer)
        }
        summary.segmentRows = segmentReader.lineNumber - 1
        summary.inputRows = inputReader.lineNumber
        try destination.commit()
        return summary
    }

    /// The identifier a segment file carries, from its header line.
    public static func identifier(ofSegment path: String) throws(SegmentError) -> AudienceIdentifier {
        try readHeader(LineReader(path: path))
    }

    private static func readHeader(_ reader: LineReader) throws(SegmentError) -> AudienceIdentifier {
        guard let line = try reader.nextLine() else { throw .badHeader(file: reader.name, found: "") }
        let text = String(decoding: trimmingCarriageReturn(line), as: UTF8.self)
        guard let identifier = AudienceIdentifier.allCases.first(where: { $0.segmentHeader == text }) else {
            throw .badHeader(file: reader.name, found: String(text.prefix(80)))
        }
        return identifier
    }

    @inline(__always)
    private static func trimmingCarriageReturn(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let last = line.last, last == 0x0D else { return line }
        return UnsafeRawBufferPointer(rebasing: line[0..<(line.count - 1)])
    }

    private static func segmentDigest(_ line: UnsafeRawBufferPointer, _ reader: LineReader) throws(SegmentError) -> Digest32 {
        guard let digest = Digest32(hex: trimmingCarriageReturn(line)) else {
            throw .badHash(file: reader.name, line: reader.lineNumber)
        }
        return digest
    }

    /// The segment is the smaller side: a set of its hashes, the identifiers streamed past it.
    private static func streamIdentifiers(
        _ identifier: AudienceIdentifier, _ segment: LineReader, _ input: LineReader, _ writer: BufferedWriter
    ) throws(SegmentError) -> MatchSummary {
        var hashes = Set<Digest32>()
        try segment.forEachLine { (line) throws(SegmentError) in hashes.insert(try segmentDigest(line, segment)) }
        let hasher = IdentifierHasher(identifier)
        var matched = 0
        try input.forEachLine { (line) throws(SegmentError) in
            guard hashes.contains(try hasher.digest(line, input)) else { return }
            matched += 1
            try writeLine(IdentifierNormalizer.trimmingASCIIWhitespace(line), to: writer)
        }
        return MatchSummary(identifier: identifier, segmentRows: 0, inputRows: 0, matched: matched, heldInMemory: .segment)
    }

    /// The identifiers are the smaller side: their text and hashes held, the segment streamed past them.
    private static func streamSegment(
        _ identifier: AudienceIdentifier, _ segment: LineReader, _ input: LineReader, _ writer: BufferedWriter
    ) throws(SegmentError) -> MatchSummary {
        var text: [UInt8] = []
        var lineEnds: [Int] = []
        var slotOfLine: [Int32] = []
        var slots: [Digest32: Int32] = [:]
        let hasher = IdentifierHasher(identifier)
        try input.forEachLine { (line) throws(SegmentError) in
            let digest = try hasher.digest(line, input)
            let slot = slots[digest] ?? Int32(slots.count)
            slots[digest] = slot
            text.append(contentsOf: IdentifierNormalizer.trimmingASCIIWhitespace(line))
            lineEnds.append(text.count)
            slotOfLine.append(slot)
        }
        var found = [Bool](repeating: false, count: slots.count)
        try segment.forEachLine { (line) throws(SegmentError) in
            if let slot = slots[try segmentDigest(line, segment)] { found[Int(slot)] = true }
        }
        var matched = 0
        var start = 0
        for (index, end) in lineEnds.enumerated() {
            defer { start = end }
            guard found[Int(slotOfLine[index])] else { continue }
            matched += 1
            try writer.write(text[start..<end])
            try writer.write("\n")
        }
        return MatchSummary(identifier: identifier, segmentRows: 0, inputRows: 0, matched: matched, heldInMemory: .identifiers)
    }

    @inline(__always)
    private static func writeLine(_ line: UnsafeRawBufferPointer, to writer: BufferedWriter) throws(SegmentError) {
        try writer.write(line)
        let target = try writer.reserve(1)
        target.storeBytes(of: UInt8(ascii: "\n"), as: UInt8.self)
        writer.commit(1)
    }
}
