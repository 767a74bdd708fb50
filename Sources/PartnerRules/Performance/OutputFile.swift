#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif
internal import Dispatch
internal import Foundation
internal import Synchronization

/// A 1 MiB write buffer over a file descriptor.
///
/// By default a full buffer is written with `write(2)` on the calling thread. With `writeBehind`, full buffers go
/// to a writer thread of their own (``WriteBehind``) and the caller goes on filling the next one, so the time
/// the kernel spends taking the bytes overlaps the caller's work; the bytes still reach the file in order.
/// A write failure is reported by the next `append` that hands a buffer over, or by ``flush()``.
final class OutputBuffer {
    static let capacity = 1 << 20
    private let fd: Int32
    private var bytes: UnsafeMutablePointer<UInt8>
    private var count = 0
    private let behind: WriteBehind?

    init(fd: Int32, writeBehind: Bool = false) {
        self.fd = fd
        if writeBehind {
            let behind = WriteBehind(fd: fd, capacity: OutputBuffer.capacity)
            self.behind = behind
            bytes = behind.firstBuffer
        } else {
            behind = nil
            bytes = .allocate(capacity: OutputBuffer.capacity)
        }
    }

    deinit {
        if let behind {
            behind.stop()
        } else {
            bytes.deallocate()
        }
    }

    @inline(__always)
    func append(_ data: UnsafeRawBufferPointer) throws(IOFailure) {
        guard let source = data.baseAddress else { return }
        if count + data.count > OutputBuffer.capacity {
            try handOver()
            if data.count > OutputBuffer.capacity {
                try behind?.drain()
                try writeAll(fd, data)
                return
            }
        }
        (bytes + count).update(from: source.assumingMemoryBound(to: UInt8.self), count: data.count)
        count += data.count
    }

    @inline(__always)
    func append(_ byte: UInt8) throws(IOFailure) {
        if count == OutputBuffer.capacity { try handOver() }
        bytes[count] = byte
        count += 1
    }

    /// Appends a field as CSV: quoted (with `"` doubled) when `quote` is set, else as it is.
    func appendField(_ value: UnsafeRawBufferPointer, quote: Bool) throws(IOFailure) {
        guard quote else { return try append(value) }
        try append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<value.count where value[index] == UInt8(ascii: "\"") {
            try append(UnsafeRawBufferPointer(rebasing: value[runStart...index]))
            runStart = index  // the quote is written again: doubled
        }
        try append(UnsafeRawBufferPointer(rebasing: value[runStart...]))
        try append(UInt8(ascii: "\""))
    }

