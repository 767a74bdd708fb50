#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif
internal import ByteIO
internal import Dispatch
internal import Foundation
internal import Synchronization

/// What `classify` does with a legacy row that duplicates a superseding source's data.
public enum DuplicateMode: String, Sendable, Hashable, CaseIterable {
    /// Leave the row out (the default).
    case drop
    /// Keep it, with `duplicate` set to `true` (`false` on every other row).
    case mark
}

/// Where `classify` reads rows from.
public enum ClassifyInput: Sendable, Hashable {
    /// A file. A regular file is read twice; anything else (a FIFO, a device) is spooled like a pipe.
    case file(String)
    /// Standard input: read twice when it is a regular file, spooled to a temporary file when it is a pipe.
    case standardInput
}

/// Where `classify` writes rows to.
public enum ClassifyOutput: Sendable, Hashable {
    /// A file, written under a temporary name in its directory and renamed when complete.
    case file(String)
    /// Standard output, written as rows are classified.
    case standardOutput
    /// An open file descriptor that the caller owns (a pipe to an HTTP answer): written to, never closed.
    case descriptor(Int32, name: String)
}

/// Why `classify` stopped.
public enum ClassifyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input file cannot be opened or read (usage problem: exit 2).
    case unreadableInput(path: String, reason: String)
    /// The input is not valid CSV with the required columns (exit 1); nothing was written to the output file.
    case invalidCSV(input: String, CSVError)
    /// The output or summary cannot be written (exit 1); a partly written file was removed.
    case unwritableOutput(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableInput(let path, let reason): return "\(path): cannot read: \(reason)"
        case .invalidCSV(let input, let error): return "\(input):\(error.line): error: \(error.message)"
        case .unwritableOutput(let path, let reason): return "\(path): \(reason)"
        }
    }

    /// The exit status SPEC section 6 gives this failure.
    public var exitCode: Int32 {
        switch self {
        case .unreadableInput: return 2
        case .invalidCSV, .unwritableOutput: return 1
        }
    }
}

/// Streams performance rows through the row rules: adds `granularity` (and `duplicate`), drops or marks
/// legacy duplicates, counts a summary.
///
/// Memory does not grow with rows. Pass 1 checks the whole input (so a bad row stops the run before
/// anything is written) and remembers each (partner, `app_id`, `date`) that a superseding media source has
/// rows for; pass 2 writes. A regular file is read twice; a pipe is copied to an unlinked temporary file
/// during pass 1 and pass 2 reads that copy. Output rows keep the input's order.
///
/// Both cores work on a large regular file: pass 1 reads its two halves on two threads, and pass 2 hands the
/// output to a writer thread while it classifies the next rows (the byte layer's write-behind writer).
///
/// Output CSV is canonical: fields are quoted only when they hold `,`, `"`, CR or LF (with `"` doubled), and
/// every line ends with LF. A field quoted in the input without need comes out unquoted; line breaks inside
/// quoted fields are kept as they are.
public struct Classifier: Sendable {
    /// The row tables rows are classified with.
    public let rules: RowRules
    /// Whether legacy duplicates are dropped or marked.
    public var duplicates: DuplicateMode
    /// The names of the columns the rules read.
    public var columns: PerformanceColumns
    /// Adds a last column, `because` (SPEC 5a): for an ad-level row, `partners/x.yaml:LINE` of the ad-type entry
    /// (or the `supported` list) that decided it; for a row marked as a duplicate, of its `supersedes` entry;
    /// empty otherwise (creative rows, media sources the catalog does not know).
    public var explain = false
    /// Regular files at least this large are read on two threads in pass 1. Tests lower it.
    var splitPassOneBytes = 8 << 20
    /// When set, counts the bytes both passes read (twice the size of a regular file), block by block.
    public var progress: ProgressCounter?

    /// A classifier over `rules`; duplicates dropped and the usual column names by default.
    public init(rules: RowRules, duplicates: DuplicateMode = .drop, columns: PerformanceColumns = PerformanceColumns()) {
        self.rules = rules
        self.duplicates = duplicates
        self.columns = columns
    }

