#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// What a descriptor refers to, from `fstat(2)`.
package enum FileKind: Sendable, Hashable {
    /// A regular file of this many bytes (it can be read twice and at any offset).
    case regular(size: Int)
    case directory
    /// A pipe, FIFO, terminal, socket or device: read once, in order.
    case stream
}

extension FileKind {
    /// What `path` refers to (a symbolic link is followed), without opening it; `nil` when it cannot be looked at.
    package init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG: self = .regular(size: Int(status.st_size))
        case S_IFDIR: self = .directory
        default: self = .stream
        }
    }
}

/// The one reader of bytes: a file descriptor (a file, standard input, a pipe) read with `read(2)` or `pread(2)`.
///
/// Every read retries `EINTR` and turns a failure into an ``IOFailure`` with the system's text. Callers choose how
/// they take the bytes: chunk by chunk into their own buffer (``read(into:)``, ``read(into:at:)``), a part of fixed
/// size (``read(upTo:)``), or everything up to a size limit (``readAll(limit:)``). ``LineSplitter`` reads lines
/// over it.
package final class ByteReader: Sendable {
    package let descriptor: Int32
    /// Where the bytes come from, for messages: the path, or `<stdin>`.
    package let name: String
    private let ownsDescriptor: Bool

    /// Reads `descriptor`, which this closes when released only if `ownsDescriptor`.
    package init(descriptor: Int32, name: String, ownsDescriptor: Bool = false) {
        self.descriptor = descriptor
        self.name = name
        self.ownsDescriptor = ownsDescriptor
    }

    /// Opens the file at `path` for reading.
    package convenience init(path: String) throws(IOFailure) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system() }
        self.init(descriptor: descriptor, name: path, ownsDescriptor: true)
    }

    /// Opens `path`, or standard input for `nil` and `-` (the command-line convention).
    package static func pathOrStandardInput(_ path: String?) throws(IOFailure) -> ByteReader {
        guard let path, path != "-" else { return standardInput() }
        return try ByteReader(path: path)
    }

    /// Standard input (not closed when released).
    package static func standardInput() -> ByteReader { ByteReader(descriptor: STDIN_FILENO, name: "<stdin>") }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// What the descriptor refers to.
    package func kind() throws(IOFailure) -> FileKind {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .system() }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int(status.st_size))
        case S_IFDIR: return .directory
        default: return .stream
        }
    }

    /// Moves back to the start, to read a regular file a second time.
    package func rewind() throws(IOFailure) {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw .system() }
    }

    /// One `read(2)` into `buffer` from the current offset: the number of bytes read, 0 at the end of the input.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(IOFailure) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = systemRead(descriptor, base, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw .system() }
        }
    }

    /// One `pread(2)` into `buffer` from file offset `offset`, leaving the descriptor's offset alone (so several
    /// readers can share one descriptor): the number of bytes read, 0 at the end of the file.
    package func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(IOFailure) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = pread(descriptor, base, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { throw .system() }
        }
    }

    /// Up to `count` bytes from the current offset; fewer only at the end of the input.
    package func read(upTo count: Int) throws(IOFailure) -> [UInt8] {
        var failure: IOFailure?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            let raw = UnsafeMutableRawBufferPointer(buffer)
            do throws(IOFailure) {
                while initialized < count {
                    let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[initialized...]))
                    if got == 0 { break }
                    initialized += got
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Everything from the current offset to the end. With `limit`, an input longer than `limit` bytes is refused
    /// with ``IOFailure/Kind/tooLarge(bytes:limit:)`` without being read whole: a regular file by its size, a
    /// stream after `limit + 1` bytes.
    package func readAll(limit: Int? = nil, chunkSize: Int = 1 << 16) throws(IOFailure) -> [UInt8] {
        var expected = 0
        switch try kind() {
        case .directory:
            throw .system(code: EISDIR)
        case .regular(let size):
            if let limit, size > limit { throw IOFailure(reason: "\(size) bytes, over the limit of \(limit)", kind: .tooLarge(bytes: size, limit: limit)) }
            expected = size
        case .stream:
            break
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Swift.min(expected, limit ?? expected) + 1)
        while true {
            // A regular file comes in one part (one byte more than its size, to see its end); a stream in chunks.
            let wanted = Swift.max(chunkSize, expected - bytes.count + 1)
            let part = try read(upTo: wanted)
            bytes += part
            if let limit, bytes.count > limit {
                throw IOFailure(
                    reason: "more than \(limit) bytes, over the limit of \(limit)", kind: .tooLarge(bytes: bytes.count, limit: limit))
            }
            if part.count < wanted { return bytes }
        }
    }
}

/// `read(2)`, under a name that ``ByteReader``'s own `read` methods do not hide.
@inline(__always)
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
