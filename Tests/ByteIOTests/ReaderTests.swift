#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Testing
@testable import ByteIO

@Suite("the byte reader and the line splitter")
struct ReaderTests {
    /// Every line the splitter gives, as text.
    static func lines(_ text: String, chunkSize: Int, dropsCarriageReturn: Bool = false) throws -> [String] {
        let descriptor = pipeFeeding(Array(text.utf8), piece: 3)
        let splitter = LineSplitter(
            ByteReader(descriptor: descriptor, name: "<pipe>", ownsDescriptor: true), chunkSize: chunkSize,
            maximumLineLength: 64, dropsCarriageReturn: dropsCarriageReturn)
        var lines: [String] = []
        while let line = try splitter.nextLine() { lines.append(String(decoding: line, as: UTF8.self)) }
        #expect(splitter.lineNumber == lines.count)
        return lines
    }

    @Test(arguments: [1, 2, 3, 7, 64, 1 << 16])
    func linesAreTheSameWhateverTheChunkSize(chunkSize: Int) throws {
        #expect(try Self.lines("a\nbb\n\nccc\n", chunkSize: chunkSize) == ["a", "bb", "", "ccc"])
        #expect(try Self.lines("no final newline\nlast", chunkSize: chunkSize) == ["no final newline", "last"])
        #expect(try Self.lines("", chunkSize: chunkSize) == [])
        #expect(try Self.lines("\n", chunkSize: chunkSize) == [""])
    }

    @Test(arguments: [1, 2, 5, 1 << 16])
    func carriageReturnsStayOrGo(chunkSize: Int) throws {
        #expect(try Self.lines("a\r\nb\r\nc", chunkSize: chunkSize) == ["a\r", "b\r", "c"])
        #expect(try Self.lines("a\r\nb\r\nc\r", chunkSize: chunkSize, dropsCarriageReturn: true) == ["a", "b", "c"])
        // Only a CR right before the line end is dropped.
        #expect(try Self.lines("a\rb\r\n", chunkSize: chunkSize, dropsCarriageReturn: true) == ["a\rb"])
    }

    @Test func aLineLongerThanTheLimitIsAnErrorWithItsNumber() throws {
        let text = "short\n" + String(repeating: "x", count: 200) + "\n"
        #expect {
            _ = try Self.lines(text, chunkSize: 16)
        } throws: { error in
            (error as? IOFailure)?.kind == .lineTooLong(line: 2, limit: 64)
        }
    }

    @Test func everyLineCanBeReadSixtyFourBytesPast() throws {
        // The splitter promises zeroed room after the part read(2) fills, so a 64-byte load from any line start stays
        // inside its allocation; a line at the very end of a full buffer is the case that needs it.
        #expect(LineSplitter.readableBytesPerLine == 64)
    }

    @Test func readAllHonoursTheLimitForFilesAndPipes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("small", "12345")
        try scratch.write("large", String(repeating: "y", count: 100))
        #expect(try ByteReader(path: scratch.file("small")).readAll(limit: 5) == Array("12345".utf8))
        #expect(try ByteReader(path: scratch.file("small")).readAll() == Array("12345".utf8))
        #expect {
            try ByteReader(path: scratch.file("large")).readAll(limit: 99)
        } throws: { error in
            (error as? IOFailure)?.kind == .tooLarge(bytes: 100, limit: 99)
        }
        let pipe = pipeFeeding(Array(repeating: 0x41, count: 100), piece: 7)
        #expect {
            try ByteReader(descriptor: pipe, name: "<pipe>", ownsDescriptor: true).readAll(limit: 50, chunkSize: 8)
        } throws: { error in
            if case .tooLarge(let bytes, 50)? = (error as? IOFailure)?.kind { return bytes > 50 }
            return false
        }
        let whole = pipeFeeding(Array(repeating: 0x42, count: 1000), piece: 7)
        #expect(try ByteReader(descriptor: whole, name: "<pipe>", ownsDescriptor: true).readAll(limit: 1000, chunkSize: 8).count == 1000)
        let empty = pipeFeeding([], piece: 1)
        #expect(try ByteReader(descriptor: empty, name: "<pipe>", ownsDescriptor: true).readAll() == [])
    }

    @Test func partsAndOffsets() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("file", "abcdefghij")
        let reader = try ByteReader(path: scratch.file("file"))
        #expect(try reader.kind() == .regular(size: 10))
        #expect(try reader.read(upTo: 4) == Array("abcd".utf8))
        #expect(try reader.read(upTo: 100) == Array("efghij".utf8))
        #expect(try reader.read(upTo: 100) == [])
        var buffer = [UInt8](repeating: 0, count: 3)
        let count = try buffer.withUnsafeMutableBytes { bytes in try reader.read(into: bytes, at: 8) }
        #expect(count == 2 && buffer[..<2] == Array("ij".utf8)[...])
        try reader.rewind()
        #expect(try reader.read(upTo: 2) == Array("ab".utf8))
    }

    @Test func aFolderAndAMissingFileSayWhy() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(try ByteReader(path: scratch.path).kind() == .directory)
        #expect {
            try ByteReader(path: scratch.path).readAll()
        } throws: { error in
            (error as? IOFailure)?.kind == .system(EISDIR)
        }
        #expect {
            try ByteReader(path: scratch.file("missing"))
        } throws: { error in
            (error as? IOFailure)?.reason == "No such file or directory"
        }
    }

    @Test func errnoTextIsTheSystemsText() {
        #expect(SystemError.describe(ENOENT) == "No such file or directory")
        #expect(IOFailure.system("cannot open", code: EACCES).reason == "cannot open: Permission denied")
        #expect(IOFailure.system(code: EACCES).kind == .system(EACCES))
        #expect(!SystemError.describe(99_999).isEmpty)
    }
}
