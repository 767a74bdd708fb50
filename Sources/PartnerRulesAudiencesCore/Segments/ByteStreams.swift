internal import ByteIO
internal import PartnerRules

// Segment files read and write through the byte layer (`ByteIO`): a ``LineSplitter`` over a ``ByteReader``, a
// ``ByteWriter``, an ``AtomicFile``. The types here only name the file in `SegmentError`s.

/// The lines of a file or of standard input, without copying them (``LineSplitter``), with errors as
/// ``SegmentError``s that name the file.
///
/// Memory stays constant: one 1 MiB buffer (plus room for one line that spans two chunks). A line longer than
/// `maximumLineLength` is an error rather than a reason to grow.
final class LineReader {
    /// How many bytes from the start of any line returned may be loaded, whatever the line's length.
    static let readableBytesPerLine = LineSplitter.readableBytesPerLine

    private let lines: LineSplitter

    init(_ reader: ByteReader, maximumLineLength: Int = 1 << 16) {
        lines = LineSplitter(reader, maximumLineLength: maximumLineLength)
    }

    /// Opens `path` for reading, or standard input for `nil` and `-`.
    convenience init(path: String?) throws(SegmentError) {
        do { self.init(try ByteReader.pathOrStandardInput(path)) } catch {
            throw .unreadable(path: path ?? "<stdin>", reason: error.reason)
        }
    }

    /// Where the bytes come from, for messages.
    var name: String { lines.name }

    /// Counts the bytes read into `progress`, chunk by chunk, of the input's size when it is a regular file.
    func count(into progress: ProgressCounter) {
        if case .regular(let size) = try? lines.reader.kind() { progress.expect(size) }
        lines.onRead = { progress.add($0) }
    }

    /// The 1-based number of the line most recently returned.
    var lineNumber: Int { lines.lineNumber }

    /// The next line without its `\n`, or `nil` at the end of the input; valid until the next call.
    ///
    /// A final line without a trailing newline counts as a line.
    @inline(__always)
    func nextLine() throws(SegmentError) -> UnsafeRawBufferPointer? {
        do { return try lines.nextLine() } catch { throw failure(error) }
    }

    /// Calls `body` with each remaining line, until the end of the input or until `body` throws.
    @inline(__always)
    func forEachLine(_ body: (UnsafeRawBufferPointer) throws(SegmentError) -> Void) throws(SegmentError) {
        while let line = try nextLine() { try body(line) }
    }

    private func failure(_ error: IOFailure) -> SegmentError {
        if case .lineTooLong(let line, let limit) = error.kind { return .lineTooLong(file: name, line: line, limit: limit) }
        return .unreadable(path: name, reason: error.reason)
    }
}

/// A ``ByteWriter`` whose errors are ``SegmentError``s that name the file.
final class BufferedWriter {
    private let writer: ByteWriter
    let name: String

    init(descriptor: Int32, name: String) {
        writer = ByteWriter(descriptor: descriptor)
        self.name = name
    }

    /// Space for `length` bytes at the end of the buffer, flushing first when needed; call ``commit(_:)`` after filling it.
    @inline(__always)
    func reserve(_ length: Int) throws(SegmentError) -> UnsafeMutableRawPointer {
        do { return try writer.reserve(length) } catch { throw failure(error) }
    }

    @inline(__always)
    func commit(_ length: Int) { writer.commit(length) }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SegmentError) {
        do { try writer.append(bytes) } catch { throw failure(error) }
    }

    func write(_ bytes: ArraySlice<UInt8>) throws(SegmentError) {
        let written = bytes.withUnsafeBytes { raw in Result { () throws(IOFailure) in try writer.append(raw) } }
        do { try written.get() } catch { throw failure(error) }
    }

    func write(_ text: String) throws(SegmentError) {
        do { try writer.append(text) } catch { throw failure(error) }
    }

    func flush() throws(SegmentError) {
        do { try writer.flush() } catch { throw failure(error) }
    }

    private func failure(_ error: IOFailure) -> SegmentError { .unwritable(path: name, reason: error.reason) }
}

/// An output file that appears at its path only when it is complete (``AtomicFile``: written beside it, synced,
/// then renamed; a device or FIFO is written directly), or standard output for `nil` and `-`.
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
        // Segment files are made again from their input: not waited onto disk (see AtomicFile).
        do { file = try AtomicFile(path: path, durable: false) } catch { throw .unwritable(path: path, reason: error.reason) }
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

/// The size of a regular file, or `nil` for standard input, pipes and files that cannot be looked at.
func regularFileSize(_ path: String?) -> Int? {
    guard let path, path != "-", case .regular(let size)? = FileKind(path: path) else { return nil }
    return size
}
