#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import PartnerRules

/// Reads a file descriptor in large chunks and hands out its lines without copying them.
///
/// Memory stays constant: one buffer of `chunkSize` bytes (plus room for one line that spans two chunks).
/// A line longer than `maximumLineLength` is an error rather than a reason to grow.
final class LineReader {
    /// How many bytes from the start of any line returned may be loaded, whatever the line's length: the buffer has
    /// this much zeroed room after the part that `read(2)` fills, so a vector load never leaves it.
    static let readableBytesPerLine = 64

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// The part of the allocation that `read(2)` fills.
    private let buffer: UnsafeMutableRawBufferPointer
    private let maximumLineLength: Int
    private var start = 0
    private var end = 0
    private var reachedEnd = false
    /// The 1-based number of the line most recently returned.
    private(set) var lineNumber = 0
    /// Where the bytes come from, for messages.
    let name: String

    init(descriptor: Int32, name: String, ownsDescriptor: Bool, chunkSize: Int = 1 << 20, maximumLineLength: Int = 1 << 16) {
        self.descriptor = descriptor
        self.name = name
        self.ownsDescriptor = ownsDescriptor
        self.maximumLineLength = maximumLineLength
        let allocation = UnsafeMutableRawBufferPointer.allocate(
            byteCount: chunkSize + maximumLineLength + LineReader.readableBytesPerLine, alignment: 64)
        allocation.initializeMemory(as: UInt8.self, repeating: 0)
        self.buffer = UnsafeMutableRawBufferPointer(rebasing: allocation[..<(chunkSize + maximumLineLength)])
    }

    /// Opens `path` for reading, or standard input for `nil` and `-`.
    convenience init(path: String?) throws(SegmentError) {
        guard let path, path != "-" else {
            self.init(descriptor: 0, name: "<stdin>", ownsDescriptor: false)
            return
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: SystemError.describe(errno)) }
        self.init(descriptor: descriptor, name: path, ownsDescriptor: true)
    }

    deinit {
        buffer.deallocate()
        if ownsDescriptor { close(descriptor) }
    }

    /// The next line without its `\n`, or `nil` at the end of the input; valid until the next call.
    ///
    /// A final line without a trailing newline counts as a line.
    @inline(__always)
    func nextLine() throws(SegmentError) -> UnsafeRawBufferPointer? {
        while true {
            if start < end, let newline = firstNewline(from: start) {
                lineNumber += 1
                let line = UnsafeRawBufferPointer(rebasing: buffer[start..<newline])
                start = newline + 1
                return line
            }
            if reachedEnd {
                guard start < end else { return nil }
                lineNumber += 1
                let line = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
                start = end
                return line
            }
            try refill()
        }
    }

    /// Calls `body` with each remaining line, until the end of the input or until `body` throws.
    @inline(__always)
    func forEachLine(_ body: (UnsafeRawBufferPointer) throws(SegmentError) -> Void) throws(SegmentError) {
        while let line = try nextLine() { try body(line) }
    }

    private func firstNewline(from index: Int) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        guard let found = memchr(base + index, 0x0A, end - index) else { return nil }
        return base.distance(to: found)
    }

    /// Moves the partial line to the front and reads more after it.
    private func refill() throws(SegmentError) {
        let pending = end - start
        if pending > maximumLineLength {
            throw .lineTooLong(file: name, line: lineNumber + 1, limit: maximumLineLength)
        }
        if pending > 0, start > 0, let base = buffer.baseAddress {
            memmove(base, base + start, pending)
        }
        start = 0
        end = pending
        guard let base = buffer.baseAddress else { return }
        while true {
            let count = read(descriptor, base + end, buffer.count - end)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: name, reason: SystemError.describe(errno))
            }
            if count == 0 { reachedEnd = true }
            end += count
            return
        }
    }
}

/// Collects output in a large buffer and writes it with `write(2)` when full.
final class BufferedWriter {
    private let descriptor: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    /// The buffer's start, held apart so the hot ``reserve(_:)`` needs no optional.
    private let base: UnsafeMutableRawPointer
    private var count = 0
    let name: String

    init(descriptor: Int32, name: String, capacity: Int = 1 << 20) {
        self.descriptor = descriptor
        self.name = name
        let base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        self.base = base
        self.buffer = UnsafeMutableRawBufferPointer(start: base, count: capacity)
    }

    deinit { base.deallocate() }

    /// Space for `length` bytes at the end of the buffer, flushing first when needed; call ``commit(_:)`` after filling it.
    @inline(__always)
    func reserve(_ length: Int) throws(SegmentError) -> UnsafeMutableRawPointer {
        if count + length > buffer.count { try flush() }
        // `buffer.count` is at least a line's worth (the callers reserve at most 65 bytes or a capped line).
        return base + count
    }

    @inline(__always)
    func commit(_ length: Int) { count += length }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SegmentError) {
        if bytes.count > buffer.count {
            try flush()
            try writeAll(bytes)
            return
        }
        let target = try reserve(bytes.count)
        if let source = bytes.baseAddress { target.copyMemory(from: source, byteCount: bytes.count) }
        commit(bytes.count)
    }

    /// Writes a slice no longer than the buffer (a line: the reader caps those).
    func write(_ bytes: ArraySlice<UInt8>) throws(SegmentError) {
        let target = try reserve(min(bytes.count, buffer.count))
        let copied = bytes.withUnsafeBytes { source -> Int in
            guard let base = source.baseAddress else { return 0 }
            let count = min(source.count, buffer.count)
            target.copyMemory(from: base, byteCount: count)
            return count
        }
        commit(copied)
    }

    func write(_ text: String) throws(SegmentError) {
        for byte in text.utf8 {
            let target = try reserve(1)
            target.storeBytes(of: byte, as: UInt8.self)
            commit(1)
        }
    }

    func flush() throws(SegmentError) {
        guard count > 0 else { return }
        try writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        count = 0
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(SegmentError) {
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = posixWrite(descriptor, pointer, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw .unwritable(path: name, reason: SystemError.describe(errno))
            }
            pointer += written
            remaining -= written
        }
    }
}

/// An output file that appears at its path only when it is complete (``AtomicFile``: written beside it, then
/// renamed; a device or FIFO is written directly), or standard output for `nil` and `-`.
final class AtomicOutput {
    let writer: BufferedWriter
    /// `nil` for standard output. Not committed when this is released: the temporary file is removed with it.
    private let file: AtomicFile?

    init(path: String?) throws(SegmentError) {
        guard let path, path != "-" else {
            file = nil
            writer = BufferedWriter(descriptor: 1, name: "<stdout>")
            return
        }
        let file: AtomicFile
        do { file = try AtomicFile(path: path) } catch { throw .unwritable(path: path, reason: error.reason) }
        self.file = file
        writer = BufferedWriter(descriptor: file.fd, name: path)
    }

    /// Flushes and moves the file into place.
    func commit() throws(SegmentError) {
        try writer.flush()
        guard let file else { return }
        do { try file.commit() } catch { throw .unwritable(path: file.path, reason: error.reason) }
    }
}

/// `write(2)`, under a name that the writer's own `write` methods do not hide.
private func posixWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, pointer, count)
}

enum SystemError {
    static func describe(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message).lowercased()
    }
}

/// The size of a regular file, or `nil` for standard input, pipes and files that cannot be looked at.
func regularFileSize(_ path: String?) -> Int? {
    guard let path, path != "-" else { return nil }
    var info = stat()
    // S_IFMT, S_IFREG.
    guard stat(path, &info) == 0, (info.st_mode & 0o170000) == 0o100000 else { return nil }
    return Int(info.st_size)
}
