import ByteIO
public import Logging
public import PartnerRules
import Synchronization

/// `serve --decision-log FILE|-` (SPEC 22): one JSON line per decision, for the team that has to say later why a
/// request was refused.
///
/// `{"time", "request_id", "batch_id"?, "item_id"?, "revision", "partner", "valid", "codes", "because"}`: `batch_id`
/// and `item_id` only for a decision of `POST /v1/check/batch` or `POST /v1/check/ndjson` (the item's id, or the
/// line's number), so a batch reads as its decisions, one a line. `partner` is the partner's id as the catalog
/// names it (`null` when the request named none the catalog knows); `codes` are the verdict's error codes then its
/// warning codes; `because` the partner-file places that decided it. No credential value, request body or header
/// is ever written: only these members.
///
/// Lines go through the project's byte writer; the lines of one request are written together, and flushed before
/// its answer is sent. A log that cannot be written is reported on the server's log once and the service goes on.
public final class DecisionLog: Sendable {
    private let writer: Mutex<ByteWriter>
    private let failed = Atomic<Bool>(false)
    private let logger: Logger

    /// A log appended to `path` (made when missing), or written to standard output for `-`.
    public init(path: String, logger: Logger) throws(DecisionLogError) {
        let writer: ByteWriter
        if path == "-" {
            writer = ByteWriter(descriptor: 1, capacity: 1 << 16)
        } else {
            do throws(IOFailure) {
                writer = try ByteWriter(appendingTo: path)
            } catch {
                throw DecisionLogError(path: path, reason: error.reason)
            }
        }
        self.writer = Mutex(writer)
        self.logger = logger
    }

    /// The lines of one request's decisions, gathered before they are written in one step.
    public struct Lines: Sendable {
        fileprivate var json = JSONWriter()
        let requestID: String
        let revision: String
        let batchID: String?
        let time: String

        /// Lines for the request `requestID`, decided with the catalog of `revision`; `batchID` for a batch.
        public init(requestID: String, revision: String, batchID: String? = nil) {
            self.requestID = requestID
            self.revision = revision
            self.batchID = batchID
            self.time = JSONLogHandler.timestamp()
        }

        /// Whether no decision has been added.
        public var isEmpty: Bool { json.bytes.isEmpty }

        /// Adds the line of `verdict`; `item` is the batch item's id (or the NDJSON line's number).
        public mutating func add(_ verdict: Verdict, item: String? = nil) {
            json.object { line in
                line.member("time", string: time)
                line.member("request_id", string: requestID)
                if let batchID { line.member("batch_id", string: batchID) }
                if let item { line.member("item_id", string: item) }
                line.member("revision", string: revision)
                line.key("partner")
                line.optionalString(verdict.partner)
                line.member("valid", bool: verdict.valid)
                line.key("codes")
                line.stringArray((verdict.errors + verdict.warnings).map(\.code.rawValue))
                line.key("because")
                var places = verdict.planBecause
                for issue in verdict.errors + verdict.warnings {
                    for place in issue.because where !places.contains(place) { places.append(place) }
                }
                SourcePlace.write(places, to: &line)
            }
            json.bytes.append(UInt8(ascii: "\n"))
        }
    }

    /// Writes `lines` and flushes them.
    public func write(_ lines: Lines) {
        guard !lines.isEmpty else { return }
        let outcome: Result<Void, IOFailure> = writer.withLock { writer in
            do throws(IOFailure) {
                try writer.append(lines.json.bytes)
                try writer.flush()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        if case .failure(let failure) = outcome, !failed.exchange(true, ordering: .relaxed) {
            logger.error("the decision log cannot be written; decisions go unlogged", metadata: ["reason": "\(failure.reason)"])
        }
    }
}

/// Why the decision log cannot be opened.
public struct DecisionLogError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "--decision-log \(path): \(reason)" }
}
