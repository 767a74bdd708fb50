#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif
internal import ByteIO
internal import CByteKernels

/// Why a CSV input cannot be read as rows. `line` is the 1-based physical line the problem is on.
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The physical line of the input the problem is on, from 1.
    public var line: Int
    /// What is wrong with it.
    public var message: String

    /// An error on a CSV line.
    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }

    static func unterminatedQuote(line: Int) -> CSVError {
        CSVError(line: line, "quoted field opened on this line is never closed; add the closing '\"'")
    }
    static func quoteInUnquotedField(line: Int) -> CSVError {
        CSVError(line: line, "'\"' inside an unquoted field; quote the whole field and double the '\"'")
    }
    static func textAfterClosingQuote(line: Int) -> CSVError {
        CSVError(line: line, "text after a closing '\"'; a quoted field ends at ',' or the end of the line")
    }
    static func bareCarriageReturn(line: Int) -> CSVError {
        CSVError(line: line, "carriage return without line feed; end lines with LF or CRLF")
    }
    static func notUTF8(line: Int, byte: UInt8) -> CSVError {
        CSVError(line: line, "bytes that are not UTF-8 (0x\(String(byte, radix: 16, uppercase: true))); save the file as UTF-8")
    }
    static func recordTooLong(line: Int, limit: Int) -> CSVError {
        CSVError(line: line, "a row longer than \(limit / (1 << 20)) MiB; is a quote left open?")
    }
    static func tooManyFields(line: Int, expected: Int) -> CSVError {
        CSVError(line: line, "more than \(expected) fields; the header has \(expected)")
    }
    static func tooFewFields(line: Int, expected: Int, found: Int) -> CSVError {
        CSVError(line: line, "\(found) field\(found == 1 ? "" : "s"), the header has \(expected)")
    }
    static func emptyInput() -> CSVError {
        CSVError(line: 1, "no header; the first line names the columns")
    }
}

/// A streaming RFC 4180 reader over a file descriptor that works on bytes.
///
/// It reads in 1 MiB blocks through a ``ByteReader`` and hands out one record at a time as offsets into its
/// buffer (valid until the next call): no `String`, no `Array` per field. Quoted fields may hold `,`,
/// `""` and line breaks; records end with LF or CRLF; a UTF-8 byte-order mark at the start is skipped;
/// empty lines are skipped. Every byte is checked to be UTF-8. Memory is the buffer, which grows only
/// for a single record longer than it (up to `maxRecordBytes`).
///
/// Most records are plain: no quote, no CR, no byte above 0x7F before their LF. Those are split 64 bytes at a
/// time (``scanPlainRecord(from:end:line:)``): one pass of SIMD compares marks the commas, line feeds and
/// special bytes of a block, and the fields are read off the comma bits. Any other record, and any record that
/// reaches past the last whole block in the buffer, takes the byte-at-a-time path, which is the one that
/// reports errors, so both paths accept and refuse exactly the same input.
final class CSVScanner {
    /// `read(2)` block size.
    static let blockSize = 1 << 20

    private let reader: ByteReader
    /// When set, every byte read is also written here (a pipe spooled for the second pass).
    private let tee: Int32?
    /// When set, told the size of every block read.
    private let progress: ProgressCounter?
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var lo = 0
    private var hi = 0
    private var eof = false
    private var startedReading = false
    /// With a range: the file offset the next `pread(2)` reads from, and the offset that counts as the end.
    private var readOffset: Int
    private let readEnd: Int?
    /// The file offset of `buffer[0]`.
    private var bufferOffset: Int
    /// 1 for bytes that end an unquoted run: `,` `"` LF CR and every non-ASCII byte.
    private let special: UnsafeMutablePointer<UInt8>
    let maxRecordBytes: Int

    /// The physical line the next record starts on.
    private var line = 1
    /// Whether plain records take the 64-byte block path (tests turn it off to compare both paths).
    private let blockScan: Bool
    /// The block (buffer offset / 64) whose masks are in `masks`; -1 for none. Reset whenever bytes move.
    private var maskedBlock = -1
    private var masks = pr_csv_masks()
    /// How many fields a record may have; set to the header's count after the header.
    var maxFields: Int

    // The current record.
    private(set) var fieldStart: UnsafeMutablePointer<Int>
    private(set) var fieldEnd: UnsafeMutablePointer<Int>
    /// Bit 1: the field was quoted; bit 2: its value needs quoting on output (`,` `"` CR LF inside).
    private(set) var fieldFlags: UnsafeMutablePointer<UInt8>
    private(set) var fieldCount = 0
    private(set) var recordStart = 0
    private(set) var recordEnd = 0
    private(set) var recordLine = 0
    /// Whether any field of the record was quoted (otherwise its raw bytes are already canonical CSV).
    private(set) var recordQuoted = false