    func append(_ text: String) throws(IOFailure) {
        var text = text
        let failure = text.withUTF8 { bytes -> IOFailure? in
            do throws(IOFailure) {
                try append(UnsafeRawBufferPointer(bytes))
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Writes what the buffer holds (or gives it to the writer thread) and empties it.
    private func handOver() throws(IOFailure) {
        guard count > 0 else { return }
        if let behind {
            bytes = try behind.handOver(count: count)
        } else {
            try writeAll(fd, UnsafeRawBufferPointer(start: bytes, count: count))
        }
        count = 0
    }

    /// Writes everything appended so far; on return every byte has been passed to `write(2)`.
    func flush() throws(IOFailure) {
        try handOver()
        try behind?.drain()
    }
}

/// The writer thread behind an ``OutputBuffer``: a ring of buffers that the caller fills and the thread writes, in
/// order.
///
/// The caller always holds one buffer. Handing it over signals `filled` and waits on `free` for the next one, so
/// at most `ring - 1` buffers wait to be written and memory stays fixed. After the first failure the thread
/// writes nothing more and the caller is told at its next hand-over. ``stop()`` ends the thread and frees the
/// buffers; it is called from the owner's `deinit`, so the thread never outlives them.
final class WriteBehind: @unchecked Sendable {
    // Shared state is handed between the two threads only through the semaphores (each signal publishes the
    // slot it covers) or under `failure`'s lock; that is what makes the unchecked `Sendable` sound.
    private static let ring = 4
    private let fd: Int32
    private let buffers: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>>
    /// The byte count of each filled slot; -1 tells the thread to finish.
    private let lengths: UnsafeMutablePointer<Int>
    private let filled = DispatchSemaphore(value: 0)
    private let free = DispatchSemaphore(value: WriteBehind.ring - 1)
    private let finished = DispatchSemaphore(value: 0)
    private let failure = Mutex<IOFailure?>(nil)
    /// The slot the caller holds (touched only by the caller).
    private var held = 0
    private var stopped = false

    init(fd: Int32, capacity: Int) {
        self.fd = fd
        buffers = .allocate(capacity: WriteBehind.ring)
        for slot in 0..<WriteBehind.ring { (buffers + slot).initialize(to: .allocate(capacity: capacity)) }
        lengths = .allocate(capacity: WriteBehind.ring)
        lengths.initialize(repeating: 0, count: WriteBehind.ring)
        let thread = Thread { [self] in run() }
        thread.name = "partner-rules write-behind"
        thread.start()
    }

    /// The buffer the caller fills first.
    var firstBuffer: UnsafeMutablePointer<UInt8> { buffers[held] }

    /// Queues the first `count` bytes of the buffer the caller holds for writing and returns the next buffer to fill.
    func handOver(count: Int) throws(IOFailure) -> UnsafeMutablePointer<UInt8> {
        lengths[held] = count
        filled.signal()
        held = (held + 1) % WriteBehind.ring
        free.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        return buffers[held]
    }

    /// Waits until every queued buffer has been written; throws the first failure.
    func drain() throws(IOFailure) {
        // Holding every free slot means the thread has handed back all the others.
        for _ in 1..<WriteBehind.ring { free.wait() }
        for _ in 1..<WriteBehind.ring { free.signal() }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// Ends the thread after what is queued and frees the buffers.
    func stop() {
        guard !stopped else { return }
        stopped = true
        lengths[held] = -1
        filled.signal()
        finished.wait()
        for slot in 0..<WriteBehind.ring { buffers[slot].deallocate() }
        buffers.deallocate()
        lengths.deallocate()
    }

    private func run() {
        var slot = 0
        while true {
            filled.wait()
            let count = lengths[slot]
            if count < 0 { break }
            if failure.withLock({ $0 == nil }) {
                do throws(IOFailure) {
                    try writeAll(fd, UnsafeRawBufferPointer(start: buffers[slot], count: count))
                } catch {
                    failure.withLock { $0 = error }
                }
            }
            slot = (slot + 1) % WriteBehind.ring
            free.signal()
        }
        finished.signal()
    }
}

/// A file written under a temporary name in its directory and renamed into place only when complete,
/// so a reader never sees half of it; ``discard()`` removes the temporary file.
///
/// A path that exists and is not a regular file (`/dev/null`, a FIFO) is written directly: renaming over
/// it would replace the device or pipe. A symbolic link to a file is followed, so the link stays.
///
/// Every command of the package that writes an output file writes it through this type.
package final class AtomicFile {
    package let path: String
    package let fd: Int32
    /// `nil` when writing directly.
    private let temporaryPath: String?
    private let finalPath: String
    private var finished = false

    /// Creates the temporary file next to `path` (or opens `path` itself when it is not a regular file).
    package init(path: String) throws(IOFailure) {
        self.path = path
        var status = stat()
        if stat(path, &status) == 0 && status.st_mode & S_IFMT != S_IFREG {
            guard status.st_mode & S_IFMT != S_IFDIR else { throw IOFailure(reason: "is a directory; give a file name") }
            fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .system("cannot open") }
            temporaryPath = nil
            finalPath = path
            return
        }
        var target = path
        if lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK, let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[...$0]) } ?? ""
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        var template = Array("\(directory).\(name).partial-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .system("cannot create a file in '\(directory.isEmpty ? "." : directory)'") }
        fchmod(fd, 0o644)
        self.fd = fd
        temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        finalPath = target
    }

    deinit { discard() }

    /// Closes the file and renames it to `path`.
    package func commit() throws(IOFailure) {
        guard !finished else { return }
        finished = true
        guard close(fd) == 0 else {
            let failure = IOFailure.system("cannot write '\(path)'")
            if let temporaryPath { unlink(temporaryPath) }
            throw failure
        }
        guard let temporaryPath else { return }
        guard rename(temporaryPath, finalPath) == 0 else {
            let failure = IOFailure.system("cannot rename the output into '\(path)'")
            unlink(temporaryPath)
            throw failure
        }
    }

    /// Closes and removes the temporary file (nothing happens after ``commit()``).
    package func discard() {
        guard !finished else { return }
        finished = true
        close(fd)
        if let temporaryPath { unlink(temporaryPath) }
    }

    /// Writes `text` to `path` atomically.
    package static func write(_ text: String, to path: String) throws(IOFailure) {
        let file = try AtomicFile(path: path)
        let buffer = OutputBuffer(fd: file.fd)
        do {
            try buffer.append(text)
            try buffer.flush()
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }
}
