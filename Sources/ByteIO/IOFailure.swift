#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The text the system gives for an `errno` value: the one place that turns a code into words.
package enum SystemError {
    /// `strerror`'s text for `code` ("No such file or directory"), or "error N" when the system has none.
    package static func describe(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message)
    }
}

/// Why bytes could not be read or written.
///
/// `reason` is ready to print after a file name; `kind` says what happened for callers that word it their own way.
package struct IOFailure: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Kind: Sendable, Hashable {
        /// A system call failed with this `errno`.
        case system(Int32)
        /// The input is longer than the limit it was read with (`bytes` is its size, or the bytes read so far).
        case tooLarge(bytes: Int, limit: Int)
        /// A line (1-based) is longer than the line splitter accepts.
        case lineTooLong(line: Int, limit: Int)
        /// Anything else; `reason` says what.
        case other
    }

    package var reason: String
    package var kind: Kind

    package init(reason: String, kind: Kind = .other) {
        self.reason = reason
        self.kind = kind
    }

    /// The failure `code` (by default the current `errno`) describes, after `what` when it is given.
    package static func system(_ what: String? = nil, code: Int32 = errno) -> IOFailure {
        let text = SystemError.describe(code)
        return IOFailure(reason: what.map { "\($0): \(text)" } ?? text, kind: .system(code))
    }

    package var description: String { reason }
}
