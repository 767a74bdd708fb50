/// A moment in UTC, to the nanosecond, read from and written as RFC 3339.
///
/// Any offset is accepted (`2026-11-20T09:00:00+01:00`) and converted; the text form is always UTC with `Z`
/// (SPEC 17), with the fraction of a second only when it is not zero.
public struct UTCTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before).
    public let seconds: Int
    /// The fraction of the second, in nanoseconds (0 ..< 1,000,000,000).
    public let nanoseconds: Int

    public init(seconds: Int, nanoseconds: Int = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The UTC calendar day the moment falls on.
    public var date: CalendarDate {
        CalendarDate(daysSinceEpoch: Self.floorDivide(seconds, 86_400))
    }

    /// Seconds since the start of its UTC day (0 ..< 86,400).
    public var secondOfDay: Int { seconds - Self.floorDivide(seconds, 86_400) * 86_400 }

    /// The moment `seconds` later.
    public func adding(seconds more: Int) -> UTCTimestamp {
        UTCTimestamp(seconds: seconds + more, nanoseconds: nanoseconds)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction]Z`.
    public var description: String {
        let second = secondOfDay
        var text = "\(date)T\(Self.twoDigits(second / 3600)):\(Self.twoDigits(second % 3600 / 60)):\(Self.twoDigits(second % 60))"
        if nanoseconds > 0 {
            var fraction = String(nanoseconds)
            fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    public static func < (lhs: UTCTimestamp, rhs: UTCTimestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// The form every error message shows.
    public static let expectedForm = "RFC 3339, like 2026-11-20T08:00:00Z or 2026-11-20T09:00:00+01:00"

    /// Reads an RFC 3339 date-time: `YYYY-MM-DD`, `T` (or `t` or a space), `HH:MM:SS`, an optional fraction of a
    /// second, and `Z` (or `z`) or an offset `+HH:MM` / `-HH:MM`.
    ///
    /// Throws a ``TimestampError`` that says what is wrong and shows the expected form.
    public static func parse(_ text: String) throws(TimestampError) -> UTCTimestamp {
        let bytes = Array(text.utf8)
        func fail(_ reason: String) -> TimestampError { TimestampError(text: text, reason: reason) }
        func number(_ range: Range<Int>, _ part: String) throws(TimestampError) -> Int {
            guard range.upperBound <= bytes.count else { throw fail("it ends before the \(part)") }
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                    throw fail("the \(part) must be \(range.count) digits")
                }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func expect(_ index: Int, _ allowed: String, _ what: String) throws(TimestampError) {
            guard index < bytes.count else { throw fail("it ends where \(what) should be") }
            guard allowed.utf8.contains(bytes[index]) else { throw fail("\(what) is missing at character \(index + 1)") }
        }
        guard !bytes.isEmpty else { throw fail("it is empty") }
        let year = try number(0..<4, "year")
        try expect(4, "-", "'-' after the year")
        let month = try number(5..<7, "month")
        try expect(7, "-", "'-' after the month")
        let day = try number(8..<10, "day")
        guard (1...12).contains(month) else { throw fail("month \(month) does not exist") }
        guard day >= 1, day <= CalendarDate.days(inMonth: month, year: year) else {
            throw fail("\(CalendarDate(year: year, month: month, day: 1).description.prefix(7)) has no day \(day)")
        }
        guard bytes.count > 10 else { throw fail("the time is missing (add T, the time and Z)") }
        try expect(10, "Tt ", "'T' between the date and the time")
        let hour = try number(11..<13, "hour")
        try expect(13, ":", "':' after the hour")
        let minute = try number(14..<16, "minute")
        try expect(16, ":", "':' after the minute (seconds are required)")
        let second = try number(17..<19, "second")
        guard hour < 24 else { throw fail("hour \(hour) does not exist (0 to 23)") }
        guard minute < 60 else { throw fail("minute \(minute) does not exist (0 to 59)") }
        guard second < 60 else { throw fail("second \(second) is not supported (0 to 59; leap seconds are not)") }
        var index = 19
        var nanoseconds = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                if digits < 9 { nanoseconds = nanoseconds * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { throw fail("a '.' must be followed by the fraction of a second") }
            for _ in digits..<max(digits, 9) { nanoseconds *= 10 }
        }
        guard index < bytes.count else { throw fail("the time zone is missing: end with Z for UTC, or an offset like +01:00") }
        var offset = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            let offsetHours = try number(index + 1..<index + 3, "offset's hours")
            try expect(index + 3, ":", "':' in the offset")
            let offsetMinutes = try number(index + 4..<index + 6, "offset's minutes")
            guard offsetHours < 24, offsetMinutes < 60 else { throw fail("the offset must be between -23:59 and +23:59") }
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
            index += 6
        default:
            throw fail("the time zone is missing: end with Z for UTC, or an offset like +01:00")
        }
        guard index == bytes.count else { throw fail("there is more after the time zone") }
        let days = CalendarDate(year: year, month: month, day: day).daysSinceEpoch
        return UTCTimestamp(seconds: days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanoseconds: nanoseconds)
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}

/// A timestamp that could not be read: what was given, what is wrong, and the form to use.
public struct TimestampError: Error, Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public let reason: String

    public var description: String {
        "'\(text)' is not a timestamp: \(reason); write it as \(UTCTimestamp.expectedForm)"
    }
}
