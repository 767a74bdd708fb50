#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import ByteIO
public import Logging
import PartnerRules

/// A swift-log handler that writes one JSON object a line to standard error:
/// `{"time","level","label","message", …metadata}` (`time` in RFC 3339 UTC with milliseconds). Metadata values are
/// written as strings; what the server logs is chosen so that no secret is among them (request bodies, credential
/// values, query strings and the `Authorization` header are never logged).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes `event` as one line. An error attached to the event is not written: its description may hold what a
    /// request carried.
    public func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        let explicit = event.metadata
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(256)
        writer.object { object in
            object.member("time", string: Self.timestamp())
            object.member("level", string: level.rawValue)
            object.member("label", string: label)
            object.member("message", string: message.description)
            // The handler's metadata and the call's, the call's winning, in key order.
            var members: [(key: String, value: Logger.Metadata.Value)] = []
            members.reserveCapacity(metadata.count + (explicit?.count ?? 0))
            for (key, value) in metadata where explicit?[key] == nil { members.append((key, value)) }
            if let explicit { for (key, value) in explicit { members.append((key, value)) } }
            members.sort { $0.key < $1.key }
            for member in members {
                object.member(member.key, string: member.value.description)
            }
        }
        writer.bytes.append(UInt8(ascii: "\n"))
        // A log line that cannot be written has nowhere to be reported.
        writer.bytes.withUnsafeBytes { bytes in try? writeAll(STDERR_FILENO, bytes) }
    }

    /// The time now in RFC 3339 UTC with milliseconds (`2026-12-02T05:07:31.042Z`), written digit by digit: no
    /// formatter and no intermediate strings on a line written for every request.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = time_t(now.tv_sec)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var text: [UInt8] = []
        text.reserveCapacity(26)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4); text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2); text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2); text.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2); text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2); text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2); text.append(UInt8(ascii: "."))
        digits(Int(now.tv_nsec / 1_000_000), 3)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }
}
