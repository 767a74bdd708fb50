#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The one atomic writer: a file written under a temporary name in its folder and renamed into place only when
/// complete, so a reader sees the old file or the whole new one, never half of it.
///
/// - The temporary file is created in the destination's folder (so the rename stays on one file system) as
///   `.NAME.partial-PID-XXXXXX`, PID being the writer's process id; ``discard()``, a failed ``commit()`` and `deinit`
///   remove it. A writer killed before any of those (SIGKILL, a crash, a power cut) leaves it behind: the next writer
///   of the same destination removes the temporary files whose process is gone, never those of a live writer.
/// - ``commit()`` `fsync`s the file before the rename and the folder after it, so after a crash the path holds
///   the old file or the whole new one. A writer made with `durable: false` skips both: `classify` and
///   `audiences hash` stream outputs of a gigabyte and more that can be made again from their input, and
///   waiting for the disk would multiply their run time (7.7 s to sync 1.1 GB here, against 1.6 s to classify
///   it). Readers still see the old file or the whole new one while the system runs.
/// - The new file gets the permission bits of the file it replaces; a new path gets `0666` less the umask, as any
///   newly created file does.
/// - A path that exists and is not a regular file (`/dev/null`, a named pipe, a terminal) is opened and written
///   directly: renaming over it would replace the device or pipe. A directory is refused.
/// - A symbolic link is followed: the file it points to is replaced and the link stays.
package final class AtomicFile {
    /// The path as given, for messages.
    package let path: String
    package let fd: Int32
    /// `nil` when writing directly.
    private let temporaryPath: String?
    private let finalPath: String
    /// Whether ``commit()`` writes the file and its folder to disk.
    private let durable: Bool
    private var finished = false

    /// Creates the temporary file next to `path` (or opens `path` itself when it is not a regular file).
    package init(path: String, durable: Bool = true) throws(IOFailure) {
        self.path = path
        self.durable = durable
        var status = stat()
        if stat(path, &status) == 0 && status.st_mode & S_IFMT != S_IFREG {
            guard status.st_mode & S_IFMT != S_IFDIR else { throw IOFailure(reason: "is a directory; give a file name") }
            fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .system("cannot open") }
            temporaryPath = nil
            finalPath = path
            return
        }
        var target = path
        if lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK, let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        // The mode of the file being replaced; `nil` for a new file (the umask then applies at `open`).
        var replacedMode: mode_t?
        if stat(target, &status) == 0 && status.st_mode & S_IFMT == S_IFREG { replacedMode = status.st_mode & 0o7777 }

        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[...$0]) } ?? ""
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        AtomicFile.removeAbandoned(in: directory, name: name)
        var created: (fd: Int32, path: String)?
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<64 {
            let candidate = "\(directory).\(name).partial-\(getpid())-\(AtomicFile.randomSuffix(using: &generator))"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 {
                created = (fd, candidate)
                break
            }
            guard errno == EEXIST else { break }
        }
        guard let created else { throw .system("cannot create a file in '\(directory.isEmpty ? "." : directory)'") }
        if let replacedMode, fchmod(created.fd, replacedMode) != 0 {
            let failure = IOFailure.system("cannot give the new file the mode of '\(path)'")
            close(created.fd)
            unlink(created.path)
            throw failure
        }
        fd = created.fd
        temporaryPath = created.path
        finalPath = target
    }

    deinit { discard() }

    /// Removes the temporary files `.NAME.partial-PID-XXXXXX` in `directory` whose writer, process PID, no longer
    /// runs. Best effort: a folder that cannot be listed, or a file another run removes first, is left alone.
    static func removeAbandoned(in directory: String, name: String) {
        guard let folder = opendir(directory.isEmpty ? "." : directory) else { return }
        defer { closedir(folder) }
        let prefix = ".\(name).partial-"
        while let entry = readdir(folder) {
            // Up to the name's NUL only: readdir's record may end there, short of `d_name`'s declared 256 bytes
            // (reading the whole tuple overflowed the heap under AddressSanitizer; found by the fuzz runs).
            let entryName = withUnsafePointer(to: &entry.pointee.d_name) { name in
                String(cString: UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
            }
            guard entryName.hasPrefix(prefix) else { continue }
            let rest = entryName.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), rest[rest.index(after: dash)...].count == 6,
                let pid = pid_t(rest[..<dash]), pid > 0, pid != getpid()
            else { continue }
            // ESRCH: no such process. EPERM means it runs under another user: alive.
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + entryName) }
        }
    }

    /// Six letters and digits for a temporary name.
    private static func randomSuffix(using generator: inout SystemRandomNumberGenerator) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<6).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// Writes the file to disk, closes it, renames it to `path` and writes the folder to disk. On failure the
    /// temporary file is removed and whatever was at `path` before is left as it was.
    package func commit() throws(IOFailure) {
        guard !finished else { return }
        finished = true
        guard let temporaryPath else {
            guard close(fd) == 0 else { throw .system("cannot write '\(path)'") }
            return
        }
        guard !durable || fsync(fd) == 0 else {
            let failure = IOFailure.system("cannot write '\(path)'")
            close(fd)
            unlink(temporaryPath)
            throw failure
        }
        guard close(fd) == 0 else {
            let failure = IOFailure.system("cannot write '\(path)'")
            unlink(temporaryPath)
            throw failure
        }
        guard rename(temporaryPath, finalPath) == 0 else {
            let failure = IOFailure.system("cannot rename the output into '\(path)'")
            unlink(temporaryPath)
            throw failure
        }
        if durable { try AtomicFile.syncFolder(of: finalPath) }
    }

    /// `fsync` of the folder that holds `path`, so the rename itself is on disk. File systems that cannot sync a
    /// folder (`EINVAL`) are left alone; they order the rename after the data without it.
    private static func syncFolder(of path: String) throws(IOFailure) {
        let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? "."
        let fd = open(folder, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        if fsync(fd) != 0 && errno == EIO { throw .system("cannot write the folder of '\(path)' to disk") }
    }

    /// Closes and removes the temporary file (nothing happens after ``commit()``).
    package func discard() {
        guard !finished else { return }
        finished = true
        close(fd)
        if let temporaryPath { unlink(temporaryPath) }
    }

    /// Writes `bytes` to `path` atomically.
    package static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws(IOFailure) {
        let file = try AtomicFile(path: path)
        do {
            try writeAll(file.fd, bytes)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }

    /// Writes `text` to `path` atomically.
    package static func write(_ text: String, to path: String) throws(IOFailure) {
        var text = text
        let failure = text.withUTF8 { bytes -> IOFailure? in
            do throws(IOFailure) {
                try write(UnsafeRawBufferPointer(bytes), to: path)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }
}
