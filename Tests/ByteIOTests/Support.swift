#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// A fresh folder under the temporary directory, removed by ``remove()``.
struct Scratch {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("byteio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
    }

    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: file(name))), as: UTF8.self)
    }

    func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }

    func mode(_ name: String) -> mode_t {
        var status = stat()
        guard stat(file(name), &status) == 0 else { return 0 }
        return status.st_mode & 0o7777
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A stream whose other end is fed `bytes` in pieces of `piece` bytes by a thread, then closed.
///
/// A socket pair rather than a pipe: its writer sends with `MSG_NOSIGNAL`, so a test that stops reading early does
/// not end the test process with `SIGPIPE`.
func pipeFeeding(_ bytes: [UInt8], piece: Int) -> Int32 {
    var ends: [Int32] = [0, 0]
    #if canImport(Darwin)
        let type = SOCK_STREAM
        let noSignal: Int32 = 0
    #else
        let type = Int32(SOCK_STREAM.rawValue)
        let noSignal = Int32(MSG_NOSIGNAL)
    #endif
    precondition(socketpair(AF_UNIX, type, 0, &ends) == 0)
    let writeEnd = ends[1]
    let thread = Thread {
        var offset = 0
        while offset < bytes.count {
            let count = min(piece, bytes.count - offset)
            let written = bytes[offset..<(offset + count)].withUnsafeBytes { send(writeEnd, $0.baseAddress, count, noSignal) }
            guard written > 0 else { break }
            offset += written
        }
        close(writeEnd)
    }
    thread.start()
    return ends[0]
}
