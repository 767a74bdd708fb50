#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Testing
@testable import ByteIO

@Suite("the buffered writer")
struct WriterTests {
    /// Writes a mix of small appends, reserved room and a block larger than the buffer; both paths (on this
    /// thread and behind it) must give the same bytes in the same order.
    @Test(arguments: [false, true])
    func bytesArriveInOrder(writeBehind: Bool) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let fd = open(scratch.file("out"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        var expected: [UInt8] = []
        do {
            let writer = ByteWriter(descriptor: fd, capacity: 16, writeBehind: writeBehind)
            for index in 0..<200 {
                let text = "row \(index);"
                try writer.append(text)
                expected += Array(text.utf8)
                try writer.append(UInt8(ascii: "|"))
                expected.append(UInt8(ascii: "|"))
                let room = try writer.reserve(2)
                room.storeBytes(of: UInt8(ascii: "<"), as: UInt8.self)
                room.storeBytes(of: UInt8(ascii: ">"), toByteOffset: 1, as: UInt8.self)
                writer.commit(2)
                expected += Array("<>".utf8)
            }
            let large = [UInt8](repeating: UInt8(ascii: "L"), count: 100)
            try large.withUnsafeBytes { bytes in try writer.append(bytes) }
            expected += large
            try writer.append("end")
            expected += Array("end".utf8)
            try writer.flush()
        }
        #expect(Array(try scratch.read("out").utf8) == expected)
    }

    @Test(arguments: [false, true])
    func aWriteFailureIsReported(writeBehind: Bool) throws {
        // A descriptor open for reading only cannot be written.
        let fd = open("/dev/null", O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let writer = ByteWriter(descriptor: fd, capacity: 8, writeBehind: writeBehind)
        #expect {
            for _ in 0..<10 { try writer.append("0123456789") }
            try writer.flush()
        } throws: { error in
            if case .system(EBADF)? = (error as? IOFailure)?.kind { return true }
            return false
        }
    }

    @Test func writeAllWritesEverything() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let fd = open(scratch.file("out"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        let bytes = [UInt8](repeating: 7, count: 3 << 20)
        try bytes.withUnsafeBytes { raw in try writeAll(fd, raw) }
        close(fd)
        #expect(FileKind(path: scratch.file("out")) == .regular(size: 3 << 20))
    }
}
