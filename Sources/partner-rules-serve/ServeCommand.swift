import ArgumentParser
import ByteIO
import Foundation
import Logging
import PartnerRules
import PartnerRulesCommandLine
import PartnerRulesServer
import PartnerRulesSigning

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: SeparateCommand.serve.commandName,
        abstract: SeparateCommand.serve.abstract,
        discussion: """
            Routes (schemas/openapi.yaml describes each; GET /openapi.yaml serves it): GET /healthz, GET /readyz \
            (200 with the active revision, 503 before one), GET /metrics (Prometheus), POST /v1/check (the verdict \
            and its catalog_revision), POST /v1/check/batch (up to 10,000 items, 16 MiB), POST /v1/check/ndjson \
            (one request a line in, one verdict a line out, streamed), GET /v1/partners, GET /v1/partners/{id} (the credential form), \
            GET /v1/partners/{id}/source, POST /v1/lint, POST /v1/preview, POST /v1/classify (CSV in and out, up to \
            1 GiB), GET /v1/availability?created=TIMESTAMP, POST /v1/reload, GET / (the staff playground).
            JSON bodies over 1 MiB get 413. Reloads (SIGHUP, POST /v1/reload, --watch) keep the last good catalog \
            when the new files have errors. SIGTERM or SIGINT stops accepting, lets the requests in flight finish \
            and exits 0. Logs are JSON lines on standard error, one per answer with its X-Request-Id; they never \
            hold a request body, a credential or a header's value.
            Exit status: 0 stopped by a signal; 2 bad usage, a catalog with errors at start (without --watch), or \
            an address that cannot be listened on. See docs/serve.md.
            """,
        version: Version.current
    )

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(
        help: ArgumentHelp(
            "Serve the catalog bundle FILE (written by 'partner-rules bundle') instead of a partners folder; reloads read it again.",
            valueName: "file"))
    var bundle: String?

    @Option(
        help: ArgumentHelp(
            "Take only a bundle signed with the private key of this Ed25519 public key (PEM as 'openssl pkey -pubout' writes it, or 32 raw bytes).",
            valueName: "file"))
    var verifyKey: String?

    @Option(help: ArgumentHelp("The address to listen on (0.0.0.0 or :: for every interface).", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: "The port (0: any free port).")
    var port = 8080

    /// Refused: anyone who lists processes would read the token. Kept so the refusal can say what to do instead.
    @Option(help: ArgumentHelp("Refused: use --reload-token-file FILE or PARTNER_RULES_RELOAD_TOKEN.", valueName: "token", visibility: .hidden))
    var reloadToken: String?

    @Option(
        help: ArgumentHelp(
            "POST /v1/reload needs 'Authorization: Bearer TOKEN', TOKEN being the first line of FILE (at most 4 KiB). The environment variable PARTNER_RULES_RELOAD_TOKEN gives it too.",
            valueName: "file"))
    var reloadTokenFile: String?

    @Flag(help: "Serve a signed --bundle without checking its signature (without --verify-key a signed bundle is refused).")
    var allowUnverified = false

    @Option(
        help: ArgumentHelp(
            "Write one JSON line per decision to FILE (appended to), or to standard output for '-': time, request id, batch and item ids, revision, partner, valid, codes and because; never a credential.",
            valueName: "file"))
    var decisionLog: String?

    @Flag(help: "Reload when the partner files change (looked at once a second); start even when they have errors, answering /readyz 503 until they are fixed.")
    var watch = false

    @Option(help: ArgumentHelp("The least important log lines written: trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level takes trace, debug, info, notice, warning, error or critical, not '\(logLevel)'")
        }
        if reloadToken != nil {
            throw ValidationError(
                "--reload-token puts the token where anyone who lists processes can read it; write it on the first line of a file only the server's user can read and give --reload-token-file FILE, or set PARTNER_RULES_RELOAD_TOKEN")
        }
        // `--partners` has a default, so whether it was typed is read from the arguments.
        let partnersGiven = CommandLine.arguments.contains { $0 == "--partners" || $0.hasPrefix("--partners=") }
        if bundle != nil, partnersGiven {
            throw ValidationError("--partners and --bundle name two catalogs; give one: --partners DIR for the YAML files, or --bundle FILE for a bundle of them")
        }
        if verifyKey != nil, bundle == nil { throw ValidationError("--verify-key checks a bundle's signature; give the bundle with --bundle FILE") }
        if allowUnverified, bundle == nil { throw ValidationError("--allow-unverified is about a bundle's signature; give the bundle with --bundle FILE") }
        if allowUnverified, verifyKey != nil {
            throw ValidationError("--verify-key checks the bundle's signature and --allow-unverified skips the check; give one of them")
        }
    }

    /// Where the catalog comes from: how to load it, and what `--watch` looks at. A bundle is read again on each
    /// reload and, with `--verify-key`, taken only when signed with that key; a refused one keeps the last good
    /// catalog as a folder with errors does. Exits 2 when the verify key cannot be read.
    func catalogSource() throws -> (load: ServedCatalog.Loader, watched: [String]) {
        guard let bundle else {
            let directory = catalogOptions.partners
            return ({ () throws(CatalogError) in try CatalogLoader.load(directory: directory) }, [directory])
        }
        var verifier: Ed25519BundleVerifier?
        if let verifyKey {
            do {
                verifier = try Ed25519BundleVerifier(keyFile: verifyKey)
            } catch {
                printError("partner-rules: --verify-key \(error)")
                throw ExitCode(2)
            }
        }
        let key = verifier
        let refusingUnverified = !allowUnverified
        return (
            { () throws(CatalogError) in
                try CatalogLoader.load(bundle: bundle, verifier: key, refusingUnverified: refusingUnverified)
            }, [bundle]
        )
    }

    /// The token `POST /v1/reload` needs: the first line of `--reload-token-file`, or `PARTNER_RULES_RELOAD_TOKEN`;
    /// none when neither is given. Exits 2, naming the file and never the token, when the file cannot be read or
    /// holds no token.
    func resolvedReloadToken() throws -> String? {
        guard let reloadTokenFile else {
            let fromEnvironment = ProcessInfo.processInfo.environment["PARTNER_RULES_RELOAD_TOKEN"]
            return fromEnvironment?.isEmpty == false ? fromEnvironment : nil
        }
        let bytes: [UInt8]
        do {
            bytes = try ByteReader(path: reloadTokenFile).readAll(limit: 4096)
        } catch {
            printError("partner-rules: --reload-token-file \(reloadTokenFile): \(error.reason)")
            throw ExitCode(2)
        }
        let firstLine = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).first ?? []
        let token = String(decoding: firstLine, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            printError("partner-rules: --reload-token-file \(reloadTokenFile) holds no token on its first line; write the token there")
            throw ExitCode(2)
        }
        return token
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let source = try catalogSource()
        let catalog = ServedCatalog(loader: source.load)
        if let failure = catalog.initialError {
            printError("partner-rules: cannot serve: \(failure)")
            guard watch else { throw ExitCode(2) }
            printError("partner-rules: --watch: serving with no catalog (GET /readyz answers 503) until the files are fixed")
        }
        let logger = Logger(label: "partner-rules")
        var decisions: DecisionLog?
        if let decisionLog {
            do throws(DecisionLogError) {
                decisions = try DecisionLog(path: decisionLog, logger: logger)
            } catch {
                printError("partner-rules: \(error)")
                throw ExitCode(2)
            }
        }
        let server = RulesServer(
            catalog: catalog, options: .init(reloadToken: try resolvedReloadToken(), decisionLog: decisions), logger: logger)
        do {
            try await RulesService.run(server, host: host, port: port, watched: watch ? source.watched : []) { address in
                let partners = catalog.current.map { "\($0.partners.count) partners" } ?? "no catalog yet"
                writeOut("partner-rules serving \(partners) on \(address)\n")
            }
        } catch {
            printError("partner-rules: cannot listen on \(host):\(port): \(error)")
            throw ExitCode(2)
        }
    }
}

/// `partner-rules-serve`, run directly or as `partner-rules serve`.
@main
enum Main {
    static func main() async {
        await EntryPoint.run(ServeCommand.self)
    }
}
