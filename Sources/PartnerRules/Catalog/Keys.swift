/// The one key ad types are compared by, everywhere: lint's duplicate rule, the library API,
/// `classify`, and the SQL of every dialect (SPEC section 17).
///
/// ASCII letters are lower-cased; ASCII space, tab, `-`, `_` and `/` are removed; every other
/// character is compared as written. Only ASCII changes case so that each SQL engine computes
/// the same key whatever its locale: `Écran` and `écran` are two ad types (lint warns about such
/// spellings with `ad-type-case`).
///
/// The byte-level pieces (``isIgnored(_:)``, ``fold(_:)``) are what the classifier's hot loop and
/// ``make(_:)`` share, so the key is defined here and nowhere else.
package enum AdTypeKey {
    /// The key of an ad type as written in a partner file or a performance row.
    package static func make(_ adType: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(adType.utf8.count)
        for byte in adType.utf8 where !isIgnored(byte) {
            bytes.append(fold(byte))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the byte is left out of the key: ASCII space, tab, `-`, `_` or `/`.
    @inline(__always)
    package static func isIgnored(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"): return true
        default: return false
        }
    }

    /// The byte as it stands in the key: an ASCII capital lower-cased, every other byte as it is.
    @inline(__always)
    package static func fold(_ byte: UInt8) -> UInt8 {
        byte.asciiLowercased
    }

    /// The characters ``isIgnored(_:)`` removes, for SQL's `translate` and for messages.
    package static let ignoredCharacters: [Character] = [" ", "\t", "-", "_", "/"]
}

/// The one key partner names are compared by: ids, display names, aliases and media sources in
/// requests and in lint's collision rules, and likewise role names, users and agency ids.
///
/// Surrounding white space is ignored and letters are compared without case. Plain ASCII (the
/// usual name) is folded on bytes; anything else goes through Unicode lower-casing, with the same
/// answer for its ASCII part.
package enum NameKey {
    /// The key of a name.
    package static func make(_ name: String) -> String {
        let folded = name.utf8.withContiguousStorageIfAvailable { utf8 -> String? in
            var needsWork = false
            for byte in utf8 {
                if byte >= 0x80 { return nil }
                if isSpace(byte) || (byte &- UInt8(ascii: "A") < 26) { needsWork = true }
            }
            guard needsWork else { return name }
            var start = 0
            var end = utf8.count
            while start < end, isSpace(utf8[start]) { start += 1 }
            while end > start, isSpace(utf8[end - 1]) { end -= 1 }
            return String(unsafeUninitializedCapacity: end - start) { buffer in
                for index in start..<end {
                    buffer[index - start] = utf8[index].asciiLowercased
                }
                return end - start
            }
        }
        return (folded ?? nil) ?? String(name.trimmingWhitespace()).lowercased()
    }

    /// Whether `name` has the key `key` (one made by ``make(_:)``), without building the key when
    /// both are plain ASCII.
    package static func matches(_ name: String, key: String) -> Bool {
        let answer = name.utf8.withContiguousStorageIfAvailable { utf8 -> Bool? in
            key.utf8.withContiguousStorageIfAvailable { key -> Bool? in
                var start = 0
                var end = utf8.count
                while start < end, isSpace(utf8[start]) { start += 1 }
                while end > start, isSpace(utf8[end - 1]) { end -= 1 }
                guard end - start == key.count else {
                    return utf8.contains(where: { $0 >= 0x80 }) ? nil : false
                }
                for index in 0..<key.count {
                    let byte = utf8[start + index]
                    if byte >= 0x80 { return nil }
                    if byte.asciiLowercased != key[index] { return false }
                }
                return true
            } ?? nil
        }
        return (answer ?? nil) ?? (make(name) == key)
    }

    /// ASCII white space: space, tab, line feed, vertical tab, form feed, carriage return.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
}

extension StringProtocol {
    /// The string without leading and trailing white space.
    func trimmingWhitespace() -> SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[start..<end]
    }
}

extension String {
    /// Whether every byte of the text is ASCII, read straight from its storage (most partner-file text is).
    var isAllASCII: Bool {
        utf8.withContiguousStorageIfAvailable { bytes in bytes.allSatisfy { $0 < 0x80 } } ?? utf8.allSatisfy { $0 < 0x80 }
    }
}

extension UInt8 {
    /// An ASCII capital lower-cased; every other byte as it is.
    @inline(__always)
    var asciiLowercased: UInt8 { self &- UInt8(ascii: "A") < 26 ? self | 0x20 : self }
}
