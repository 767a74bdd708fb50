/// Appends values to a byte array in a small, length-prefixed binary form that ``BinaryReader`` reads back.
///
/// - Unsigned numbers are LEB128 varints: seven bits a byte, low bits first, the high bit set on every byte but
///   the last (so a count under 128 takes one byte).
/// - A byte string or a text is its length (a varint), then its bytes; a text is UTF-8.
/// - Fixed-size values (a magic number, a digest, a signature) are written as they are, without a length.
///
/// The writer never fails: it only appends to memory. Files are written whole afterwards (``AtomicFile``).
package struct BinaryWriter: Sendable {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    package var count: Int { bytes.count }

    /// One byte: a tag or a flag.
    package mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    package mutating func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    /// An unsigned number as a LEB128 varint.
    package mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A count, a length, a line number: a non-negative `Int` as a varint.
    package mutating func count(_ value: Int) {
        precondition(value >= 0, "a count is never negative")
        varint(UInt64(value))
    }

    /// A number that may be negative, zig-zag encoded (0, -1, 1, -2, … as 0, 1, 2, 3, …) as a varint.
    package mutating func integer(_ value: Int) {
        let wide = Int64(value)
        varint(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
    }

    /// Bytes as they are, with no length before them.
    package mutating func raw(_ value: some Collection<UInt8>) {
        bytes.append(contentsOf: value)
    }

    /// A length, then the bytes.
    package mutating func bytes(_ value: some Collection<UInt8>) {
        count(value.count)
        bytes.append(contentsOf: value)
    }

    /// A length, then the text's UTF-8.
    package mutating func string(_ value: String) {
        bytes(value.utf8)
    }

    /// A number in `width` bytes (1 to 8), little-endian: for a header whose fields have fixed places, and for a
    /// length written before it is known and patched afterwards (``patch(_:width:at:)``).
    package mutating func fixed(_ value: UInt64, width: Int) {
        for index in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * index))) }
    }

    /// Overwrites the `width` bytes at `offset` (written with ``fixed(_:width:)``) with `value`.
    package mutating func patch(_ value: UInt64, width: Int, at offset: Int) {
        for index in 0..<width { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt64(8 * index)) }
    }
}

/// Reads what ``BinaryWriter`` wrote, from bytes that may be truncated, corrupt or made up.
///
/// Nothing in the input is trusted: every length and count is checked against the bytes left before anything is
/// read or allocated for it (a count of elements that each take at least one byte can never exceed the bytes
/// left), varints longer than ten bytes or beyond 64 bits are refused, and texts must be valid UTF-8. A failure
/// names what was being read and the offset, for a message.
package struct BinaryReader: Sendable {
    /// Why the bytes could not be read as expected.
    package enum Failure: Error, Sendable, Hashable {
        /// The bytes end `needed` bytes early, while reading `what`, at `offset`.
        case truncated(what: String, offset: Int, needed: Int)
        /// The bytes at `offset` cannot be `what`.
        case invalid(what: String, offset: Int)
    }

    private let input: [UInt8]
    package private(set) var offset: Int
    private let end: Int

    /// Reads `input[range]` (by default all of it).
    package init(_ input: [UInt8], range: Range<Int>? = nil) {
        self.input = input
        let range = range ?? 0..<input.count
        self.offset = range.lowerBound
        self.end = range.upperBound
    }

    /// The bytes not read yet.
    package var remaining: Int { end - offset }

    package var isAtEnd: Bool { offset == end }

    /// Fails unless every byte has been read.
    package func expectEnd(_ what: String) throws(Failure) {
        guard isAtEnd else { throw .invalid(what: what, offset: offset) }
    }

    package mutating func byte(_ what: String) throws(Failure) -> UInt8 {
        guard offset < end else { throw .truncated(what: what, offset: offset, needed: 1) }
        defer { offset += 1 }
        return input[offset]
    }

    package mutating func bool(_ what: String) throws(Failure) -> Bool {
        let start = offset
        switch try byte(what) {
        case 0: return false
        case 1: return true
        default: throw .invalid(what: what, offset: start)
        }
    }

    package mutating func varint(_ what: String) throws(Failure) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try byte(what)
            // The tenth byte may hold only the 64th bit.
            guard shift < 63 || byte <= 1 else { throw .invalid(what: what, offset: start) }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// A count or length, refused when it exceeds `limit` (by default the bytes left: each element or byte takes
    /// at least one byte of input).
    package mutating func count(_ what: String, limit: Int? = nil) throws(Failure) -> Int {
        let start = offset
        let value = try varint(what)
        let bound = limit ?? remaining
        guard value <= UInt64(max(bound, 0)) else {
            if limit == nil { throw .truncated(what: what, offset: start, needed: Int(clamping: value) - remaining) }
            throw .invalid(what: what, offset: start)
        }
        return Int(value)
    }

    /// A number written with ``BinaryWriter/integer(_:)``.
    package mutating func integer(_ what: String) throws(Failure) -> Int {
        let start = offset
        let encoded = try varint(what)
        let value = Int64(bitPattern: (encoded >> 1) ^ (0 &- (encoded & 1)))
        guard let result = Int(exactly: value) else { throw .invalid(what: what, offset: start) }
        return result
    }

    /// `count` bytes as they are.
    package mutating func raw(_ what: String, count: Int) throws(Failure) -> ArraySlice<UInt8> {
        guard count >= 0 else { throw .invalid(what: what, offset: offset) }
        guard count <= remaining else { throw .truncated(what: what, offset: offset, needed: count - remaining) }
        defer { offset += count }
        return input[offset..<offset + count]
    }

    /// A length, then that many bytes.
    package mutating func bytes(_ what: String) throws(Failure) -> ArraySlice<UInt8> {
        let length = try count(what)
        return try raw(what, count: length)
    }

    /// A length, then that many bytes of UTF-8.
    package mutating func string(_ what: String) throws(Failure) -> String {
        let start = offset
        let slice = try bytes(what)
        // Nearly every string is ASCII, which is valid UTF-8 as it stands; String's general validation costs a catalog
        // load more than anything else it reads.
        let text = slice.withUnsafeBufferPointer { buffer -> String? in
            if buffer.allSatisfy({ $0 < 0x80 }) { return String(decoding: buffer, as: UTF8.self) }
            return String(validating: buffer, as: UTF8.self)
        }
        guard let text else { throw .invalid(what: what, offset: start) }
        return text
    }

    /// A number in `width` bytes, little-endian (``BinaryWriter/fixed(_:width:)``).
    package mutating func fixed(_ what: String, width: Int) throws(Failure) -> UInt64 {
        let slice = try raw(what, count: width)
        var value: UInt64 = 0
        for (index, byte) in slice.enumerated() { value |= UInt64(byte) << UInt64(8 * index) }
        return value
    }

    /// A count, then that many elements read by `element`.
    package mutating func array<Element>(
        _ what: String, _ element: (inout BinaryReader) throws(Failure) -> Element
    ) throws(Failure) -> [Element] {
        let count = try count(what)
        var result: [Element] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try element(&self)) }
        return result
    }
}
