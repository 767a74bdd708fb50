import ArgumentParser
import ByteIO
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

    @Flag(help: "Also tell on standard error which lines of the partner files decided each error, warning and the plan.")
    var explain = false

    func validate() throws {
        if explain && ndjson {
            throw ValidationError("--explain tells the story of one request; drop --ndjson, or drop --explain and read each verdict's \"because\"")
        }
    }

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
        if explain {
            var files = SourceLines()
            printError(VerdictExplanation.render(verdict) { files.line(at: $0) })
        }
        return verdict.valid ? 0 : 1
    }

    private func checkStream(
        _ source: String, checker: IntegrationChecker, existing: ActiveIntegrations, today: CalendarDate
    ) throws -> Int32 {
        let input = try CheckInput.open(source)
        var stream = NDJSONCheckStream(checker: checker, existing: existing, today: today)
        let chunkSize = 1 << 16
        var output: [UInt8] = []
        output.reserveCapacity(chunkSize * 2)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        while true {
            let count: Int
            do { count = try input.read(into: UnsafeMutableRawBufferPointer(buffer)) } catch {
                throw CheckFailure("cannot read \(source): \(error.reason)")
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

/// Reading input files and standard input through the byte layer, so errors name the reason.
enum CheckInput {
    /// Opens a file for reading, or standard input for `-`; a folder is refused.
    static func open(_ path: String) throws(CheckFailure) -> ByteReader {
        do {
            let reader = try ByteReader.pathOrStandardInput(path)
            if case .directory = try reader.kind() { throw CheckFailure("cannot read \(path): it is a directory") }
            return reader
        } catch let failure as CheckFailure {
            throw failure
        } catch let failure as IOFailure {
            throw CheckFailure("cannot read \(path): \(failure.reason)")
        } catch {
            throw CheckFailure("cannot read \(path): \(error)")
        }
    }

    /// The whole content of a file, or of standard input for `-`.
    static func read(_ path: String) throws(CheckFailure) -> [UInt8] {
        let reader = try open(path)
        do { return try reader.readAll() } catch { throw CheckFailure("cannot read \(path): \(error.reason)") }
    }
}

/// Standard output, written with `write(2)` in large chunks: no buffer between the verdicts and the pipe.
enum CheckOutput {
    /// Writes `bytes`; a closed standard output ends the writing silently, as a pipe to `head` does.
    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in _ = try? writeAll(STDOUT_FILENO, raw) }
    }
}

/// The lines of the partner files an explanation quotes, each file read once.
struct SourceLines {
    private var files: [String: [Substring]] = [:]

    mutating func line(at place: SourcePlace) -> String? {
        if files[place.file] == nil {
            let text = (try? CheckInput.read(place.file)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            files[place.file] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = files[place.file], place.line >= 1, place.line <= lines.count else { return nil }
        return String(lines[place.line - 1])
    }
}
