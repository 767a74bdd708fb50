import Hummingbird
import PartnerRules

/// `POST /v1/check`: the verdict, with the revision of the one catalog that computed it.
extension RulesServer {
    func addCheckRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/check") { request, context in
            let bytes: [UInt8]
            switch await Answer.readBody(request, limit: options.jsonBodyLimit) {
            case .success(let read): bytes = read
            case .failure(let tooLarge): return tooLarge.response
            }
            let body: CheckBody
            do throws(JSONInputError) {
                body = try CheckBody.decode(json: bytes)
            } catch {
                return Answer.error(.badRequest, error)
            }
            guard let catalog = catalog.current else { return Answer.notReady() }
            let checker = IntegrationChecker(catalog: catalog)
            let verdict = checker.check(body.request, existing: checker.activeIntegrations(body.existing), today: body.today ?? .todayUTC())
            metrics.verdict(verdict)
            if let log = options.decisionLog {
                var lines = DecisionLog.Lines(requestID: RequestObserver.requestID(of: context), revision: catalog.revision)
                lines.add(verdict)
                log.write(lines)
            }
            return Answer.bytes(.ok, Self.verdictJSON(verdict, revision: catalog.revision), headers: Self.revisionHeader(catalog))
        }
    }

    /// The verdict's JSON with `"catalog_revision"` as its last member, and a newline, written in one pass.
    static func verdictJSON(_ verdict: Verdict, revision: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(1024)
        verdict.write(to: &writer) { writer in
            writer.key("catalog_revision")
            writer.string(revision)
        }
        writer.bytes.append(Answer.newline)
        return writer.bytes
    }
}

/// `POST /v1/check/batch` and `POST /v1/check/ndjson` (SPEC 22): many decisions in one request, each with the one
/// catalog the request took.
extension RulesServer {
    func addBatchRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/check/batch") { request, context in
            let bytes: [UInt8]
            switch await Answer.readBody(request, limit: CheckBatch.maximumBytes) {
            case .success(let read): bytes = read
            case .failure(let tooLarge): return tooLarge.response
            }
            guard let catalog = catalog.current else { return Answer.notReady() }
            switch decideBatch(bytes, catalog: catalog, requestID: RequestObserver.requestID(of: context)) {
            case .success(let answer): return Answer.bytes(.ok, answer, headers: Self.revisionHeader(catalog))
            case .failure(.invalid(let error)): return Answer.error(.badRequest, error)
            case .failure(.tooManyItems(let error)): return Answer.error(.contentTooLarge, error)
            }
        }
        router.post("/v1/check/ndjson") { request, context in
            guard let catalog = catalog.current else { return Answer.notReady() }
            var headers = Self.revisionHeader(catalog)
            headers[.contentType] = "application/x-ndjson"
            let requestID = RequestObserver.requestID(of: context)
            let body = ResponseBody { writer in
                let checker = IntegrationChecker(catalog: catalog)
                var stream = NDJSONCheckStream(checker: checker, existing: checker.activeIntegrations([]), today: .todayUTC())
                stream.revision = catalog.revision
                let log = options.decisionLog
                let lines = DecisionLogBox(
                    log.map { _ in DecisionLog.Lines(requestID: requestID, revision: catalog.revision, batchID: requestID) })
                let metrics = self.metrics
                stream.observe = { line, verdict in
                    metrics.verdict(verdict)
                    lines.lines?.add(verdict, item: String(line))
                }
                var output: [UInt8] = []
                output.reserveCapacity(1 << 16)
                for try await buffer in request.body {
                    output.removeAll(keepingCapacity: true)
                    buffer.withUnsafeReadableBytes { raw in
                        raw.withMemoryRebound(to: UInt8.self) { stream.feed($0, into: &output) }
                    }
                    try await Self.send(&output, to: &writer, log: log, lines: lines)
                }
                output.removeAll(keepingCapacity: true)
                stream.finish(into: &output)
                try await Self.send(&output, to: &writer, log: log, lines: lines)
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// Writes a chunk of verdict lines, after logging their decisions: the writer waits while the client is not
    /// reading, so neither the answer nor the log grows past one chunk.
    private static func send(
        _ output: inout [UInt8], to writer: inout any ResponseBodyWriter, log: DecisionLog?, lines: DecisionLogBox
    ) async throws {
        if let log, let pending = lines.lines, !pending.isEmpty {
            log.write(pending)
            lines.lines = DecisionLog.Lines(requestID: pending.requestID, revision: pending.revision, batchID: pending.batchID)
        }
        guard !output.isEmpty else { return }
        try await writer.write(ByteBuffer(bytes: output))
    }

    /// Decides every item of a batch with `catalog` and writes the answer:
    /// `{"catalog_revision", "results": [{"id", "verdict"} | {"id", "error"}]}`, in item order.
    func decideBatch(_ bytes: [UInt8], catalog: Catalog, requestID: String) -> Result<[UInt8], CheckBatch.Refusal> {
        let checker = IntegrationChecker(catalog: catalog)
        let today = CalendarDate.todayUTC()
        let noneActive = checker.activeIntegrations([])
        var lines = options.decisionLog.map { _ in
            DecisionLog.Lines(requestID: requestID, revision: catalog.revision, batchID: RequestID().description)
        }
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(min(bytes.count * 2, CheckBatch.maximumBytes) + 4096)
        writer.beginObject()
        writer.member("catalog_revision", string: catalog.revision)
        writer.key("results")
        writer.beginArray()
        let revision = catalog.revision
        do throws(CheckBatch.Refusal) {
            try bytes.withUnsafeBufferPointer { buffer throws(CheckBatch.Refusal) in
                try CheckBatch.read(json: buffer) { item in
                    writer.beginObject()
                    writer.key("id")
                    writer.optionalString(item.id)
                    switch item.body {
                    case .success(let body):
                        let existing = body.existing.isEmpty ? noneActive : checker.activeIntegrations(body.existing)
                        let verdict = checker.check(body.request, existing: existing, today: body.today ?? today)
                        metrics.verdict(verdict)
                        lines?.add(verdict, item: item.id)
                        writer.key("verdict")
                        verdict.write(to: &writer) { writer in
                            writer.key("catalog_revision")
                            writer.string(revision)
                        }
                    case .failure(let error):
                        writer.key("error")
                        error.writeDetail(to: &writer)
                    }
                    writer.endObject()
                }
            }
        } catch {
            return .failure(error)
        }
        writer.endArray()
        writer.endObject()
        writer.bytes.append(Answer.newline)
        if let lines { options.decisionLog?.write(lines) }
        return .success(writer.bytes)
    }
}

/// The decision-log lines an NDJSON answer gathers between two chunks, shared by the stream's observer and the
/// loop that writes the chunks (one task: never at the same time).
private final class DecisionLogBox: @unchecked Sendable {
    var lines: DecisionLog.Lines?

    init(_ lines: DecisionLog.Lines?) { self.lines = lines }
}
