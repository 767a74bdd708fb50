import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import PartnerRules
import PartnerRulesAudiences
import PartnerRulesServer
import PartnerRulesTestSupport
import Synchronization
import Testing

/// Both ends of a connection over loopback: the conformance check against the mock partner, and against mock
/// partners that break the contract on purpose.
@Suite struct ConnectionTests {
    let apiKey: Secret = "0123456789abcdef0123"

    func withPartner(
        _ faults: Set<MockPartnerConfiguration.Fault> = [], pullKey: Secret? = nil,
        _ body: (MockPartner, LoopbackServer) async throws -> Void
    ) async throws {
        let known = MockPartnerConfiguration.hashes(ofKnown: ["ana@example.com", "3F2504E0-4F89-11D3-9A0C-0305E82C3301", "+4915112345678"])
        let partner = MockPartner(configuration: MockPartnerConfiguration(apiKey: apiKey, pullKey: pullKey, known: known, faults: faults))
        let server = try await LoopbackServer.start(router: partner.router())
        do {
            try await body(partner, server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    func options(_ server: LoopbackServer, _ identifiers: [AudienceIdentifier] = [.adid], pullKey: Secret? = nil) -> Conformance.Options {
        var options = Conformance.Options(baseURL: server.baseURL, apiKey: apiKey, identifiers: identifiers, pullKey: pullKey)
        options.callTimeout = Patience.scaled(options.callTimeout)
        options.fetchTimeout = Patience.scaled(.seconds(8))
        // The file is held until /sync answers, and released the moment it does: a long hold costs a quick run
        // nothing, and on a loaded machine (a /sync answer seconds late) it keeps the file from being served first.
        options.holdTimeout = Patience.scaled(.seconds(8))
        return options
    }

    func failed(_ report: Conformance.Report) -> [String] { report.checks.filter { !$0.passed }.map(\.name) }

    @Test func theMockPartnerPassesConformanceAndCountsMatches() async throws {
        try await withPartner(pullKey: "pk-42") { partner, server in
            let report = await Conformance.run(options(server, [.adid, .email, .phone], pullKey: "pk-42"))
            #expect(report.passed, "\(report.text)")
            #expect(report.checks.count == 9)
            #expect(!report.text.contains(apiKey.value))
            // The partner downloads after /sync has answered, so its counts arrive a moment later.
            var stats = await partner.stats
            let deadline = ContinuousClock.now + Patience.scaled(.seconds(10))
            while stats.downloadsCompleted + stats.downloadsFailed < 3 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                stats = await partner.stats
            }
            #expect(stats.downloadsCompleted == 3)
            #expect(stats.rows == 9)
            // One known identifier of each kind is among the conformance samples.
            #expect(stats.matched == 3)
            #expect(stats.containers == 2)
        }
    }

    @Test func aPartnerThatRefusesTheGoodKeyIsCaught() async throws {
        try await withPartner([.rejectGoodKey]) { _, server in
            let report = await Conformance.run(options(server))
            #expect(failed(report).contains("validate with the good key"))
            #expect(report.checks.first?.detail.contains("expected 200, got 401") == true)
        }
    }

    @Test func aPartnerThatRepeatsContainerIDsIsCaught() async throws {
        try await withPartner([.repeatContainerID]) { _, server in
            let report = await Conformance.run(options(server))
            #expect(failed(report) == ["create gives a new container id each call"])
        }
    }

    @Test func aPartnerThatAnswersSyncOnlyAfterTheDownloadIsCaught() async throws {
        try await withPartner([.syncAfterDownload]) { _, server in
            let report = await Conformance.run(options(server))
            #expect(failed(report) == ["sync"])
            #expect(report.checks.first { $0.name == "sync" }?.detail.contains("only after downloading") == true)
        }
    }

    @Test func aPartnerThatDoesNotSubstituteThePullKeyIsCaught() async throws {
        try await withPartner { _, server in
            let report = await Conformance.run(options(server, pullKey: "pk-42"))
            #expect(failed(report).contains("sync"))
            #expect(report.checks.first { $0.name == "sync" }?.detail.contains("expected 200, got 400") == true)
        }
    }

    @Test func nothingListeningFailsEveryCheckWithTheReason() async throws {
        var options = Conformance.Options(baseURL: "http://127.0.0.1:9", apiKey: apiKey)
        options.callTimeout = .seconds(2)
        options.fetchTimeout = .seconds(1)
        let report = await Conformance.run(options)
        #expect(!report.passed)
        #expect(report.checks.first?.passed == false)
    }

    @Test func theClientNeverRetriesAnAnswerNotEvenA401() async throws {
        try await withPartner { partner, server in
            let client = AudienceClient(endpoint: server.baseURL)
            await #expect(throws: AudienceClientError.badAPIKey) { try await client.validate(apiKey: "ffffffffffffffff") }
            let response = try await client.call("validate", ValidateRequest(apiKey: "ffffffffffffffff"), apiKey: "ffffffffffffffff")
            #expect(response.attempts == 1)
            #expect(await partner.stats.rejectedKeys == 2)
            try await client.validate(apiKey: apiKey)
            let container = try await client.create(CreateRequest(apiKey: apiKey, name: try AudienceName("Käufer"), platform: .android))
            #expect(!container.value.isEmpty)
        }
    }

    @Test func theClientRetriesOnceOnADroppedConnection() async throws {
        for dropped in [1, 2] {
            let server = try await DroppingServer.start(dropFirst: dropped)
            let client = AudienceClient(endpoint: "http://127.0.0.1:\(server.port)", timeout: .seconds(Patience.seconds(5)))
            if dropped == 1 {
                let response = try await client.call("validate", ValidateRequest(apiKey: apiKey), apiKey: apiKey)
                #expect(response.status == 200)
                #expect(response.attempts == 2)
            } else {
                // Two drops: one retry only, then the failure, without the key in it.
                do {
                    try await client.validate(apiKey: apiKey)
                    Issue.record("a second drop was retried")
                } catch {
                    #expect(!error.description.contains(apiKey.value))
                }
            }
            #expect(server.connections.count.withLock { $0 } == 2)
            try await server.channel.close()
        }
    }
}

/// A server that closes its first `dropFirst` connections as soon as a request arrives, then answers 200.
final class DroppingServer: Sendable {
    let channel: any Channel
    let port: Int
    let connections: Counter

    final class Counter: Sendable {
        let count = Mutex(0)
    }

    private init(channel: any Channel, connections: Counter) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.connections = connections
    }

    static func start(dropFirst: Int) async throws -> DroppingServer {
        let connections = Counter()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                let number = connections.count.withLock { count -> Int in
                    count += 1
                    return count
                }
                return channel.pipeline.addHandler(Handler(drop: number <= dropFirst))
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return DroppingServer(channel: channel, connections: connections)
    }

    final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let drop: Bool
        init(drop: Bool) { self.drop = drop }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if drop {
                context.close(promise: nil)
            } else {
                let answer = "HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: answer)), promise: nil)
            }
        }
    }
}
