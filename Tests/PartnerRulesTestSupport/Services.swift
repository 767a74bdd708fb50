import Foundation
public import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real program or server that some tests talk to. `tools/test` provides them all (it installs the
/// programs and starts the servers with `tools/services/*`); plain `swift test` may have none.
///
/// This is the one place that decides whether a service is there. Tests say what they need with
/// ``ServiceTrait`` (`@Test(.requires(.postgres))`).
public enum Service: String, CaseIterable, Sendable, CustomStringConvertible {
    /// A PostgreSQL server (`tools/services/postgres`), reached with `psql` at `PARTNER_RULES_PG_URL`.
    case postgres
    /// moto's S3 server (`tools/services/moto`) at `PARTNER_RULES_S3_ENDPOINT`, with AWS credentials.
    case s3
    /// The `sqlite3` command-line shell.
    case sqlite
    /// DuckDB's Python module.
    case duckdb
    /// PySpark with a Java runtime, for Spark in local mode.
    case spark
    /// The `check-jsonschema` command (tools/requirements-test.txt), for the schema/lint agreement test.
    case checkJSONSchema
    /// The `openssl` command, which makes the Ed25519 keys that bundles are signed with.
    case openssl
    /// The `openapi-spec-validator` command and Python's yaml and jsonschema modules (tools/requirements-test.txt),
    /// for `schemas/openapi.yaml` and the answers checked against it.
    case openAPISpecValidator
    /// The `schemathesis` command (tools/requirements-test.txt), run against `serve` over loopback.
    case schemathesis
    /// Headless Chromium and chromedriver from Debian (`/usr/bin/chromium`, `/usr/bin/chromedriver`) with
    /// Selenium's Python module, for the playground's browser tests.
    case browser
    /// Node.js from Debian (`nodejs`), a real ECMA-262 engine: the oracle of the pattern dialect.
    case node
    /// pytest-lsp (tools/requirements-test.txt), the LSP client of the language server's end-to-end tests (Tests/LSP).
    case pytestLSP

    /// Set to `1` by `tools/test`: a test whose service is missing fails instead of being skipped.
    public static let requireVariable = "PARTNER_RULES_REQUIRE_SERVICES"

    /// True when a missing service is a failure rather than a skip.
    public static var areRequired: Bool { ProcessInfo.processInfo.environment[requireVariable] == "1" }

    public var description: String {
        switch self {
        case .postgres: "PostgreSQL"
        case .s3: "moto's S3 server"
        case .sqlite: "sqlite3"
        case .duckdb: "DuckDB"
        case .spark: "Spark"
        case .checkJSONSchema: "check-jsonschema"
        case .openssl: "openssl"
        case .openAPISpecValidator: "openapi-spec-validator"
        case .schemathesis: "schemathesis"
        case .browser: "Chromium with Selenium"
        case .node: "Node.js"
        case .pytestLSP: "pytest-lsp"
        }
    }

    /// Why the service cannot be used here, or nil when it can. Probed once per test run.
    public var missingReason: String? {
        switch self {
        case .postgres: Probe.postgres
        case .s3: Probe.s3
        case .sqlite: Probe.sqlite
        case .duckdb: Probe.duckdb
        case .spark: Probe.spark
        case .checkJSONSchema: Probe.checkJSONSchema
        case .openssl: Probe.openssl
        case .openAPISpecValidator: Probe.openAPISpecValidator
        case .schemathesis: Probe.schemathesis
        case .browser: Probe.browser
        case .node: Probe.node
        case .pytestLSP: Probe.pytestLSP
        }
    }

    public var isAvailable: Bool { missingReason == nil }
}

/// One probe per service, each run at most once (a `static let` is initialized once, on first use).
private enum Probe {
    static let environment = ProcessInfo.processInfo.environment

    static let postgres: String? = {
        guard let url = environment["PARTNER_RULES_PG_URL"], !url.isEmpty else {
            return "PostgreSQL is not running: PARTNER_RULES_PG_URL is not set (tools/test starts one; "
                + "or eval \"$(tools/services/postgres start DIR)\" before swift test)"
        }
        guard ProcessRunner.executable(named: "psql") != nil else { return "PostgreSQL: psql is not on PATH" }
        let answer = try? ProcessRunner.runBlocking(program: "psql", ["-X", "-q", "-At", url, "-c", "SELECT 1"], timeout: .seconds(15))
        guard let answer, answer.status == 0 else {
            return "PostgreSQL at \(url) does not answer: \(answer.map { String($0.stderrText.prefix(300)) } ?? "psql did not start")"
        }
        return nil
    }()

    static let s3: String? = {
        guard let endpoint = environment["PARTNER_RULES_S3_ENDPOINT"], !endpoint.isEmpty else {
            return "moto's S3 server is not running: PARTNER_RULES_S3_ENDPOINT is not set (tools/test starts it; "
                + "or eval \"$(tools/services/moto start DIR)\" before swift test)"
        }
        guard environment["AWS_ACCESS_KEY_ID"] != nil, environment["AWS_SECRET_ACCESS_KEY"] != nil else {
            return "moto's S3 server: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"
        }
        guard let url = URL(string: endpoint), let host = url.host else { return "moto's S3 server: '\(endpoint)' is not a URL" }
        let port = url.port ?? (url.scheme == "https" ? 443 : 80)
        guard acceptsConnections(host: host, port: port) else { return "moto's S3 server does not answer at \(endpoint)" }
        return nil
    }()

    static let sqlite: String? =
        ProcessRunner.executable(named: "sqlite3") == nil ? "sqlite3 is not on PATH (apt-get install sqlite3)" : nil

    static let openssl: String? =
        ProcessRunner.executable(named: "openssl") == nil ? "openssl is not on PATH (apt-get install openssl)" : nil

    static let duckdb: String? = pythonModule("duckdb", for: "DuckDB")

    static let node: String? =
        ProcessRunner.executable(named: "node") == nil ? "node is not on PATH (apt-get install nodejs)" : nil

    static let checkJSONSchema: String? =
        ProcessRunner.executable(named: "check-jsonschema") == nil
        ? "check-jsonschema is not on PATH (pip install -r tools/requirements-test.txt)" : nil

    static let openAPISpecValidator: String? =
        ProcessRunner.executable(named: "openapi-spec-validator") == nil
        ? "openapi-spec-validator is not on PATH (pip install -r tools/requirements-test.txt)"
        : pythonModule("yaml", for: "openapi-spec-validator") ?? pythonModule("jsonschema", for: "openapi-spec-validator")

    static let schemathesis: String? =
        ProcessRunner.executable(named: "schemathesis") == nil ? "schemathesis is not on PATH (pip install -r tools/requirements-test.txt)" : nil
    static let browser: String? = {
        for program in ["/usr/bin/chromium", "/usr/bin/chromedriver"] where !FileManager.default.isExecutableFile(atPath: program) {
            return "\(program) is missing (apt-get install chromium chromium-driver)"
        }
        return pythonModule("selenium", for: "the browser tests")
    }()

    static let pytestLSP: String? = pythonModule("pytest_lsp", for: "the language server's editor tests")

    static let spark: String? = {
        if let missing = pythonModule("pyspark", for: "Spark") { return missing }
        let java = try? ProcessRunner.runBlocking(program: "java", ["-version"], timeout: .seconds(30))
        guard let java, java.status == 0 else { return "Spark: no Java runtime (java -version fails; apt-get install openjdk-17-jre-headless)" }
        return nil
    }()

    static func pythonModule(_ module: String, for service: String) -> String? {
        guard ProcessRunner.executable(named: "python3") != nil else { return "\(service): python3 is not on PATH" }
        let result = try? ProcessRunner.runBlocking(program: "python3", ["-c", "import \(module)"], timeout: .seconds(60))
        guard let result, result.status == 0 else {
            return "\(service): the Python module \(module) is not installed (pip install -r tools/requirements-test.txt)"
        }
        return nil
    }

    /// Whether a TCP connection to `host:port` opens within a few seconds.
    static func acceptsConnections(host: String, port: Int) -> Bool {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let list else { return false }
        defer { freeaddrinfo(list) }
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let current = entry {
            let descriptor = socket(current.pointee.ai_family, current.pointee.ai_socktype, current.pointee.ai_protocol)
            if descriptor >= 0 {
                var timeout = timeval(tv_sec: 3, tv_usec: 0)
                setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                let connected = connect(descriptor, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0
                close(descriptor)
                if connected { return true }
            }
            entry = current.pointee.ai_next
        }
        return false
    }
}

/// The services a test or suite needs. Where one is missing the test is skipped with the reason, or, under
/// `PARTNER_RULES_REQUIRE_SERVICES=1` (set by `tools/test`), fails with it.
public struct ServiceTrait: TestTrait, SuiteTrait {
    public let services: [Service]

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    public func prepare(for test: Test) async throws {
        let reasons = services.compactMap(\.missingReason)
        guard !reasons.isEmpty else { return }
        let text = reasons.joined(separator: "; ")
        if Service.areRequired {
            throw Missing(description: "\(text) [\(Service.requireVariable)=1: a missing service is a failure]")
        }
        // A disabled condition skips the test the standard way, with the reason as its comment.
        try await ConditionTrait.disabled(Comment(rawValue: text)).prepare(for: test)
    }
}

extension Trait where Self == ServiceTrait {
    /// The test needs `services`: skipped without them, failed without them under `tools/test`.
    public static func requires(_ services: Service...) -> Self { ServiceTrait(services: services) }
}
