import ArgumentParser
import Foundation
import PartnerRules
import PartnerRulesCommandLine
import PartnerRulesServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: SeparateCommand.serve.commandName,
        abstract: SeparateCommand.serve.abstract,
        discussion: """
            GET /healthz; GET /v1/partners; POST /v1/check (a request, or {"request", "existing", "today"}) answers \
            the verdict; POST /v1/reload re-reads the partner files and keeps the last good catalog when they have \
            errors (409 with the findings). Prints the URL it listens on, then serves until stopped.
            """,
        version: Version.current
    )

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(help: "The port (0: any free port).")
    var port = 8080

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let store: CatalogStore
        do {
            store = try CatalogStore(directory: catalogOptions.partners)
        } catch {
            printError("partner-rules: cannot serve: \(error)")
            throw ExitCode(2)
        }
        let server: LoopbackServer
        do throws(ServerError) {
            server = try await LoopbackServer.start(router: RulesServer(store: store).router(), port: port)
        } catch {
            printError("partner-rules: \(error)")
            throw ExitCode(2)
        }
        writeOut("partner-rules serving \(store.current.partners.count) partners on \(server.baseURL)\n")
        await server.wait()
    }
}

/// `partner-rules-serve`, run directly or as `partner-rules serve`.
@main
enum Main {
    static func main() async {
        await EntryPoint.run(ServeCommand.self)
    }
}
