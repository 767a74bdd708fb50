#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Writes every byte to `descriptor`, retrying short writes and `EINTR`: the one `write(2)` loop.
package func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(IOFailure) {
    guard var pointer = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
        let written = write(descriptor, pointer, remaining)
        if written < 0 {
            if errno == EINTR { continue }
            throw .system()
        }
        pointer += written
        remaining -= written
    }
}

/// The one buffered writer: collects bytes in a buffer (1 MiB by default) and writes it to a file descriptor
/// when full and on ``flush()``.
///
/// By default a full buffer is written with `write(2)` on the calling thread (the portable path). With
/// `writeBehind`, full buffers go to a writer thread of its own (``WriteBehind``) and the caller goes on filling
/// the next one, so the time the kernel spends taking the bytes overlaps the caller's work; the bytes still reach
/// the descriptor in order. A write failure is reported by the next call that hands a buffer over, or by
/// ``flush()``. Bytes not flushed when the writer is released are dropped.
package final class ByteWriter {
    package static let defaultCapacity = 1 << 20

    package let descriptor: Int32
    @usableFromInline let capacity: Int
    // The position is touched on every append, from code inlined into other modules, where the compiler cannot
    // prove accesses exclusive and would check each one at run time (a fifth of `audiences hash`'s time). A writer
    // belongs to one thread and none of its methods re-enters another, so the checks can never fire.
    @exclusivity(unchecked) @usableFromInline var bytes: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var count = 0
    private let behind: WriteBehind?

    package init(descriptor: Int32, capacity: Int = ByteWriter.defaultCapacity, writeBehind: Bool = false) {
        precondition(capacity > 0, "a writer needs a buffer")
        self.descriptor = descriptor
        self.capacity = capacity
        if writeBehind {
            let behind = WriteBehind(descriptor: descriptor, capacity: capacity)
            self.behind = behind
            bytes = behind.firstBuffer
        } else {
            behind = nil
            bytes = .allocate(capacity: capacity)
        }
    }

    /// A writer that appends to the file at `path`, made when missing (the server's decision log): each flush
    /// lands after whatever is in the file, whoever else appends to it.
    package convenience init(appendingTo path: String, capacity: Int = 1 << 16) throws(IOFailure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .system() }
        self.init(descriptor: descriptor, capacity: capacity)
    }

    deinit {
        if let behind {
            behind.stop()
        } else {
            bytes.deallocate()
        }
    }

    @inlinable @inline(__always)
    package func append(_ data: UnsafeRawBufferPointer) throws(IOFailure) {
        guard let source = data.baseAddress else { return }
        if count &+ data.count > capacity {
            try handOver()
            if data.count > capacity {
                try writeDirectly(data)
                return
            }
        }
        (bytes + count).update(from: source.assumingMemoryBound(to: UInt8.self), count: data.count)
        count &+= data.count
    }

    @inlinable @inline(__always)
    package func append(_ byte: UInt8) throws(IOFailure) {
        if count == capacity { try handOver() }
        bytes[count] = byte
        count &+= 1
    }

    package func append(_ text: String) throws(IOFailure) {
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

    package func append(_ bytes: [UInt8]) throws(IOFailure) {
        let failure = bytes.withUnsafeBytes { bytes -> IOFailure? in
            do throws(IOFailure) {
                try append(bytes)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Room for `length` bytes (at most the capacity) at the end of the buffer, handing the buffer over first when
    /// needed; fill it, then call ``commit(_:)``.
    @inlinable @inline(__always)
    package func reserve(_ length: Int) throws(IOFailure) -> UnsafeMutableRawPointer {
        precondition(length <= capacity, "reserve asks for more than the buffer holds")
        if count &+ length > capacity { try handOver() }
        return UnsafeMutableRawPointer(bytes + count)
    }

    /// Counts `length` bytes written into the room ``reserve(_:)`` gave.
    @inlinable @inline(__always)
    package func commit(_ length: Int) { count &+= length }

    /// Writes what the buffer holds (or gives it to the writer thread) and empties it.
    @usableFromInline
    func handOver() throws(IOFailure) {
        guard count > 0 else { return }
        if let behind {
            bytes = try behind.handOver(count: count)
        } else {
            try writeAll(descriptor, UnsafeRawBufferPointer(start: bytes, count: count))
        }
        count = 0
    }

    /// Writes bytes larger than the buffer past it, after everything queued.
    @usableFromInline
    func writeDirectly(_ data: UnsafeRawBufferPointer) throws(IOFailure) {
        try behind?.drain()
        try writeAll(descriptor, data)
    }

    /// Writes everything appended so far; on return every byte has been passed to `write(2)`.
    package func flush() throws(IOFailure) {
        try handOver()
        try behind?.drain()
    }
}
