import ArgumentParser
import Foundation
import PartnerRules
import PartnerRulesCommandLine

/// `partner-rules check`: validates integration requests against the catalog and the
/// integrations that already exist, and prints the verdicts as JSON (SPEC section 5).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate integration requests against the partner files and the integrations that exist.",
        discussion: """
            Prints the verdict as JSON (with --ndjson, one verdict a line for one request a line).
            Exit status: 0 valid, 1 invalid, 2 bad usage or unreadable or malformed input.
            """)

    @Argument(help: ArgumentHelp("The request as JSON; '-' or nothing reads standard input.", valueName: "REQUEST.json|-"))
    var request: String?

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(help: ArgumentHelp("A JSON array of the integrations that are active.", valueName: "FILE"))
    var existing: String?

    @Option(help: ArgumentHelp("The day deprecation is judged against (default: today, UTC).", valueName: "YYYY-MM-DD"))
    var today: String?

    @Flag(help: "Read one request a line (NDJSON) and write one verdict a line.")
    var ndjson = false

    func run() throws {
        let status: Int32
        do {
            status = try execute()
        } catch let failure as CheckFailure {
            printError("partner-rules check: \(failure.message)")
            throw ExitCode(2)
        }
        if status != 0 { throw ExitCode(status) }
    }

    private func execute() throws -> Int32 {
        let day: CalendarDate
        if let today {
            guard let parsed = CalendarDate(today) else {
                throw CheckFailure("--today '\(today)' is not a date; write it as YYYY-MM-DD")
            }
            day = parsed
        } else {
            day = .todayUTC()
        }
        let checker = IntegrationChecker(catalog: try catalogOptions.loadCatalog())
        var active = ActiveIntegrations.none
        if let existing {
            let bytes = try CheckInput.read(existing)
            do {
                let list = try ExistingIntegration.decodeList(json: bytes)
                active = checker.activeIntegrations(list)
                for index in active.unresolved {
                    let name = list[index].mediaSource ?? list[index].partner ?? ""
                    printError("partner-rules check: warning: \(existing): [\(index)]: no partner or media source '\(name)' in the catalog; left out")
                }
            } catch {
                throw CheckFailure("\(existing): \(error)")
            }
        }
        let source = request ?? "-"
        if ndjson {
            return try checkStream(source, checker: checker, existing: active, today: day)
        }
        let bytes = try CheckInput.read(source)
        let request: IntegrationRequest
        do {
            request = try IntegrationRequest.decode(json: bytes)
        } catch {
            throw CheckFailure("\(source == "-" ? "<stdin>" : source): \(error)")
        }
        let verdict = checker.check(request, existing: active, today: day)
        CheckOutput.write(verdict.jsonBytes(pretty: true) + [UInt8(ascii: "\n")])
        return verdict.valid ? 0 : 1
    }

    private func checkStream(
        _ source: String, checker: IntegrationChecker, existing: ActiveIntegrations, today: CalendarDate
    ) throws -> Int32 {
        let input = try CheckInput.open(source)
        defer { if input != 0 { close(input) } }
        var stream = NDJSONCheckStream(checker: checker, existing: existing, today: today)
        let chunkSize = 1 << 16
        var output: [UInt8] = []
        output.reserveCapacity(chunkSize * 2)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        while true {
            let count = Glibc.read(input, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw CheckFailure("cannot read \(source): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            stream.feed(UnsafeBufferPointer(rebasing: buffer[..<count]), into: &output)
            if output.count >= chunkSize {
                CheckOutput.write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        stream.finish(into: &output)
        CheckOutput.write(output)
        let counts = stream.counts
        if counts.malformed > 0 {
            printError("partner-rules check: \(counts.malformed) line(s) were not valid requests; see their \"error\" lines")
            return 2
        }
        return counts.invalid > 0 ? 1 : 0
    }
}

/// A failure that ends `check` with exit status 2 and a message on standard error.
struct CheckFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Reading input files and standard input with POSIX calls, so errors name the reason.
enum CheckInput {
    /// Opens a file for reading, or standard input for `-`.
    static func open(_ path: String) throws(CheckFailure) -> Int32 {
        if path == "-" { return 0 }
        let descriptor = Glibc.open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CheckFailure("cannot read \(path): \(String(cString: strerror(errno)))") }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw CheckFailure("cannot read \(path): it is a directory")
        }
        return descriptor
    }

    /// The whole content of a file, or of standard input for `-`.
    static func read(_ path: String) throws(CheckFailure) -> [UInt8] {
        let descriptor = try open(path)
        defer { if descriptor != 0 { close(descriptor) } }
        var bytes: [UInt8] = []
        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, chunkSize) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CheckFailure("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }
}

/// Standard output, written with `write(2)` in large chunks: no buffer between the verdicts and the pipe.
enum CheckOutput {
    static func write(_ bytes: [UInt8]) {
        let descriptor: Int32 = 1
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
