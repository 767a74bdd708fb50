#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Dispatch
import Foundation
import Hummingbird
import NIOCore
import PartnerRules
import Synchronization

/// `POST /v1/classify`: a CSV body of performance rows in, the classified rows (or, with `?summary=true`, the
/// summary JSON) out, through the library's ``PartnerRules/Classifier`` in memory that does not grow with the body.
///
/// The body is streamed to an unlinked-on-finish temporary file (at most ``RulesServer/Options/classifyBodyLimit``
/// bytes: 413 past it, at once when `Content-Length` says so); the classifier reads it twice, as it reads a file,
/// and writes into a pipe that the answer streams from. Its first pass checks every row before any is written, so
/// a bad CSV is a 400 naming the CSV line, never a half-sent answer. Should writing fail later (the disk, a pipe),
/// the answer stops without its final chunk: an HTTP client reports an incomplete body.
extension RulesServer {
    func addClassifyRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/classify") { request, _ in
            let query = request.uri.queryParameters
            let summary: Bool
            let explain: Bool
            let duplicates: DuplicateMode
            switch (Self.flag(query, "summary"), Self.flag(query, "explain")) {
            case (.failure(let refusal), _), (_, .failure(let refusal)): return refusal.response
            case (.success(let summarize), .success(let because)):
                summary = summarize
                explain = because
            }
            if let mode = query["duplicates"].map(String.init) {
                guard let parsed = DuplicateMode(rawValue: mode) else {
                    return Answer.error(
                        .badRequest, path: "duplicates",
                        "duplicates takes \(DuplicateMode.allCases.map(\.rawValue).joined(separator: " or ")), not '\(mode)'")
                }
                duplicates = parsed
            } else {
                duplicates = .drop
            }
            let limit = options.classifyBodyLimit
            if let length = Answer.contentLength(request), length > limit { return Answer.BodyTooLarge(limit: limit).response }
            guard let catalog = catalog.current else { return Answer.notReady() }

            let spool: Spool
            do throws(SpoolError) { spool = try Spool() } catch { return Answer.error(.internalServerError, "cannot store the body: \(error.reason)") }
            var received = 0
            do {
                for try await buffer in request.body {
                    received += buffer.readableBytes
                    guard received <= limit else {
                        spool.remove()
                        return Answer.BodyTooLarge(limit: limit).response
                    }
                    try spool.append(buffer)
                }
                try spool.finishWriting()
            } catch let error as SpoolError {
                spool.remove()
                return Answer.error(.internalServerError, "cannot store the body: \(error.reason)")
            } catch {
                spool.remove()
                return Answer.error(.badRequest, "the body ended early: \(error)")
            }

            var classifier = Classifier(rules: RowRules(catalog: catalog), duplicates: duplicates)
            classifier.explain = explain
            let run = ClassifierRun(classifier: classifier, input: spool, summarize: summary)
            var headers = Self.revisionHeader(catalog)
            if summary {
                switch await run.result() {
                case .failure(let error): return Self.refusal(error)
                case .success(let counts): return Answer.bytes(.ok, Array(counts.json.utf8), headers: headers)
                }
            }
            switch await run.firstChunk() {
            case .failure(let error): return Self.refusal(error)
            case .success(let first):
                headers[.contentType] = "text/csv; charset=utf-8"
                return Response(
                    status: .ok, headers: headers,
                    body: ResponseBody { writer in
                        try await run.stream(after: first, into: &writer)
                    })
            }
        }
    }

    private static func flag(_ query: Parameters, _ name: String) -> Result<Bool, QueryRefusal> {
        guard let value = query[Substring(name)] else { return .success(false) }
        switch value {
        case "true": return .success(true)
        case "false": return .success(false)
        default:
            return .failure(QueryRefusal(response: Answer.error(.badRequest, path: name, "\(name) takes true or false, not '\(value)'")))
        }
    }

    private struct QueryRefusal: Error {
        let response: Response
    }

    private static func refusal(_ error: ClassifyError) -> Response {
        switch error {
        case .invalidCSV(_, let csv):
            return Answer.error(.badRequest, JSONInputError(line: csv.line, column: 1, path: "", message: "CSV line \(csv.line): \(csv.message)"))
        case .unreadableInput(_, let reason), .unwritableOutput(_, let reason):
            return Answer.error(.internalServerError, "cannot classify the body: \(reason)")
        }
    }
}

