import Foundation
import LanguageServerProtocol

/// Runs a ``PartnerLanguageServer`` over a byte stream: a reader thread frames what arrives into a queue, and one
/// loop answers messages in order and lints once changes have rested for the debounce.
///
/// Every message waiting is handled before a lint, so when edits come faster than linting only the last version
/// of each buffer is linted and answered.
package enum ServerLoop {
    /// Serves standard input and output until the client sends `exit` or closes the input; the exit status.
    package static func run(partners: String?, debounce: Duration, input: Int32 = 0, output: Int32 = 1) -> Int32 {
        let writer = MessageWriter(fileDescriptor: output)
        let server = PartnerLanguageServer(writer: writer, partners: partners)
        let inbox = Inbox()
        let reader = Thread {
            var framer = MessageFramer()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                framer.append(buffer[..<count])
                while let frame = framer.next() {
                    switch frame {
                    case .body(let body): inbox.push(IncomingMessage.parse(body))
                    case .badHeader(let reason):
                        inbox.push(.invalid(id: nil, error: ResponseError(code: ErrorCodes.parseError, message: reason)))
                    }
                }
            }
            inbox.close()
        }
        reader.stackSize = 1 << 20
        reader.start()
        var changedAt: ContinuousClock.Instant?
        while true {
            let deadline = changedAt.map { $0 + debounce }
            guard let batch = inbox.take(until: deadline) else { return 0 }
            for message in batch {
                server.handle(message)
                if case .notification(let method, _) = message, method.hasPrefix("textDocument/did") { changedAt = .now }
                if let status = server.exitStatus { return status }
            }
            guard server.isDirty else {
                changedAt = nil
                continue
            }
            let since = changedAt ?? .now
            if ContinuousClock.now >= since + debounce {
                server.lintIfDirty()
                changedAt = nil
            } else {
                changedAt = since
            }
        }
    }
}
/// The messages read and not yet handled.
final class Inbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var messages: [IncomingMessage] = []
    private var closed = false

    func push(_ message: IncomingMessage) {
        condition.lock()
        messages.append(message)
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }

    /// Every message waiting, waiting for one until `deadline` (an empty list then); `nil` once the input closed and
    /// nothing is left.
    func take(until deadline: ContinuousClock.Instant?) -> [IncomingMessage]? {
        condition.lock()
        defer { condition.unlock() }
        while messages.isEmpty, !closed {
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else { return [] }
                let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
                _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
            } else {
                condition.wait()
            }
        }
        if messages.isEmpty { return nil }
        defer { messages.removeAll() }
        return messages
    }
}
