/// Checks a stream of requests, one JSON object a line (NDJSON), writing one verdict line per
/// request line, in memory that does not grow with the stream.
///
/// Feed it the input in chunks of any size; it carries a partial line over to the next chunk.
/// A line that is not a valid request gives `{"record":N,"error":{"line","column","path","message"}}`
/// in its place (N is its line number), and the stream goes on. Blank lines are skipped; a line longer than ``maximumLineLength`` is refused
/// without being held in memory.
public struct NDJSONCheckStream {
    /// How many lines of each kind the stream has had so far.
    public struct Counts: Sendable, Hashable {
        /// Requests whose verdict was valid.
        public var valid = 0
        /// Requests whose verdict was invalid.
        public var invalid = 0
        /// Lines that were not a readable request (each answered with the error shape).
        public var malformed = 0

        /// Counts to start from or compare with.
        public init(valid: Int = 0, invalid: Int = 0, malformed: Int = 0) {
            self.valid = valid
            self.invalid = invalid
            self.malformed = malformed
        }
    }

    /// The longest line (in bytes) read as a request.
    public static let maximumLineLength = 1 << 20

    private let checker: IntegrationChecker
    private let existing: ActiveIntegrations
    private let today: CalendarDate
    private var pending: [UInt8] = []
    private var skippingLongLine = false
    private var lineNumber = 0
    /// What the stream has answered so far.
    public private(set) var counts = Counts()
    /// Written as `"catalog_revision"` after each verdict's members when set (`serve`'s `POST /v1/check/ndjson`).
    package var revision: String?
    /// Told of every verdict with its line's number (`serve`'s metrics and decision log).
    package var observe: ((_ line: Int, _ verdict: Verdict) -> Void)?

    /// A stream that checks every line with `checker` against the same active integrations and day.
    public init(checker: IntegrationChecker, existing: ActiveIntegrations, today: CalendarDate) {
        self.checker = checker
        self.existing = existing
        self.today = today
    }

    /// Checks every line the chunk completes and appends their output lines to `output`.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var start = 0
        while start < chunk.count {
            guard let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                hold(UnsafeBufferPointer(rebasing: chunk[start...]))
                return
            }
            let rest = UnsafeBufferPointer(rebasing: chunk[start..<newline])
            if skippingLongLine {
                lineNumber += 1
                skippingLongLine = false
                writeError(JSONInputError(
                    line: lineNumber, column: 1, path: "",
                    message: "the line is longer than \(Self.maximumLineLength) bytes; put one request on each line"),
                    into: &output)
            } else if pending.isEmpty {
                process(rest, into: &output)
            } else {
                pending.append(contentsOf: rest)
                pending.withUnsafeBufferPointer { process($0, into: &output) }
                pending.removeAll(keepingCapacity: pending.capacity <= 1 << 16)
            }
            start = newline + 1
        }
    }

    /// Checks the last line when the input does not end with a newline.
    public mutating func finish(into output: inout [UInt8]) {
        let newline: [UInt8] = [UInt8(ascii: "\n")]
        newline.withUnsafeBufferPointer { feed($0, into: &output) }
    }

    private mutating func hold(_ partial: UnsafeBufferPointer<UInt8>) {
        guard !skippingLongLine else { return }
        if pending.count + partial.count > Self.maximumLineLength {
            skippingLongLine = true
            pending = []
        } else {
            pending.append(contentsOf: partial)
        }
    }

    private mutating func process(_ line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        lineNumber += 1
        var end = line.count
        if end > 0, line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = UnsafeBufferPointer(rebasing: line[..<end])
        if line.count > Self.maximumLineLength {
            writeError(JSONInputError(
                line: lineNumber, column: 1, path: "",
                message: "the line is longer than \(Self.maximumLineLength) bytes; put one request on each line"),
                into: &output)
            return
        }
        guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return }
        let verdict: Verdict
        do {
            let request = try IntegrationRequest.decode(json: line, firstLine: lineNumber)
            verdict = checker.check(request, existing: existing, today: today)
        } catch {
            writeError(error, into: &output)
            return
        }
        if verdict.valid { counts.valid += 1 } else { counts.invalid += 1 }
        observe?(lineNumber, verdict)
        var writer = JSONWriter()
        swap(&writer.bytes, &output)
        verdict.write(to: &writer) { writer in
            if let revision {
                writer.key("catalog_revision")
                writer.string(revision)
            }
        }
        swap(&writer.bytes, &output)
        output.append(UInt8(ascii: "\n"))
    }

    private mutating func writeError(_ error: JSONInputError, into output: inout [UInt8]) {
        counts.malformed += 1
        var writer = JSONWriter()
        swap(&writer.bytes, &output)
        error.write(to: &writer, record: lineNumber)
        swap(&writer.bytes, &output)
        output.append(UInt8(ascii: "\n"))
    }
}