    /// Classifies every row of `input` into `output`; returns the summary.
    @discardableResult
    public func run(input: ClassifyInput, output: ClassifyOutput, summarize: Bool = true) throws(ClassifyError) -> PerformanceSummary {
        let reader: ByteReader
        do {
            switch input {
            case .file(let path): reader = try ByteReader(path: path)
            case .standardInput: reader = .standardInput()
            }
        } catch {
            if case .file(let path) = input { throw .unreadableInput(path: path, reason: error.reason) }
            throw .unreadableInput(path: "<stdin>", reason: error.reason)
        }
        let inputName = reader.name
        let kind: FileKind
        do { kind = try reader.kind() } catch { throw .unreadableInput(path: inputName, reason: error.reason) }
        var size: Int?
        switch kind {
        case .directory: throw .unreadableInput(path: inputName, reason: "is a directory; give a CSV file")
        case .regular(let bytes):
            size = bytes
            progress?.expect(2 * bytes)
        case .stream: size = nil
        }

        let sink: AtomicFile?
        let outputName: String
        switch output {
        case .file(let path):
            outputName = path
            // Classified rows are made again from their input: not waited onto disk (see AtomicFile).
            do { sink = try AtomicFile(path: path, durable: false) } catch { throw .unwritableOutput(path: path, reason: error.reason) }
        case .standardOutput:
            outputName = "<stdout>"
            sink = nil
        case .descriptor(_, let name):
            outputName = name
            sink = nil
        }
        var out = sink?.fd ?? STDOUT_FILENO
        if case .descriptor(let descriptor, _) = output { out = descriptor }
        do throws(ClassifyError) {
            let summary = try classify(
                input: reader, size: size, inputName: inputName, out: out, outputName: outputName,
                summarize: summarize)
            do { try sink?.commit() } catch { throw ClassifyError.unwritableOutput(path: outputName, reason: error.reason) }
            return summary
        } catch {
            sink?.discard()
            throw error
        }
    }

    /// The positions of the required columns in the header.
    private struct Layout {
        var count: Int
        var appID: Int
        var mediaSource: Int
        var date: Int
        var adType: Int
    }

    private func classify(
        input: ByteReader, size: Int?, inputName: String, out: Int32, outputName: String, summarize: Bool
    ) throws(ClassifyError) -> PerformanceSummary {
        func readFailure(_ error: CSVScanError) -> ClassifyError {
            switch error {
            case .csv(let csv): return .invalidCSV(input: inputName, csv)
            case .io(let failure): return .unreadableInput(path: inputName, reason: failure.reason)
            }
        }
        func writeFailure(_ error: IOFailure) -> ClassifyError {
            .unwritableOutput(path: outputName, reason: error.reason)
        }
        // Pass 1: check every row; remember the (partner, app, date) keys of superseding sources.
        let spool = size == nil ? try makeSpool(inputName: inputName) : nil
        var superseding = ByteKeyMap()
        do {
            if let size, size >= splitPassOneBytes {
                superseding = try passOneSplit(input, size: size)
            } else {
                let scanner = CSVScanner(reader: input, tee: spool?.descriptor, progress: progress)
                try passOne(scanner, header(scanner), into: &superseding)
            }
        } catch { throw readFailure(error) }

        // Pass 2: classify and write.
        let second = spool ?? input
        do { try second.rewind() } catch {
            throw .unreadableInput(path: inputName, reason: "cannot read it a second time: \(error.reason)")
        }
        var summary = SummaryBuilder()
        let mark = duplicates == .mark
        let buffer = ByteWriter(descriptor: out, writeBehind: true)
        do {
            let scanner = CSVScanner(reader: second, progress: progress)
            let layout = try header(scanner)
            do {
                try writeRecord(scanner, to: buffer)
                try buffer.append(mark ? ",\(PerformanceColumns.granularity),\(PerformanceColumns.duplicate)" : ",\(PerformanceColumns.granularity)")
                try buffer.append(explain ? ",\(PerformanceColumns.because)\n" : "\n")
            } catch { throw writeFailure(error) }
            let endings = RowEndings(mark: mark, lineEnd: !explain)
            let explain = explain
            while try scanner.next() {
                try checkCount(scanner, layout)
                let mediaSource = scanner.field(layout.mediaSource)
                let source = rules.sourceIndex(mediaSource)
                let granularity: Granularity
                var because = RowRules.noPlace
                if explain {
                    (granularity, because) = rules.explainedGranularity(source: source, adType: scanner.field(layout.adType))
                } else {
                    granularity = rules.granularity(source: source, adType: scanner.field(layout.adType))
                }
                var duplicate = false
                if source >= 0, rules.sourceInfo[source].supersededGroup >= 0 {
                    duplicate = withDedupeKey(group: rules.sourceInfo[source].supersededGroup, scanner, layout) {
                        superseding.index(of: $0) != nil
                    }
                }
                if summarize {
                    summary.add(mediaSource: mediaSource, appID: scanner.field(layout.appID), granularity: granularity, duplicate: duplicate)
                }
                if duplicate && !mark { continue }
                do {
                    try writeRecord(scanner, to: buffer)
                    try buffer.append(endings.ending(granularity, duplicate: duplicate))
                    if explain {
                        try buffer.append(UInt8(ascii: ","))
                        try buffer.append(duplicate ? rules.sourceBecause[source] : because)
                        try buffer.append(UInt8(ascii: "\n"))
                    }
                } catch { throw writeFailure(error) }
            }
            do { try buffer.flush() } catch { throw writeFailure(error) }
        } catch let error as CSVScanError {
            throw readFailure(error)
        } catch let error as ClassifyError {
            throw error
        } catch {
            throw .unreadableInput(path: inputName, reason: "\(error)")
        }
        return summary.summary { rules.partner(mediaSource: $0) }
    }

