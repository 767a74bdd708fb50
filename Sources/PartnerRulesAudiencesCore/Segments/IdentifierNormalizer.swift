public import PartnerRules

/// Puts an identifier into the form that is hashed, so that both sides of a connection hash the same bytes.
///
/// - `adid` and `email`: white space trimmed at both ends, lower-cased. ASCII takes a fast path; anything else is
///   lower-cased by Unicode's rules (`String.lowercased()`).
/// - `phone`: E.164. Spaces, tabs, `-`, `.`, `(` and `)` are removed; the number must then start with `+` (or
///   the international prefix `00`, read as `+`) followed by 8 to 15 digits. Nothing else is accepted: a national
///   number without a country code cannot be turned into E.164 without guessing the country.
///
/// Empty identifiers are refused.
public enum IdentifierNormalizer {
    /// The longest normalized identifier the hot path handles on the stack; longer ones take the slow path.
    static let stackLimit = 512

    /// Normalizes `line` into `output` (at least ``stackLimit`` bytes) and returns the length, or a problem.
    ///
    /// Lines longer than `stackLimit` or with non-ASCII bytes (adid/email) go through ``normalize(_:as:)``.
    @inline(__always)
    static func normalize(
        _ line: UnsafeRawBufferPointer, as identifier: AudienceIdentifier, into output: UnsafeMutablePointer<UInt8>
    ) -> Result<Int, NormalizationProblem> {
        let trimmed = trimmingASCIIWhitespace(line)
        guard !trimmed.isEmpty else { return .failure(.empty) }
        switch identifier {
        case .adid, .email:
            guard trimmed.count <= stackLimit else { return slowPath(line, identifier, output) }
            var length = 0
            for byte in trimmed {
                if byte >= 0x80 { return slowPath(line, identifier, output) }
                // ASCII upper-case letters have bit 0x20 clear; setting it lower-cases them and nothing else in A-Z.
                output[length] = (byte &- 0x41) < 26 ? byte | 0x20 : byte
                length += 1
            }
            return .success(length)
        case .phone:
            return normalizePhone(trimmed, into: output)
        }
    }

    /// Normalizes one identifier given as a string; for callers outside the streaming hot path.
    public static func normalize(_ value: String, as identifier: AudienceIdentifier) -> Result<String, NormalizationProblem> {
        let trimmed = value.trimmingCharacters(where: \.isWhitespace)
        guard !trimmed.isEmpty else { return .failure(.empty) }
        switch identifier {
        case .adid, .email:
            return .success(trimmed.lowercased())
        case .phone:
            var bytes = Array(trimmed.utf8)
            return bytes.withUnsafeMutableBytes { raw in
                let input = UnsafeRawBufferPointer(raw)
                // The output is never longer than the input plus the '+' that replaces "00".
                let output = UnsafeMutablePointer<UInt8>.allocate(capacity: input.count + 1)
                defer { output.deallocate() }
                return normalizePhone(input, into: output).map { length in
                    String(decoding: UnsafeBufferPointer(start: output, count: length), as: UTF8.self)
                }
            }
        }
    }

    private static func slowPath(
        _ line: UnsafeRawBufferPointer, _ identifier: AudienceIdentifier, _ output: UnsafeMutablePointer<UInt8>
    ) -> Result<Int, NormalizationProblem> {
        guard let text = String(validating: line, as: UTF8.self) else { return .failure(.notUTF8) }
        switch normalize(text, as: identifier) {
        case .failure(let problem): return .failure(problem)
        case .success(let normalized):
            let bytes = normalized.utf8
            guard bytes.count <= stackLimit else { return .failure(.tooLong(limit: stackLimit)) }
            var length = 0
            for byte in bytes {
                output[length] = byte
                length += 1
            }
            return .success(length)
        }
    }

    private static func normalizePhone(_ text: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>)
        -> Result<Int, NormalizationProblem>
    {
        var length = 0
        var digits = 0
        var index = 0
        // Skip separators before the prefix too: "( +44 ) ..." is unusual but unambiguous.
        func skipSeparators() {
            while index < text.count, isPhoneSeparator(text[index]) { index += 1 }
        }
        skipSeparators()
        if index < text.count, text[index] == UInt8(ascii: "+") {
            index += 1
        } else if index + 1 < text.count, text[index] == UInt8(ascii: "0"), text[index + 1] == UInt8(ascii: "0") {
            index += 2
        } else {
            return .failure(.phoneWithoutCountryCode)
        }
        output[0] = UInt8(ascii: "+")
        length = 1
        while index < text.count {
            let byte = text[index]
            index += 1
            if isPhoneSeparator(byte) { continue }
            guard byte &- 0x30 < 10 else { return .failure(.phoneCharacter(byte)) }
            digits += 1
            guard digits <= 15 else { return .failure(.phoneDigitCount) }
            output[length] = byte
            length += 1
        }
        guard digits >= 8 else { return .failure(.phoneDigitCount) }
        return .success(length)
    }

    /// `line` without ASCII white space (space, tab, CR, LF, VT, FF) at either end.
    @inline(__always)
    static func trimmingASCIIWhitespace(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = line.count
        while start < end, isASCIIWhitespace(line[start]) { start += 1 }
        while end > start, isASCIIWhitespace(line[end - 1]) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: line[start..<end])
    }

    @inline(__always)
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    @inline(__always)
    private static func isPhoneSeparator(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
    }
}

/// Why an identifier could not be normalized.
public enum NormalizationProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case notUTF8
    case tooLong(limit: Int)
    case phoneWithoutCountryCode
    case phoneCharacter(UInt8)
    case phoneDigitCount

    public var description: String {
        switch self {
        case .empty:
            return "empty line; remove it"
        case .notUTF8:
            return "bytes that are not UTF-8"
        case .tooLong(let limit):
            return "longer than \(limit) bytes"
        case .phoneWithoutCountryCode:
            return "not E.164: start the number with '+' or '00' and the country code"
        case .phoneCharacter(let byte):
            let shown = byte >= 0x21 && byte < 0x7F ? "'\(Character(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
            return "not E.164: \(shown) is not a digit (only spaces, '-', '.', '(' and ')' may separate digits)"
        case .phoneDigitCount:
            return "not E.164: expected 8 to 15 digits after '+'"
        }
    }
}

extension String {
    func trimmingCharacters(where predicate: (Character) -> Bool) -> Substring {
        var start = startIndex
        var end = endIndex
        while start < end, predicate(self[start]) { start = index(after: start) }
        while end > start, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[start..<end]
    }
}
