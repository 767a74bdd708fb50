#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A 1 MiB write buffer over a file descriptor, flushed with `write(2)`.
final class OutputBuffer {
    static let capacity = 1 << 20
    private let fd: Int32
    private let bytes: UnsafeMutablePointer<UInt8>
    private var count = 0

    init(fd: Int32) {
        self.fd = fd
        bytes = .allocate(capacity: OutputBuffer.capacity)
    }

    deinit { bytes.deallocate() }

    @inline(__always)
    func append(_ data: UnsafeRawBufferPointer) throws(IOFailure) {
        guard let source = data.baseAddress else { return }
        if count + data.count > OutputBuffer.capacity {
            try flush()
            if data.count > OutputBuffer.capacity {
                try writeAll(fd, data)
                return
            }
        }
        (bytes + count).update(from: source.assumingMemoryBound(to: UInt8.self), count: data.count)
        count += data.count
    }

    @inline(__always)
    func append(_ byte: UInt8) throws(IOFailure) {
        if count == OutputBuffer.capacity { try flush() }
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

    func flush() throws(IOFailure) {
        guard count > 0 else { return }
        try writeAll(fd, UnsafeRawBufferPointer(start: bytes, count: count))
        count = 0
    }
}

/// Whether a value must be quoted in CSV output: it holds `,`, `"`, CR or LF.
func needsQuoting(_ value: UnsafeRawBufferPointer) -> Bool {
    value.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
}

/// A file written under a temporary name in its directory and renamed into place only when complete,
/// so a reader never sees half of it; ``discard()`` removes the temporary file.
///
/// A path that exists and is not a regular file (`/dev/null`, a FIFO) is written directly: renaming over
/// it would replace the device or pipe. A symbolic link to a file is followed, so the link stays.
final class AtomicFile {
    let path: String
    let fd: Int32
    /// `nil` when writing directly.
    private let temporaryPath: String?
    private let finalPath: String
    private var finished = false

    /// Creates the temporary file next to `path` (or opens `path` itself when it is not a regular file).
    init(path: String) throws(IOFailure) {
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
    func commit() throws(IOFailure) {
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
    func discard() {
        guard !finished else { return }
        finished = true
        close(fd)
        if let temporaryPath { unlink(temporaryPath) }
    }

    /// Writes `text` to `path` atomically.
    static func write(_ text: String, to path: String) throws(IOFailure) {
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
