import Foundation
import PartnerRulesTestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The built `partner-rules-serve` running as a process of its own, for what only a whole process shows: signals,
/// `--watch`, logs, the exit status, connections at the socket level.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let output = Collected()
    private let errors = Collected()

    /// Bytes a pipe's reader appends while the tests read them.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()

        func append(_ more: Data) { lock.withLock { data.append(more) } }
        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts the server with `arguments` (besides `--port 0`) and `environment` added to this process's, and waits
    /// for the line that names its address (suspending between looks, so the test's other tasks run meanwhile).
    init(_ arguments: [String], environment: [String: String] = [:]) async throws {
        process.executableURL = try BuiltProducts.executable("partner-rules-serve")
        process.arguments = arguments + ["--port", "0"]
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let output = self.output
        let errors = self.errors
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            output.append(data)
        }
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            errors.append(data)
        }
        try process.run()
        var found: Int?
        for _ in 0..<(600 * Patience.scale) {
            let text = output.text
            if let range = text.range(of: "http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let number = Int(digits), text[range.upperBound...].dropFirst(digits.count).first == "\n" {
                    found = number
                    break
                }
            }
            if !process.isRunning { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            throw ProcessRunner.Failure("partner-rules-serve did not start: \(errors.text)")
        }
        port = found
    }

    /// Starts a server that is expected to stop at once; its exit status and standard error.
    static func runToExit(_ arguments: [String]) async throws -> ProcessResult {
        try await ProcessRunner.run(BuiltProducts.executable("partner-rules-serve"), arguments + ["--port", "0"], timeout: .seconds(60))
    }

    /// A test that throws before it stops the server leaves no process behind.
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var stdoutText: String { output.text }
    var stderrText: String { errors.text }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Sends SIGTERM and waits (at most 30 s) for the exit status.
    func stop() async -> Int32 {
        if process.isRunning { signal(SIGTERM) }
        for _ in 0..<600 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            process.interrupt()
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Waits until `condition` holds, trying every 50 ms for at most `seconds`.
    static func eventually(_ seconds: Double = 20, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}

/// A plain TCP connection to loopback, for requests no HTTP client sends: malformed ones, idle ones, bodies that
/// are announced and never sent.
final class RawConnection {
    let descriptor: Int32

    init(port: Int) throws {
        #if canImport(Glibc)
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw ProcessRunner.Failure("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw ProcessRunner.Failure("connect: \(String(cString: strerror(errno)))")
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
    }

    /// What arrives until the peer closes, `limit` bytes are read, or 10 s pass without a byte.
    func receive(limit: Int = 1 << 16, until marker: String? = nil) -> String {
        var data = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while data.count < limit {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count <= 0 { break }
            data += chunk[..<count]
            if let marker, String(decoding: data, as: UTF8.self).contains(marker) { break }
        }
        return String(decoding: data, as: UTF8.self)
    }
}