    /// Pass 1 over `scanner`'s rows: checks each row's field count and remembers the dedupe keys of superseding
    /// sources' rows. With `stop`, it returns after the first row that ends at or past that file offset; with
    /// `cancel`, it returns early once that is cancelled (looked at every 4,096 rows).
    private func passOne(
        _ scanner: CSVScanner, _ layout: Layout, into keys: inout ByteKeyMap, stop: Int? = nil, cancel: SecondHalf? = nil
    ) throws(CSVScanError) {
        var rows = 0
        while try scanner.next() {
            rows &+= 1
            if let cancel, rows & 4095 == 0, cancel.isCancelled { return }
            try checkCount(scanner, layout)
            let source = rules.sourceIndex(scanner.field(layout.mediaSource))
            if source >= 0, rules.sourceInfo[source].supersedingGroup >= 0 {
                withDedupeKey(group: rules.sourceInfo[source].supersedingGroup, scanner, layout) { _ = keys.insert($0) }
            }
            if let stop, scanner.offset >= stop { return }
        }
    }

    /// Pass 1 over a regular file of `size` bytes, its two halves on two threads; the same keys and the same first
    /// error as ``passOne(_:_:into:stop:cancel:)`` over the whole file.
    ///
    /// The second half starts after the first line feed past the middle, on the guess that a record starts there.
    /// This thread reads the first half up to that offset: when its last row ends exactly there, the guess was
    /// right, and the second half's keys (or its first error, its line counted from the file's start) count.
    /// Otherwise the line feed was inside a quoted field, and this thread reads on to the end alone.
    private func passOneSplit(_ input: ByteReader, size: Int) throws(CSVScanError) -> ByteKeyMap {
        let first = CSVScanner(reader: input, range: 0..<size, progress: progress)
        let layout = try header(first)
        var keys = ByteKeyMap()
        guard let boundary = try lineStart(after: size / 2, in: input, size: size), boundary > first.offset else {
            try passOne(first, layout, into: &keys)
            return keys
        }
        let second = SecondHalf { half in
            let scanner = CSVScanner(reader: input, range: boundary..<size, maxFields: layout.count, progress: progress)
            do throws(CSVScanError) { try passOne(scanner, layout, into: &half.keys, cancel: half) } catch { half.failure = error }
        }
        do {
            try passOne(first, layout, into: &keys, stop: boundary)
        } catch {
            second.cancel()
            second.wait()
            throw error
        }
        second.wait()
        guard first.offset == boundary else {
            try passOne(first, layout, into: &keys)
            return keys
        }
        switch second.failure {
        case .csv(var error):
            error.line += first.nextLine - 1
            throw .csv(error)
        case .io(let failure):
            throw .io(failure)
        case nil:
            second.keys.forEachKey { keys.insert($0) }
            return keys
        }
    }

    /// The offset just after the first line feed at or after `offset`, or `nil` when no byte follows one.
    private func lineStart(after offset: Int, in reader: ByteReader, size: Int) throws(CSVScanError) -> Int? {
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var position = offset
        while position < size {
            let read = chunk.withUnsafeMutableBytes { bytes in
                Result { () throws(IOFailure) in try reader.read(into: bytes, at: position) }
            }
            let count: Int
            do { count = try read.get() } catch {
                throw .io(IOFailure(reason: "cannot read the input: \(error.reason)", kind: error.kind))
            }
            if count == 0 { return nil }
            if let index = chunk[..<count].firstIndex(of: 0x0A) {
                let start = position + index + 1
                return start < size ? start : nil
            }
            position += count
        }
        return nil
    }

    /// Reads the header; checks the required columns are there, each once.
    private func header(_ scanner: CSVScanner) throws(CSVScanError) -> Layout {
        guard try scanner.next() else { throw .csv(.emptyInput()) }
        let names = (0..<scanner.fieldCount).map(scanner.string)
        var positions: [Int] = []
        for column in columns.all {
            let matches = names.indices.filter { names[$0] == column }
            guard let first = matches.first else {
                throw .csv(CSVError(line: scanner.recordLine, "missing required column '\(column)'; the header needs \(columns.all.map { "'\($0)'" }.joined(separator: ", "))"))
            }
            guard matches.count == 1 else {
                throw .csv(CSVError(line: scanner.recordLine, "column '\(column)' appears \(matches.count) times; name it once"))
            }
            positions.append(first)
        }
        scanner.maxFields = names.count
        return Layout(count: names.count, appID: positions[0], mediaSource: positions[1], date: positions[2], adType: positions[3])
    }

