import ArgumentParser
import PartnerRules
import PartnerRulesCommandLine
import PartnerRulesAudiences

struct AudiencesHashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Turn plain identifiers (one a line) into a segment file of SHA-256 hashes.",
        discussion: """
            adid and email are trimmed and lower-cased; phone numbers become E.164 ('+' and 8 to 15 digits; spaces, \
            '-', '.', '(' and ')' are dropped; a leading 00 means '+'). A bad line stops with its number and leaves \
            no --output file behind.
            """
    )

    @Option(help: "adid, email or phone.") var identifier: AudienceIdentifier
    @Option(help: "Plain identifiers, one a line (default: standard input).") var input: String?
    @Option(help: "The segment file to write (default: standard output).") var output: String?

    func run() throws {
        do throws(SegmentError) {
            let summary = try ProgressLine.during("hash", writesToStandardOutput: output == nil || output == "-") {
                (progress) throws(SegmentError) in
                try SegmentFiles.hash(identifier: identifier, input: input, output: output, progress: progress)
            }
            if let output, output != "-" { note("wrote \(summary.rows) hashes to \(output)") }
        } catch {
            throw fail(error.description)
        }
    }
}

struct AudiencesMatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Print the plain identifiers whose hashes are in a segment file.",
        discussion: """
            The segment's header picks the normalization. Only the smaller file (by size) is held in memory: the \
            segment's hashes, or the identifiers with their hashes; the other is streamed.
            """
    )

    @Option(help: "The segment file.") var segment: String
    @Option(help: "Plain identifiers, one a line (default: standard input).") var input: String?

    func run() throws {
        do throws(SegmentError) {
            let summary = try SegmentFiles.match(segment: segment, input: input)
            note("matched \(summary.matched) of \(summary.inputRows) identifiers against \(summary.segmentRows) hashes")
        } catch {
            throw fail(error.description)
        }
    }
}