    /// Reads `fd` from its current offset with `read(2)`, or only `range` of it with `pread(2)` (which leaves the
    /// descriptor's offset alone, so several scanners can share one descriptor). Line numbers count from 1 at the
    /// start of what is read; a byte-order mark is skipped only at offset 0.
    convenience init(
        fd: Int32, range: Range<Int>? = nil, tee: Int32? = nil, maxFields: Int = 10_000, maxRecordBytes: Int = 64 << 20,
        blockScan: Bool = true, progress: ProgressCounter? = nil
    ) {
        self.init(
            reader: ByteReader(descriptor: fd, name: ""), range: range, tee: tee, maxFields: maxFields,
            maxRecordBytes: maxRecordBytes, blockScan: blockScan, progress: progress)
    }

    /// Reads through `reader`, which the scanner keeps alive (and so its descriptor open) while it reads.
    init(
        reader: ByteReader, range: Range<Int>? = nil, tee: Int32? = nil, maxFields: Int = 10_000, maxRecordBytes: Int = 64 << 20,
        blockScan: Bool = true, progress: ProgressCounter? = nil
    ) {
        self.reader = reader
        readOffset = range?.lowerBound ?? 0
        readEnd = range?.upperBound
        bufferOffset = readOffset
        self.blockScan = blockScan
        self.tee = tee
        self.progress = progress
        self.maxFields = maxFields
        self.maxRecordBytes = maxRecordBytes
        capacity = CSVScanner.blockSize
        buffer = .allocate(capacity: capacity)
        special = .allocate(capacity: 256)
        special.initialize(repeating: 0, count: 256)
        for byte in [UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D] { special[Int(byte)] = 1 }
        for byte in 0x80..<256 { special[byte] = 1 }
        fieldStart = .allocate(capacity: maxFields + 1)
        fieldEnd = .allocate(capacity: maxFields + 1)
        fieldFlags = .allocate(capacity: maxFields + 1)
    }

    deinit {
        buffer.deallocate()
        special.deallocate()
        fieldStart.deallocate()
        fieldEnd.deallocate()
        fieldFlags.deallocate()
    }