    @inline(__always)
    private func checkCount(_ scanner: CSVScanner, _ layout: Layout) throws(CSVScanError) {
        guard scanner.fieldCount == layout.count else {
            throw .csv(.tooFewFields(line: scanner.recordLine, expected: layout.count, found: scanner.fieldCount))
        }
    }

    /// Calls `body` with the dedupe key `group ‖ len(app) ‖ app ‖ date`, built on the stack.
    @inline(__always)
    private func withDedupeKey<Result>(
        group: Int, _ scanner: CSVScanner, _ layout: Layout, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        let app = scanner.field(layout.appID)
        let date = scanner.field(layout.date)
        return withUnsafeTemporaryAllocation(byteCount: 8 + app.count + date.count, alignment: 8) { key in
            key.storeBytes(of: UInt32(truncatingIfNeeded: group), toByteOffset: 0, as: UInt32.self)
            key.storeBytes(of: UInt32(truncatingIfNeeded: app.count), toByteOffset: 4, as: UInt32.self)
            UnsafeMutableRawBufferPointer(rebasing: key[8..<(8 + app.count)]).copyMemory(from: app)
            UnsafeMutableRawBufferPointer(rebasing: key[(8 + app.count)...]).copyMemory(from: date)
            return body(UnsafeRawBufferPointer(key))
        }
    }

    /// Writes the current record's fields, canonically quoted, without a line end.
    @inline(__always)
    private func writeRecord(_ scanner: CSVScanner, to buffer: ByteWriter) throws(IOFailure) {
        guard scanner.recordQuoted else { return try buffer.append(scanner.rawRecord) }
        for index in 0..<scanner.fieldCount {
            if index > 0 { try buffer.append(UInt8(ascii: ",")) }
            try buffer.appendField(scanner.field(index), quote: scanner.fieldFlags[index] & 2 != 0)
        }
    }

    /// An unlinked temporary file that holds a piped input for the second pass.
    private func makeSpool(inputName: String) throws(ClassifyError) -> ByteReader {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(directory)/partner-rules-spool-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { name -> Int32 in
            guard let base = name.baseAddress else { return -1 }
            let fd = mkstemp(base)
            if fd >= 0 { unlink(base) }
            return fd
        }
        guard fd >= 0 else {
            throw .unreadableInput(path: inputName, reason: IOFailure.system("cannot create a spool file in '\(directory)'").reason)
        }
        return ByteReader(descriptor: fd, name: inputName, ownsDescriptor: true)
    }
}

/// The second half of a split pass 1, run on a thread of its own.
private final class SecondHalf: @unchecked Sendable {
    // The thread writes `keys` and `failure` before it signals `done`; the caller reads them only after `wait()`.
    var keys = ByteKeyMap()
    var failure: CSVScanError?
    private let done = DispatchSemaphore(value: 0)
    private var waited = false
    private let cancelled = Atomic(false)

    init(_ body: @escaping @Sendable (SecondHalf) -> Void) {
        let thread = Thread { [self] in
            body(self)
            done.signal()
        }
        thread.name = "partner-rules pass one"
        thread.start()
    }

    /// Asks the thread to stop early: its result is not needed.
    func cancel() { cancelled.store(true, ordering: .relaxed) }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Waits for the thread to finish (once; later calls return at once).
    func wait() {
        guard !waited else { return }
        waited = true
        done.wait()
    }
}

/// The bytes appended to each written row: `,creative\n`, `,ad\n`, or with `,true`/`,false` under mark; without
/// the `\n` when another column follows.
private final class RowEndings {
    private let endings: [UnsafeMutableRawBufferPointer]

    init(mark: Bool, lineEnd: Bool) {
        var endings: [UnsafeMutableRawBufferPointer] = []
        for duplicate in [false, true] {
            for granularity in [Granularity.creative, .ad] {
                let text = Array(",\(granularity.rawValue)\(mark ? (duplicate ? ",true" : ",false") : "")\(lineEnd ? "\n" : "")".utf8)
                let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: text.count, alignment: 1)
                bytes.copyBytes(from: text)
                endings.append(bytes)
            }
        }
        self.endings = endings
    }

    deinit { endings.forEach { $0.deallocate() } }

    @inline(__always)
    func ending(_ granularity: Granularity, duplicate: Bool) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(endings[(duplicate ? 2 : 0) + (granularity == .creative ? 0 : 1)])
    }
}
