#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The one line splitter: reads a ``ByteReader`` in large chunks and hands out its lines without copying them.
///
/// A line ends at LF; the LF is not part of it. A CR before the LF stays part of the line unless
/// `dropsCarriageReturn` is set. A last line without an LF counts as a line; an empty input has no lines.
/// Memory stays constant: one buffer of `chunkSize` bytes plus room for one line that spans two chunks. A line
/// longer than `maximumLineLength` is an error (``IOFailure/Kind/lineTooLong(line:limit:)``) rather than a
/// reason to grow.
package final class LineSplitter {
    /// How many bytes from the start of any line returned may be loaded, whatever the line's length: the buffer has
    /// this much zeroed room after the part that `read(2)` fills, so a 64-byte vector load never leaves it.
    package static let readableBytesPerLine = 64

    package let reader: ByteReader
    /// The part of the allocation that `read(2)` fills.
    @usableFromInline let buffer: UnsafeMutableRawBufferPointer
    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let maximumLineLength: Int
    @usableFromInline let dropsCarriageReturn: Bool
    // Touched on every line, from code inlined into other modules: unchecked for the reason ``ByteWriter`` gives
    // (one owner thread, no re-entrant method), so no access pays a run-time exclusivity check.
    @exclusivity(unchecked) @usableFromInline var start = 0
    @exclusivity(unchecked) @usableFromInline var end = 0
    @exclusivity(unchecked) @usableFromInline var reachedEnd = false
    /// The 1-based number of the line most recently returned.
    package var lineNumber: Int { _lineNumber }
    @exclusivity(unchecked) @usableFromInline var _lineNumber = 0
    /// When set, told the size of every chunk read (for a progress count; once per chunk, never per line).
    package var onRead: ((Int) -> Void)?

    package init(_ reader: ByteReader, chunkSize: Int = 1 << 20, maximumLineLength: Int = 1 << 16, dropsCarriageReturn: Bool = false) {
        precondition(chunkSize > 0 && maximumLineLength > 0, "a line splitter needs room for a chunk and a line")
        self.reader = reader
        self.maximumLineLength = maximumLineLength
        self.dropsCarriageReturn = dropsCarriageReturn
        let allocation = UnsafeMutableRawBufferPointer.allocate(
            byteCount: chunkSize + maximumLineLength + LineSplitter.readableBytesPerLine, alignment: 64)
        allocation.initializeMemory(as: UInt8.self, repeating: 0)
        guard let base = allocation.baseAddress else { preconditionFailure("an allocation of more than 0 bytes has an address") }
        self.base = base
        buffer = UnsafeMutableRawBufferPointer(rebasing: allocation[..<(chunkSize + maximumLineLength)])
    }

    deinit { base.deallocate() }

    /// Where the bytes come from, for messages.
    package var name: String { reader.name }

    /// The next line without its line end, or `nil` at the end of the input; valid until the next call.
    @inlinable @inline(__always)
    package func nextLine() throws(IOFailure) -> UnsafeRawBufferPointer? {
        while true {
            if start < end, let newline = firstLineFeed() {
                _lineNumber += 1
                let line = trimmed(start, newline)
                start = newline + 1
                return line
            }
            if reachedEnd {
                guard start < end else { return nil }
                _lineNumber += 1
                let line = trimmed(start, end)
                start = end
                return line
            }
            try refill()
        }
    }

    @inlinable @inline(__always)
    func trimmed(_ from: Int, _ to: Int) -> UnsafeRawBufferPointer {
        var to = to
        if dropsCarriageReturn && to > from && base.load(fromByteOffset: to - 1, as: UInt8.self) == 0x0D { to -= 1 }
        return UnsafeRawBufferPointer(start: base + from, count: to - from)
    }

    /// The offset of the first LF at or after `start`, if any before `end`.
    @usableFromInline
    func firstLineFeed() -> Int? {
        guard let found = memchr(base + start, 0x0A, end - start) else { return nil }
        return base.distance(to: found)
    }

    /// Moves the partial line to the front and reads more after it.
    @usableFromInline
    func refill() throws(IOFailure) {
        let pending = end - start
        if pending > maximumLineLength {
            throw IOFailure(
                reason: "line \(_lineNumber + 1) is longer than \(maximumLineLength) bytes",
                kind: .lineTooLong(line: _lineNumber + 1, limit: maximumLineLength))
        }
        if pending > 0, start > 0 { memmove(base, base + start, pending) }
        start = 0
        end = pending
        let count = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        if count == 0 { reachedEnd = true } else { onRead?(count) }
        end += count
    }
}
