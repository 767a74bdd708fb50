import Testing
@testable import ByteIO

@Suite("the binary writer and reader")
struct BinaryCodingTests {
    /// `text`'s bytes written as a length-prefixed string, then read back.
    static func roundTrip(_ bytes: [UInt8]) throws(BinaryReader.Failure) -> String {
        var writer = BinaryWriter()
        writer.bytes(bytes)
        var reader = BinaryReader(writer.bytes)
        return try reader.string("a test string")
    }

    @Test("strings come back as written, ASCII or not", arguments: ["", "acme", "Acme Ads — Köln", "广告", "emoji 🎯 at the end", "\u{0}\t\n"])
    func stringsRoundTrip(text: String) throws {
        #expect(try Self.roundTrip(Array(text.utf8)) == text)
    }

    @Test(
        "a string that is not UTF-8 is refused, not repaired",
        arguments: [[0xFF], [0x41, 0x80], [0xC3], [0xE0, 0x80, 0x80], [0xF0, 0x90, 0x80], [0xED, 0xA0, 0x80], [0x61, 0xC0, 0xAF]] as [[UInt8]])
    func invalidUTF8IsRefused(bytes: [UInt8]) {
        #expect(throws: BinaryReader.Failure.self) { try Self.roundTrip(bytes) }
    }
}
