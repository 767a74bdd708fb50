public import PartnerRules

/// Why a segment file could not be made, read or matched.
///
/// Every case that is about one line carries its 1-based number; messages are lower-case and say the fix.
public enum SegmentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// A file could not be created or written.
    case unwritable(path: String, reason: String)
    /// A line of plain identifiers that cannot be normalized.
    case badIdentifier(file: String, line: Int, identifier: AudienceIdentifier, problem: String)
    /// A segment file whose first line is not one of the three headers.
    case badHeader(file: String, found: String)
    /// A segment file line that is not 64 lower-case hex digits.
    case badHash(file: String, line: Int)
    /// A line longer than the reader accepts.
    case lineTooLong(file: String, line: Int, limit: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .unwritable(let path, let reason):
            return "\(path): cannot write: \(reason)"
        case .badIdentifier(let file, let line, let identifier, let problem):
            return "\(file):\(line): error: bad \(identifier.rawValue): \(problem)"
        case .badHeader(let file, let found):
            let headers = AudienceIdentifier.allCases.map { "'\($0.segmentHeader)'" }.joined(separator: ", ")
            return "\(file):1: error: segment header '\(found)' is not one of \(headers)"
        case .badHash(let file, let line):
            return "\(file):\(line): error: expected a SHA-256 hash as 64 lower-case hex digits"
        case .lineTooLong(let file, let line, let limit):
            return "\(file):\(line): error: line is longer than \(limit) bytes"
        }
    }
}
