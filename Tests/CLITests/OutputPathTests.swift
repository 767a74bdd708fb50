import Foundation
import PartnerRulesTestSupport
import Testing

/// Every command that writes a file writes it completely or not at all, by renaming a finished temporary file
/// into place; but a path that is a device or a named pipe must be written into, never renamed over (which
/// would replace `/dev/null` for the whole machine). These tests use a named pipe in a temporary folder.
@Suite("output files that are pipes or devices")
struct OutputPathTests {
    /// A named pipe that this test holds open for reading and writing, so a writer's `open` does not wait and
    /// what it writes (up to the pipe's 64 KiB buffer) can be read back afterwards.
    final class NamedPipe {
        let path: String
        private let descriptor: Int32

        init(in directory: URL) throws {
            path = directory.appendingPathComponent("pipe").path
            guard mkfifo(path, 0o600) == 0 else { throw CLIError("mkfifo failed: errno \(errno)") }
            descriptor = open(path, O_RDWR | O_NONBLOCK)
            guard descriptor >= 0 else { throw CLIError("cannot open the pipe: errno \(errno)") }
        }

        deinit { close(descriptor) }

        /// What was written so far.
        func drain() -> String {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                bytes += chunk[..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        var isStillAPipe: Bool {
            var status = stat()
            return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO
        }
    }

    /// A fresh folder with a few advertising ids and a small CSV of performance rows.
    static func inputs() throws -> URL {
        let directory = try TemporaryDirectory(prefix: "output-paths")
        try directory.write("ids.txt", "3F2504E0-4F89-11D3-9A0C-0305E82C3301\nabc\n")
        try directory.write("rows.csv", "app_id,media_source,date,ad_type\ncom.example,moloco_int,2024-05-01,CTV\n")
        return directory.url
    }

    /// Each command, its arguments with `PIPE` and `DIR` to fill in, and text its output must contain.
    static let commands: [(name: String, arguments: [String], expected: String)] = [
        ("guide", ["guide", "--output", "PIPE"], "# "),
        ("classify", ["classify", "--input", "DIR/rows.csv", "--output", "PIPE"], "com.example,moloco_int,2024-05-01,CTV,ad\n"),
        ("classify --summary", ["classify", "--input", "DIR/rows.csv", "--output", "DIR/out.csv", "--summary", "PIPE"], "\"media_source\": \"moloco_int\""),
        ("audiences hash", ["audiences", "hash", "--identifier", "adid", "--input", "DIR/ids.txt", "--output", "PIPE"],
         "advertiser_id_sha256\n"),
    ]

    @Test(arguments: commands.indices)
    func aNamedPipeIsWrittenIntoNotReplaced(command index: Int) async throws {
        let command = Self.commands[index]
        let directory = try Self.inputs()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pipe = try NamedPipe(in: directory)
        let arguments = command.arguments.map {
            $0 == "PIPE" ? pipe.path : $0.replacingOccurrences(of: "DIR", with: directory.path)
        }
        let result = try await CLI.run(arguments)
        #expect(result.status == 0, "\(command.name): \(result.stderr)")
        #expect(pipe.isStillAPipe, "\(command.name) replaced the pipe")
        let written = pipe.drain()
        #expect(written.contains(command.expected), "\(command.name) wrote: \(written.prefix(200))")
        // No temporary file is left beside it.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("partial") || $0.contains("tmp") }
        #expect(left.isEmpty, "\(command.name) left \(left)")
    }
}
