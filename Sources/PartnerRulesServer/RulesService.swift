#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
public import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// `partner-rules serve` as a whole process: the HTTP server, SIGHUP reloads, the `--watch` poller, and a graceful
/// stop on SIGTERM or SIGINT (stop accepting, let the requests in flight finish, return), through
/// swift-service-lifecycle.
public enum RulesService {
    /// Serves `server` on `host:port` until SIGTERM or SIGINT; `watched` are the paths `--watch` looks at (none: no
    /// watching). `listening` is called with the address once connections are accepted.
    public static func run(
        _ server: RulesServer, host: String, port: Int, watched: [String], idleTimeout: Duration = .seconds(75),
        listening: @escaping @Sendable (String) -> Void
    ) async throws {
        // A client that goes away while /v1/classify streams must not kill the process through a pipe.
        signal(SIGPIPE, SIG_IGN)
        raiseOpenFileLimit()
        let app = Application(
            router: server.router(),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(idleTimeout.components.seconds) * 1_000_000_000))),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                listening(host.contains(":") ? "http://[\(host)]:\(bound)" : "http://\(host):\(bound)")
            },
            logger: server.logger)
        var services: [any Service] = [app, HangupReloader(server: server)]
        if !watched.isEmpty { services.append(CatalogWatcher(paths: watched, interval: .seconds(1), server: server)) }
        let group = ServiceGroup(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: server.logger)
        try await group.run()
    }

    /// Raises the soft limit of open files to the hard limit, so thousands of idle connections do not starve
    /// new ones of descriptors.
    static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(RLIMIT_NOFILE_VALUE, &limit)
    }

    #if canImport(Glibc)
        private static let RLIMIT_NOFILE_VALUE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let RLIMIT_NOFILE_VALUE = RLIMIT_NOFILE
    #endif
}
