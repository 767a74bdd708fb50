import ArgumentParser
import Foundation
import PartnerRules
import PartnerRulesCommandLine
import PartnerRulesAudiences
import PartnerRulesServer

struct AudiencesConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Run the testing phase of an audience connection against a partner's endpoints.",
        discussion: """
            validate with the good key (200) and a bad one (401), create twice (two different container ids), sync \
            (200 before the download finishes), and each file fetched. The files are served from 127.0.0.1. Exit 1 \
            when any check failed.
            """
    )

    @Option(help: "The partner's endpoint; /validate, /create and /sync are below it.") var baseURL: String
    @Option(help: "The testing API key the partner issued.") var apiKey: String
    @Option(help: "The partner whose identifiers to send (default: adid only).") var partner: String?
    @Option(help: "The catalog directory.") var partners = "partners"
    @Option(help: "The pull key given to the partner: URLs then carry {{PARTNER_PULL_KEY}}.") var pullKey: String?
    @Option(help: "Seconds to wait for the files to be fetched.") var fetchTimeout = 15

    func run() async throws {
        let identifiers = try partner.map { (name) throws(ExitCode) in try audienceIdentifiers(partner: name, partners: partners) }
        var options = Conformance.Options(
            baseURL: baseURL, apiKey: Secret(apiKey), identifiers: identifiers ?? [.adid], pullKey: pullKey.map { Secret($0) })
        options.fetchTimeout = .seconds(max(1, fetchTimeout))
        let report = await Conformance.run(options)
        print(report.text)
        if !report.passed { throw ExitCode(1) }
    }
}

struct AudiencesMockPartnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-partner",
        abstract: "Run a reference audience partner on 127.0.0.1 (the three endpoints and GET /stats).",
        discussion: """
            Prints the URL it listens on, then serves until interrupted. /sync answers once each file is reachable \
            and downloads it afterwards, counting hashes that match the --known identifiers.
            """
    )

    /// The key the mock issues when none is given: a documented testing key, not a secret.
    static let testingKey = "00112233445566778899aabbccddeeff"

    @Option(help: "The port (0: any free port).") var port = 0
    @Option(help: "The API key it accepts (default: the testing key \(testingKey)).") var apiKey = testingKey
    @Option(help: "Its pull key, substituted for {{PARTNER_PULL_KEY}} in pull URLs.") var pullKey: String?
    @Option(help: "Plain identifiers it knows (one a line), to count matches.") var known: String?
    @Option(help: "Break the contract on purpose: reject-good-key, repeat-container-id, sync-after-download.")
    var fault: [String] = []

    func run() async throws {
        var knownHashes = Set<Digest32>()
        if let known {
            guard let text = try? String(contentsOfFile: known, encoding: .utf8) else {
                throw fail("cannot read --known file '\(known)'")
            }
            knownHashes = MockPartnerConfiguration.hashes(ofKnown: text.split(whereSeparator: \.isNewline).map(String.init))
        }
        var faults = Set<MockPartnerConfiguration.Fault>()
        for name in fault {
            guard let value = MockPartnerConfiguration.Fault(rawValue: name) else { throw fail("unknown fault '\(name)'") }
            faults.insert(value)
        }
        let partner = MockPartner(
            configuration: MockPartnerConfiguration(
                apiKey: Secret(apiKey), pullKey: pullKey.map { Secret($0) }, known: knownHashes, faults: faults))
        let server: LoopbackServer
        do throws(ServerError) {
            server = try await LoopbackServer.start(router: partner.router(), port: port)
        } catch {
            throw fail(error.description)
        }
        FileHandle.standardOutput.write(Data("mock partner listening on \(server.baseURL)\n".utf8))
        await server.wait()
    }
}
