#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
package import PartnerRules
import Synchronization

/// A progress line on standard error for long runs (classify, hashing a segment file, uploads), on a terminal only.
///
/// It is drawn only when standard error is a terminal, `CI` is not set and `TERM` is not `dumb`: never in a pipe, a
/// file or a CI log. It appears once a run has taken a second, so short runs print nothing, and is redrawn four times
/// a second by a thread of its own that reads the run's ``ProgressCounter``; the run itself only adds to the counter
/// once per block it reads. ``finish()`` erases it, so what stays on the screen is what the command printed.
package final class ProgressLine: Sendable {
    /// What the run adds to.
    package let counter = ProgressCounter()
    private let label: String
    private let started = ContinuousClock.now
    private let state = Mutex(State())

    private struct State {
        var drawn = false
        var finished = false
    }

    /// How long a run goes before the line appears, and how often it is redrawn.
    static let delay: Duration = .seconds(1)
    static let interval: Duration = .milliseconds(250)

    private init(label: String) {
        self.label = label
    }

    /// Whether a progress line may be drawn: standard error is a terminal, `CI` is unset or empty, `TERM` is not
    /// `dumb`, and the command's output does not go to the same terminal (when `writesToStandardOutput`).
    package static func isWanted(
        writesToStandardOutput: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        isTerminal: (Int32) -> Bool = { isatty($0) == 1 }
    ) -> Bool {
        guard isTerminal(STDERR_FILENO) else { return false }
        if let ci = environment["CI"], !ci.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        if writesToStandardOutput && isTerminal(STDOUT_FILENO) { return false }
        return true
    }

    /// A progress line labelled `label` (the command's name) when ``isWanted(writesToStandardOutput:environment:isTerminal:)``
    /// says so, drawing until ``finish()``; otherwise `nil`, and nothing counts.
    package static func start(_ label: String, writesToStandardOutput: Bool) -> ProgressLine? {
        guard isWanted(writesToStandardOutput: writesToStandardOutput) else { return nil }
        let line = ProgressLine(label: label)
        Thread.detachNewThread { line.redrawUntilFinished() }
        return line
    }

    /// Runs `body` with a progress line's counter (or `nil` when no line is wanted), and erases the line before
    /// returning or throwing, so a message printed after it starts on a clean line.
    package static func during<Result, Failure: Error>(
        _ label: String, writesToStandardOutput: Bool, _ body: (ProgressCounter?) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let line = start(label, writesToStandardOutput: writesToStandardOutput)
        defer { line?.finish() }
        return try body(line?.counter)
    }

    /// ``during(_:writesToStandardOutput:_:)`` for an `async` body.
    package static func during<Result, Failure: Error>(
        _ label: String, writesToStandardOutput: Bool, _ body: (ProgressCounter?) async throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        let line = start(label, writesToStandardOutput: writesToStandardOutput)
        defer { line?.finish() }
        return try await body(line?.counter)
    }

    /// Erases the line, if it was drawn, and stops drawing it.
    package func finish() {
        state.withLock { state in
            if state.drawn { Self.write("\r\u{1B}[K") }
            state.finished = true
        }
    }

    private func redrawUntilFinished() {
        var next = started + Self.delay
        while true {
            let now = ContinuousClock.now
            if next > now { Thread.sleep(forTimeInterval: Self.seconds(next - now)) }
            next = ContinuousClock.now + Self.interval
            let text = Self.render(
                label: label, done: counter.bytesDone, expected: counter.bytesExpected,
                seconds: Self.seconds(ContinuousClock.now - started))
            let finished = state.withLock { state in
                guard !state.finished else { return true }
                Self.write("\r" + text + "\u{1B}[K")
                state.drawn = true
                return false
            }
            if finished { return }
        }
    }

    /// The line's text: `classify: 412 MiB of 1.9 GiB (21 %), 180 MiB/s`, or without the total when it is unknown.
    package static func render(label: String, done: Int, expected: Int?, seconds: Double) -> String {
        var text = "\(label): \(bytes(done))"
        if let expected, expected > 0 {
            let percent = min(100, done * 100 / expected)
            text += " of \(bytes(expected)) (\(percent) %)"
        }
        if seconds > 0 {
            text += ", \(bytes(Int(Double(done) / seconds)))/s"
        }
        return text
    }

    /// Bytes in binary units with at most one decimal: `512 B`, `3.4 KiB`, `412 MiB`, `1.9 GiB`.
    package static func bytes(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(max(0, count))
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 || value >= 100 { return "\(Int(value.rounded())) \(units[unit])" }
        return "\((value * 10).rounded() / 10) \(units[unit])"
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
