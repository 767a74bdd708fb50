#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
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

    public func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        var writer = JSONWriter()
        writer.object { object in
            object.member("time", string: Self.timestamp())
            object.member("level", string: level.rawValue)
            object.member("label", string: label)
            object.member("message", string: message.description)
            var all = metadata
            if let explicit { all.merge(explicit) { $1 } }
            for key in all.keys.sorted() {
                object.member(key, string: all[key]?.description ?? "")
            }
        }
        writer.bytes.append(UInt8(ascii: "\n"))
        writer.bytes.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = time_t(now.tv_sec)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(now.tv_nsec / 1_000_000), 3))Z"
    }
}
