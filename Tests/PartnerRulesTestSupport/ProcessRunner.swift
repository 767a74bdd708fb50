public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a finished process left behind.
public struct ProcessResult: Sendable {
    /// The exit status (or the signal number when it was killed).
    public var status: Int32
    public var stdout: Data
    public var stderr: Data
    /// True when the process outlived its time limit and was terminated.
    public var timedOut: Bool

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Where a process writes its standard output.
public enum ProcessOutput: Sendable {
    /// Collected into ``ProcessResult/stdout``.
    case capture
    /// Written to this file (created or truncated), for outputs too large to hold.
    case file(URL)
}

/// Runs programs for the tests. Waits on events (the termination handler, the pipes' end of file), never on
/// a polling sleep.
///
/// A test awaits ``run(_:_:input:environment:currentDirectory:stdout:timeout:)``: the wait happens on a thread of
/// its own, never on one of the few threads Swift's concurrency runs tasks on. Tests run side by side in one
/// process, and on a 2-core machine two programs waited for there (Spark, schemathesis) would hold every such
/// thread for a minute: each other test's awaits, its request bodies and its timeouts would stall behind them.
public enum ProcessRunner {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Runs `executable` with `arguments`, feeding `input` on standard input (end of file at once when nil).
    ///
    /// Both output pipes are read while the process runs, so neither fills up. With a `timeout`, a process
    /// that outlives it (``Patience`` times over) is terminated and the result says `timedOut`.
    public static func run(
        _ executable: URL, _ arguments: [String], input: Data? = nil, environment: [String: String]? = nil,
        currentDirectory: URL? = nil, stdout output: ProcessOutput = .capture, timeout: Duration? = nil
    ) async throws -> ProcessResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result {
                        try runBlocking(
                            executable, arguments, input: input, environment: environment, currentDirectory: currentDirectory,
                            stdout: output, timeout: timeout)
                    })
            }.start()
        }
    }

    /// ``run(_:_:input:environment:currentDirectory:stdout:timeout:)`` for code that cannot await (a probe in a
    /// `static let`): it blocks the calling thread until the process ends, so keep it to short programs.
    public static func runBlocking(
        _ executable: URL, _ arguments: [String], input: Data? = nil, environment: [String: String]? = nil,
        currentDirectory: URL? = nil, stdout output: ProcessOutput = .capture, timeout: Duration? = nil
    ) throws -> ProcessResult {
        _ = ignoreBrokenPipes
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }

        let collected = Collected()
        let readers = DispatchGroup()
        let errPipe = Pipe()
        process.standardError = errPipe
        var outPipe: Pipe?
        switch output {
        case .capture:
            let pipe = Pipe()
            outPipe = pipe
            process.standardOutput = pipe
        case .file(let url):
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: url)
        }
        let inPipe = input.map { _ in Pipe() }
        process.standardInput = inPipe ?? FileHandle.nullDevice

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw Failure("cannot start \(executable.path): \(error)")
        }
        if let input, let inPipe {
            DispatchQueue.global().async {
                // A process that exits without reading its input makes this write fail (EPIPE); that is fine.
                try? inPipe.fileHandleForWriting.write(contentsOf: input)
                try? inPipe.fileHandleForWriting.close()
            }
        }
        if let outPipe {
            DispatchQueue.global().async(group: readers) {
                collected.set(stdout: outPipe.fileHandleForReading.readDataToEndOfFile())
            }
        }
        DispatchQueue.global().async(group: readers) {
            collected.set(stderr: errPipe.fileHandleForReading.readDataToEndOfFile())
        }

        var timedOut = false
        if let timeout = timeout.map(Patience.scaled) {
            if exited.wait(timeout: .now() + .nanoseconds(Int(timeout / .nanoseconds(1)))) == .timedOut {
                timedOut = true
                process.terminate()
                exited.wait()
            }
        } else {
            exited.wait()
        }
        // A child the process left running may hold the pipes open; do not wait for it forever.
        _ = readers.wait(timeout: .now() + .seconds(timedOut ? 5 : 60))
        if case .file = output { try? (process.standardOutput as? FileHandle)?.close() }
        let (stdout, stderr) = collected.values
        return ProcessResult(status: process.terminationStatus, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }

    /// Runs a program found on `PATH` (see ``executable(named:)``).
    public static func run(
        program name: String, _ arguments: [String], input: Data? = nil, environment: [String: String]? = nil,
        currentDirectory: URL? = nil, stdout output: ProcessOutput = .capture, timeout: Duration? = nil
    ) async throws -> ProcessResult {
        try await run(
            try onPath(name), arguments, input: input, environment: environment, currentDirectory: currentDirectory, stdout: output,
            timeout: timeout)
    }

    /// ``run(program:_:input:environment:currentDirectory:stdout:timeout:)`` blocking its thread, as
    /// ``runBlocking(_:_:input:environment:currentDirectory:stdout:timeout:)`` does.
    public static func runBlocking(program name: String, _ arguments: [String], timeout: Duration? = nil) throws -> ProcessResult {
        try runBlocking(try onPath(name), arguments, timeout: timeout)
    }

    private static func onPath(_ name: String) throws -> URL {
        guard let executable = executable(named: name) else { throw Failure("\(name) is not on PATH") }
        return executable
    }

    /// The first executable file called `name` in the folders of `PATH`.
    public static func executable(named name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Writing to a pipe whose reader has gone must fail with EPIPE, not kill the test process.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Output read on other threads; read after the readers are waited for.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var out = Data()
        private var err = Data()

        func set(stdout data: Data) { lock.withLock { out = data } }
        func set(stderr data: Data) { lock.withLock { err = data } }
        var values: (Data, Data) { lock.withLock { (out, err) } }
    }
}
