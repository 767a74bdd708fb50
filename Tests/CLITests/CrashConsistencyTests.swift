import Foundation
import PartnerRulesTestSupport
import Testing

/// A writer killed mid-write (SIGKILL: no handler runs, nothing is cleaned up) leaves the destination as it was,
/// the old file or nothing, never a partial file; its temporary file carries its pid, and the next run of a command
/// writing the same destination removes it (issue 15).
@Suite("outputs survive a killed writer", .serialized)
struct CrashConsistencyTests {
    /// Each command, how to make a large input for it in a folder, and its arguments (`IN`, `OUT` filled in).
    static let commands: [(name: String, input: @Sendable (URL) throws -> Void, arguments: [String])] = [
        ("classify", { url in
            var text = "app_id,media_source,date,ad_type,campaign\n"
            let row = "com.example.game,unknown_int,2024-05-01,Video,a campaign name long enough to take some room\n"
            text.reserveCapacity(row.utf8.count * 400_000 + 64)
            for _ in 0..<400_000 { text += row }
            try Data(text.utf8).write(to: url)
        }, ["classify", "--input", "IN", "--output", "OUT"]),
        ("audiences hash", { url in
            var text = ""
            text.reserveCapacity(37 * 600_000)
            for index in 0..<600_000 { text += String(format: "3F2504E0-4F89-11D3-9A0C-%012d\n", index) }
            try Data(text.utf8).write(to: url)
        }, ["audiences", "hash", "--identifier", "adid", "--input", "IN", "--output", "OUT"]),
    ]

    /// The temporary files beside `OUT` (`.out.partial-PID-XXXXXX`).
    static func temporaryFiles(in directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasPrefix(".out.partial-") }
    }

    @Test(arguments: commands.indices)
    func aKilledWriterLeavesTheOldFileAndTheNextRunCleansUp(command index: Int) async throws {
        let command = Self.commands[index]
        let directory = try TemporaryDirectory(prefix: "crash-consistency")
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let input = directory.url.appendingPathComponent("in")
        let output = directory.url.appendingPathComponent("out")
        try command.input(input)
        try directory.write("out", "the old file\n")
        let arguments = command.arguments.map { $0 == "IN" ? input.path : $0 == "OUT" ? output.path : $0 }

        // Kill the writer once its temporary file has bytes in it: mid-write.
        let process = Process()
        process.executableURL = try BuiltProducts.executable("partner-rules")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        var killedMidWrite = false
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline {
            if let name = Self.temporaryFiles(in: directory.url).first,
                let size = try? FileManager.default.attributesOfItem(atPath: directory.url.appendingPathComponent(name).path)[.size] as? Int,
                size > 0
            {
                #expect(name.hasPrefix(".out.partial-\(pid)-"), "\(command.name): the temporary file \(name) does not carry pid \(pid)")
                kill(pid, SIGKILL)
                killedMidWrite = true
                break
            }
            usleep(500)
        }
        process.waitUntilExit()
        try #require(killedMidWrite, "\(command.name) finished before it could be killed mid-write; make the input larger")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try String(contentsOf: output, encoding: .utf8) == "the old file\n", "\(command.name): the destination changed")
        #expect(Self.temporaryFiles(in: directory.url).count == 1, "\(command.name): the killed writer's temporary file is there")

        // The next run over a small input replaces the file whole and removes what the killed one left.
        let small = directory.url.appendingPathComponent("small")
        try Data((index == 0 ? "app_id,media_source,date,ad_type\ncom.example,unknown_int,2024-05-01,Video\n" : "abc\n").utf8).write(to: small)
        let again = try await CLI.run(command.arguments.map { $0 == "IN" ? small.path : $0 == "OUT" ? output.path : $0 })
        #expect(again.status == 0, "\(command.name): \(again.stderr)")
        #expect(try String(contentsOf: output, encoding: .utf8) != "the old file\n")
        #expect(Self.temporaryFiles(in: directory.url).isEmpty, "\(command.name) left \(Self.temporaryFiles(in: directory.url))")
    }

    @Test func aKilledWriterWithoutAnOldFileLeavesNoFile() throws {
        let directory = try TemporaryDirectory(prefix: "crash-consistency")
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let input = directory.url.appendingPathComponent("in")
        let output = directory.url.appendingPathComponent("out")
        try Self.commands[0].input(input)
        let process = Process()
        process.executableURL = try BuiltProducts.executable("partner-rules")
        process.arguments = ["classify", "--input", input.path, "--output", output.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        var killed = false
        while process.isRunning, Date() < deadline {
            if let name = Self.temporaryFiles(in: directory.url).first,
                (try? FileManager.default.attributesOfItem(atPath: directory.url.appendingPathComponent(name).path)[.size] as? Int) ?? 0 > 0
            {
                kill(process.processIdentifier, SIGKILL)
                killed = true
                break
            }
            usleep(500)
        }
        process.waitUntilExit()
        try #require(killed, "classify finished before it could be killed mid-write")
        #expect(!FileManager.default.fileExists(atPath: output.path), "a killed first write left a file at the destination")
    }
}