struct SpoolError: Error {
    let reason: String

    static func system(_ doing: String) -> SpoolError {
        SpoolError(reason: "\(doing): \(String(cString: strerror(errno)))")
    }
}

/// A temporary file that holds a request body for the classifier, removed when the run is done.
final class Spool: Sendable {
    let path: String
    private let descriptor: Int32

    init() throws(SpoolError) {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(directory)/partner-rules-classify-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { name in mkstemp(name.baseAddress!) }
        guard fd >= 0 else { throw .system("cannot create a file in '\(directory)'") }
        descriptor = fd
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    func append(_ buffer: ByteBuffer) throws(SpoolError) {
        let failed = buffer.withUnsafeReadableBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return true
                }
                offset += written
            }
            return false
        }
        if failed { throw .system("cannot write the body to '\(path)'") }
    }

    func finishWriting() throws(SpoolError) {
        if close(descriptor) != 0 { throw .system("cannot write the body to '\(path)'") }
    }

    func remove() {
        close(descriptor)
        unlink(path)
    }
}

/// One classifier run on a thread of its own, writing into a pipe the answer reads from.
final class ClassifierRun: Sendable {
    private let readEnd: Int32
    private let outcome = Mutex<Result<PerformanceSummary, ClassifyError>?>(nil)
    private let finished = DispatchSemaphore(value: 0)
    /// Where the blocking reads and the wait for the end run, off the server's own threads.
    private let queue = DispatchQueue(label: "partner-rules classify answer")

    init(classifier: Classifier, input: Spool, summarize: Bool) {
        var ends: [Int32] = [-1, -1]
        let piped = !summarize && pipe(&ends) == 0
        readEnd = piped ? ends[0] : -1
        let writeEnd: Int32 = piped ? ends[1] : open("/dev/null", O_WRONLY)
        let thread = Thread { [self] in
            let result = Result { () throws(ClassifyError) in
                try classifier.run(input: .file(input.path), output: .descriptor(writeEnd, name: "the answer"), summarize: summarize)
            }
            outcome.withLock { $0 = result }
            close(writeEnd)
            unlink(input.path)
            finished.signal()
        }
        thread.name = "partner-rules classify"
        thread.start()
    }

    deinit {
        if readEnd >= 0 { close(readEnd) }
    }

    /// Waits for the run to end: the summary, or why it failed.
    func result() async -> Result<PerformanceSummary, ClassifyError> {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                finished.wait()
                finished.signal()
                continuation.resume(returning: outcome.withLock { $0 } ?? .failure(.unwritableOutput(path: "the answer", reason: "the run ended without a result")))
            }
        }
    }

    /// The first bytes written (the header row, written only once every row has passed the first check), or why
    /// the run failed before writing anything.
    func firstChunk() async -> Result<[UInt8], ClassifyError> {
        if let chunk = await nextChunk(), !chunk.isEmpty { return .success(chunk) }
        switch await result() {
        case .failure(let error): return .failure(error)
        case .success: return .success([])
        }
    }

    /// Writes `first` and every later chunk; throws when the run fails after rows were sent, so the answer ends
    /// without its final chunk.
    func stream(after first: [UInt8], into writer: inout any ResponseBodyWriter) async throws {
        if !first.isEmpty { try await writer.write(ByteBuffer(bytes: first)) }
        while let chunk = await nextChunk(), !chunk.isEmpty {
            try await writer.write(ByteBuffer(bytes: chunk))
        }
        if case .failure(let error) = await result() { throw error }
        try await writer.finish(nil)
    }

    /// The next bytes from the pipe (at most 256 KiB), `[]` at its end, `nil` when it cannot be read.
    private func nextChunk() async -> [UInt8]? {
        let fd = readEnd
        guard fd >= 0 else { return [] }
        return await withCheckedContinuation { continuation in
            queue.async {
                var chunk = [UInt8](repeating: 0, count: 256 << 10)
                while true {
                    let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                    if count < 0, errno == EINTR { continue }
                    if count < 0 { return continuation.resume(returning: nil) }
                    chunk.removeSubrange(count...)
                    return continuation.resume(returning: chunk)
                }
            }
        }
    }
}
