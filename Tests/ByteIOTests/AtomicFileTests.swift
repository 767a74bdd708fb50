#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Testing
@testable import ByteIO

@Suite("the atomic writer", .serialized)
struct AtomicFileTests {
    @Test func aNewFileGetsTheUmask() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let previous = umask(0o027)
        defer { umask(previous) }
        try AtomicFile.write("new\n", to: scratch.file("out"))
        #expect(try scratch.read("out") == "new\n")
        #expect(scratch.mode("out") == 0o640)
        #expect(try scratch.names() == ["out"])
    }

    @Test func anExistingFileKeepsItsMode() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("out", "old\n")
        chmod(scratch.file("out"), 0o600)
        try AtomicFile.write("new\n", to: scratch.file("out"))
        #expect(try scratch.read("out") == "new\n")
        #expect(scratch.mode("out") == 0o600)
        chmod(scratch.file("out"), 0o755)
        try AtomicFile.write("newer\n", to: scratch.file("out"))
        #expect(scratch.mode("out") == 0o755)
        #expect(try scratch.names() == ["out"])
    }

    @Test func nothingChangesUntilCommitAndADiscardLeavesTheOldFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("out", "old\n")
        let file = try AtomicFile(path: scratch.file("out"))
        try Array("half of the new".utf8).withUnsafeBytes { bytes in try writeAll(file.fd, bytes) }
        #expect(try scratch.read("out") == "old\n")
        #expect(try scratch.names().count == 2)
        file.discard()
        #expect(try scratch.read("out") == "old\n")
        #expect(try scratch.names() == ["out"])
    }

    @Test func aFailedCommitLeavesTheOldFileAndNoTemporaryFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("out", "old\n")
        let file = try AtomicFile(path: scratch.file("out"))
        try Array("new\n".utf8).withUnsafeBytes { bytes in try writeAll(file.fd, bytes) }
        // The temporary file vanishes before the rename, as on a folder cleaned up meanwhile: the rename fails.
        let temporary = try #require(try scratch.names().first { $0.contains(".partial-") })
        #expect(temporary.hasPrefix(".out.partial-"))
        unlink(scratch.file(temporary))
        #expect {
            try file.commit()
        } throws: { error in
            (error as? IOFailure)?.reason.hasPrefix("cannot rename the output into") == true
        }
        #expect(try scratch.read("out") == "old\n")
        #expect(try scratch.names() == ["out"])
    }

    @Test func theTemporaryNameCarriesTheWritersPid() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = try AtomicFile(path: scratch.file("out"))
        defer { file.discard() }
        let temporary = try #require(try scratch.names().first)
        #expect(temporary.hasPrefix(".out.partial-\(getpid())-"))
    }

    @Test func aLaterWriterRemovesTheTemporaryFilesOfGoneWritersOnly() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // A process that has ended: its pid is gone (until reused, which a fresh pid is not this soon).
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let gone = ended.processIdentifier
        let live = getppid()
        try scratch.write(".out.partial-\(gone)-abcDEF", "half of a killed run")
        try scratch.write(".out.partial-\(live)-ghiJKL", "a live writer's")
        try scratch.write(".other.partial-\(gone)-mnoPQR", "another destination's")
        try scratch.write(".out.partial-abcdef", "a name without a pid")
        try AtomicFile.write("new\n", to: scratch.file("out"))
        #expect(try scratch.read("out") == "new\n")
        #expect(try scratch.names() == [".other.partial-\(gone)-mnoPQR", ".out.partial-\(live)-ghiJKL", ".out.partial-abcdef", "out"])
    }

    /// The clean-up reads each folder entry's name up to its NUL, not the 256 bytes `d_name` declares: readdir's
    /// records are as short as their names (the fuzz runs found the overflow; it shows under `--sanitize address`).
    @Test func theCleanUpReadsFolderEntriesOnlyUpToTheirNames() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        for length in [1, 7, 30, 120, 250] { try scratch.write(String(repeating: "n", count: length), "") }
        try AtomicFile.write("new\n", to: scratch.file("out"))
        #expect(try scratch.names().count == 6)
    }

    @Test func aFileReleasedWithoutCommitLeavesNoTemporaryFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        do { _ = try AtomicFile(path: scratch.file("out")) }
        #expect(try scratch.names() == [])
    }

    @Test func aFailedCreateLeavesTheOldFileAndSaysWhere() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect {
            try AtomicFile.write("x", to: scratch.file("missing-folder/out"))
        } throws: { error in
            (error as? IOFailure)?.reason.hasPrefix("cannot create a file in '\(scratch.path)/missing-folder/'") == true
        }
        #expect {
            try AtomicFile.write("x", to: scratch.path)
        } throws: { error in
            (error as? IOFailure)?.reason == "is a directory; give a file name"
        }
        #expect(try scratch.names() == [])
    }

    @Test func aNamedPipeIsWrittenIntoNotReplaced() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.file("pipe")
        try #require(mkfifo(path, 0o600) == 0)
        // Held open for reading and writing, so the writer's open does not wait and the bytes can be read back.
        let reading = open(path, O_RDWR | O_NONBLOCK)
        try #require(reading >= 0)
        defer { close(reading) }
        try AtomicFile.write("through the pipe\n", to: path)
        var buffer = [UInt8](repeating: 0, count: 100)
        let count = buffer.withUnsafeMutableBytes { read(reading, $0.baseAddress, $0.count) }
        #expect(count > 0 && String(decoding: buffer[..<count], as: UTF8.self) == "through the pipe\n")
        #expect(FileKind(path: path) == .stream)
        #expect(try scratch.names() == ["pipe"])
    }

    @Test func aDeviceIsWrittenDirectly() throws {
        try AtomicFile.write("discarded\n", to: "/dev/null")
        #expect(FileKind(path: "/dev/null") == .stream)
    }

    @Test func aSymbolicLinkIsFollowedAndStays() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("target", "old\n")
        try FileManager.default.createSymbolicLink(atPath: scratch.file("link"), withDestinationPath: scratch.file("target"))
        try AtomicFile.write("new\n", to: scratch.file("link"))
        #expect(try scratch.read("target") == "new\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.file("link")) == scratch.file("target"))
        #expect(try scratch.names() == ["link", "target"])
    }
}