    /// The bytes of field `index` of the current record, unquoted and unescaped.
    @inline(__always)
    func field(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: buffer + fieldStart[index], count: fieldEnd[index] - fieldStart[index])
    }

    /// The field as a `String` (for the header and error messages).
    func string(_ index: Int) -> String {
        String(decoding: field(index), as: UTF8.self)
    }

    /// The current record's bytes without its line end (canonical CSV when `recordQuoted` is false).
    var rawRecord: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: buffer + recordStart, count: recordEnd - recordStart)
    }

    private enum Step { case record, end, needMore }

    /// Moves to the next record; `false` at the end of the input.
    func next() throws(CSVScanError) -> Bool {
        if !startedReading {
            startedReading = true
            try skipByteOrderMark()
        }
        while true {
            let step: Step
            do { step = try scan() } catch { throw .csv(error) }
            switch step {
            case .record:
                unescapeQuotedFields()
                return true
            case .end:
                return false
            case .needMore:
                maskedBlock = -1
                if lo > 0 {
                    if hi > lo { memmove(buffer, buffer + lo, hi - lo) }
                    hi -= lo
                    bufferOffset += lo
                    lo = 0
                } else if hi == capacity {
                    guard capacity < maxRecordBytes else {
                        throw .csv(.recordTooLong(line: line, limit: maxRecordBytes))
                    }
                    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: min(capacity * 2, maxRecordBytes))
                    grown.update(from: buffer, count: hi)
                    buffer.deallocate()
                    buffer = grown
                    capacity = min(capacity * 2, maxRecordBytes)
                }
                try fill()
            }
        }
    }

    /// With a range: the file offset just after the line end of the last record returned.
    var offset: Int { bufferOffset + lo }

    /// The physical line the next record starts on.
    var nextLine: Int { line }

    private func skipByteOrderMark() throws(CSVScanError) {
        guard readOffset == 0 else { return }
        while hi < 3 && !eof { try fill() }
        if hi >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { lo = 3 }
    }

    /// Reads once into the free end of the buffer; sets `eof` when the input is exhausted.
    private func fill() throws(CSVScanError) {
        let free = UnsafeMutableRawBufferPointer(start: buffer + hi, count: capacity - hi)
        let count: Int
        do throws(IOFailure) {
            if let readEnd {
                count = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: free[..<min(free.count, readEnd - readOffset)]), at: readOffset)
                readOffset += count
            } else {
                count = try reader.read(into: free)
            }
        } catch {
            throw .io(IOFailure(reason: "cannot read the input: \(error.reason)", kind: error.kind))
        }
        if count == 0 {
            eof = true
            return
        }
        if let tee {
            do { try writeAll(tee, UnsafeRawBufferPointer(start: buffer + hi, count: count)) } catch {
                throw .io(IOFailure(reason: "cannot spool the input: \(error.reason)", kind: error.kind))
            }
        }
        progress?.add(count)
        hi += count
    }

    /// Scans one record from `lo`; on `.needMore` nothing is committed except skipped empty lines.
    @inline(__always)
    private func scan() throws(CSVError) -> Step {
        let buffer = self.buffer
        let special = self.special
        let end = hi
        let eof = self.eof
        var i = lo
        var line = self.line
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

        // Empty lines between records are skipped (and committed at once).
        while true {
            if i == end {
                lo = i
                self.line = line
                return eof ? .end : .needMore
            }
            let byte = buffer[i]
            if byte == lf {
                i += 1
                line += 1
            } else if byte == cr {
                if i + 1 == end {
                    if eof { throw .bareCarriageReturn(line: line) }
                    lo = i
                    self.line = line
                    return .needMore
                }
                guard buffer[i + 1] == lf else { throw .bareCarriageReturn(line: line) }
                i += 2
                line += 1
            } else {
                break
            }
        }
        lo = i
        self.line = line
        if blockScan, let next = scanPlainRecord(from: i, end: end, line: line) {
            lo = next
            self.line = line + 1
            return .record
        }
        let recordLine = line
        let recordStart = i
        var recordEnd = i
        var field = 0
        var quoted = false
        let maxFields = self.maxFields

        fields: while true {
            guard field < maxFields else { throw .tooManyFields(line: recordLine, expected: maxFields) }
            if i < end && buffer[i] == quote {
                quoted = true
                let quoteLine = line
                i += 1
                let start = i
                var flags: UInt8 = 1
                while true {
                    while i < end && special[Int(buffer[i])] == 0 { i += 1 }
                    if i == end {
                        if eof { throw .unterminatedQuote(line: quoteLine) }
                        return .needMore
                    }
                    let byte = buffer[i]
                    if byte == quote {
                        if i + 1 == end && !eof { return .needMore }
                        if i + 1 < end && buffer[i + 1] == quote {
                            flags |= 2
                            i += 2
                            continue
                        }
                        break
                    } else if byte == lf {
                        flags |= 2
                        line += 1
                        i += 1
                    } else if byte == cr || byte == comma {
                        flags |= 2
                        i += 1
                    } else {
                        let length = utf8SequenceLength(buffer, i, end)
                        if length > 0 {
                            i += length
                        } else if length < 0 && !eof {
                            return .needMore
                        } else {
                            throw .notUTF8(line: line, byte: buffer[i])
                        }
                    }
                }
                fieldStart[field] = start
                fieldEnd[field] = i
                fieldFlags[field] = flags
                field += 1
                i += 1  // the closing quote
                if i == end {
                    if !eof { return .needMore }
                    recordEnd = i
                    break fields
                }
                let byte = buffer[i]
                if byte == comma {
                    i += 1
                    continue fields
                } else if byte == lf {
                    recordEnd = i
                    i += 1
                    line += 1
                    break fields
                } else if byte == cr {
                    if i + 1 == end && !eof { return .needMore }
                    guard i + 1 < end, buffer[i + 1] == lf else { throw .bareCarriageReturn(line: line) }
                    recordEnd = i
                    i += 2
                    line += 1
                    break fields
                } else {
                    throw .textAfterClosingQuote(line: line)
                }
            } else {
                let start = i
                while true {
                    while i < end && special[Int(buffer[i])] == 0 { i += 1 }
                    if i == end {
                        if !eof { return .needMore }
                        fieldStart[field] = start
                        fieldEnd[field] = i
                        fieldFlags[field] = 0
                        field += 1
                        recordEnd = i
                        break fields
                    }
                    let byte = buffer[i]
                    if byte == comma || byte == lf || byte == cr {
                        fieldStart[field] = start
                        fieldEnd[field] = i
                        fieldFlags[field] = 0
                        field += 1
                        if byte == comma {
                            i += 1
                            continue fields
                        }
                        if byte == cr {
                            if i + 1 == end && !eof { return .needMore }
                            guard i + 1 < end, buffer[i + 1] == lf else { throw .bareCarriageReturn(line: line) }
                            recordEnd = i
                            i += 2
                        } else {
                            recordEnd = i
                            i += 1
                        }
                        line += 1
                        break fields
                    } else if byte == quote {
                        throw .quoteInUnquotedField(line: line)
                    } else {
                        let length = utf8SequenceLength(buffer, i, end)
                        if length > 0 {
                            i += length
                        } else if length < 0 && !eof {
                            return .needMore
                        } else {
                            throw .notUTF8(line: line, byte: buffer[i])
                        }
                    }
                }
            }
        }
        fieldCount = field
        self.recordStart = recordStart
        self.recordEnd = recordEnd
        self.recordLine = recordLine
        self.recordQuoted = quoted
        lo = i
        self.line = line
        return .record
    }

    /// Reads a plain record that starts at `start` and ends with an LF before `end`, 64 bytes at a time; returns
    /// the offset after its LF, or `nil` (having committed nothing) when the byte path must read it instead: a
    /// quote, CR or non-ASCII byte before the LF, more fields than `maxFields`, or no LF in the whole blocks left.
    ///
    /// Blocks are counted from the buffer's start, and one block's masks serve every record that starts in it.
    /// Bytes before `start` may have changed since the masks were made (a quoted record is unescaped in place),
    /// but their bits are shifted out before use.
    @inline(__always)
    private func scanPlainRecord(from start: Int, end: Int, line: Int) -> Int? {
        let buffer = self.buffer
        let fieldStart = self.fieldStart
        let fieldEnd = self.fieldEnd
        let fieldFlags = self.fieldFlags
        let maxFields = self.maxFields
        var field = 0
        var fieldBegin = start
        var position = start
        while true {
            let block = position &>> 6
            let blockStart = block &<< 6
            guard blockStart &+ 64 <= end else { return nil }
            if block != maskedBlock {
                masks = pr_csv_block_masks(buffer + blockStart)
                maskedBlock = block
            }
            let shift = UInt64(truncatingIfNeeded: position &- blockStart)
            let lineFeeds = masks.line_feed &>> shift
            // Every bit up to and including the first LF; all bits when the block has none.
            let upToLineEnd = lineFeeds == 0 ? UInt64.max : lineFeeds ^ (lineFeeds &- 1)
            guard (masks.special &>> shift) & upToLineEnd == 0 else { return nil }
            // Every comma, and the LF when the record ends in this block (then it is the last bit): each ends a field.
            var fieldEnds = ((masks.comma | masks.line_feed) &>> shift) & upToLineEnd
            while fieldEnds != 0 {
                guard field < maxFields else { return nil }
                let end = position &+ fieldEnds.trailingZeroBitCount
                fieldStart[field] = fieldBegin
                fieldEnd[field] = end
                fieldFlags[field] = 0
                field &+= 1
                fieldBegin = end &+ 1
                fieldEnds &= fieldEnds &- 1
            }
            if lineFeeds != 0 {
                fieldCount = field
                recordStart = start
                recordEnd = fieldBegin &- 1
                recordLine = line
                recordQuoted = false
                return fieldBegin
            }
            position = blockStart &+ 64
        }
    }

    /// Turns `""` into `"` in place in quoted fields (after the record is complete, so rescans never see it).
    private func unescapeQuotedFields() {
        guard recordQuoted else { return }
        for index in 0..<fieldCount where fieldFlags[index] & 1 != 0 {
            var read = fieldStart[index]
            var write = read
            let end = fieldEnd[index]
            var changed = false
            while read < end {
                let byte = buffer[read]
                buffer[write] = byte
                write += 1
                read += byte == UInt8(ascii: "\"") ? 2 : 1
                changed = changed || byte == UInt8(ascii: "\"")
            }
            if changed { fieldEnd[index] = write }
        }
    }
}

/// A scanner failure: bad CSV, or the input could not be read.
enum CSVScanError: Error {
    case csv(CSVError)
    case io(IOFailure)
}

/// The length of the UTF-8 sequence starting at `index` (its first byte is not ASCII): > 0 when valid,
/// 0 when invalid, -1 when the buffer ends inside a sequence that is valid so far.
@inline(__always)
func utf8SequenceLength(_ bytes: UnsafePointer<UInt8>, _ index: Int, _ end: Int) -> Int {
    let first = bytes[index]
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    let continuation: Int
    switch first {
    case 0xC2...0xDF: continuation = 1
    case 0xE0: continuation = 2; low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: continuation = 2
    case 0xED: continuation = 2; high = 0x9F
    case 0xF0: continuation = 3; low = 0x90
    case 0xF1...0xF3: continuation = 3
    case 0xF4: continuation = 3; high = 0x8F
    default: return 0
    }
    for offset in 1...continuation {
        guard index + offset < end else { return -1 }
        let byte = bytes[index + offset]
        if offset == 1 {
            guard byte >= low && byte <= high else { return 0 }
        } else {
            guard byte & 0xC0 == 0x80 else { return 0 }
        }
    }
    return continuation + 1
}
