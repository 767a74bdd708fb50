public import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle

/// A Hummingbird application running on 127.0.0.1 inside the current process, for as long as its owner keeps it.
public final class LoopbackServer: Sendable {
    /// The port it listens on (the kernel's choice when started with port 0).
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.group = group
        self.task = task
    }

    /// `http://127.0.0.1:{port}`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `router` on `127.0.0.1:port` (0 for any free port) and returns once it accepts connections.
    public static func start(
        router: Router<BasicRequestContext>, port: Int = 0, logLevel: Logger.Level = .warning
    ) async throws(ServerError) -> LoopbackServer {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "partner-rules")
        logger.logLevel = logLevel
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
            },
            logger: logger)
        let group = ServiceGroup(
            services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        for await bound in ports where bound > 0 {
            return LoopbackServer(port: bound, group: group, task: task)
        }
        let reason: String
        switch await task.result {
        case .failure(let error): reason = "\(error)"
        case .success: reason = "the server stopped at once"
        }
        throw .cannotListen(port: port, reason: reason)
    }

    /// Shuts the server down gracefully (open requests finish, idle connections close) and waits until it has;
    /// after 5 seconds it is cancelled.
    public func stop() async {
        await group.triggerGracefulShutdown()
        let task = self.task
        let watchdog = Task {
            try await Task.sleep(for: .seconds(5))
            task.cancel()
        }
        _ = await task.result
        watchdog.cancel()
    }

    /// Waits until the server stops (for a server that is the whole process: until it is killed).
    public func wait() async {
        _ = await task.result
    }
}

/// Why a server could not be started.
public enum ServerError: Error, Sendable, CustomStringConvertible {
    case cannotListen(port: Int, reason: String)

    public var description: String {
        switch self {
        case .cannotListen(let port, let reason):
            return "cannot listen on 127.0.0.1:\(port): \(reason)"
        }
    }
}
