import Foundation
package import PartnerRules

/// Reads the earlier catalog `lint --baseline` and `diff` compare with: a folder (`DIR`), or the partners folder
/// as it is at a git revision (`git:REF`), read with `git ls-tree` and `git cat-file` without a checkout
/// (SPEC 4a). The process is run here, at the edge; the library reads the files' bytes (``Baseline``).
package enum BaselineReader {
    /// Reads the baseline `spec` names. `partners` is the folder being compared: a git baseline is that folder at
    /// the revision, and its files are named as they stand in it.
    package static func load(_ spec: String, partners: String) throws(CatalogError) -> LintReport {
        guard spec.hasPrefix(Baseline.gitPrefix) else { return try Baseline.report(folder: spec) }
        let revision = String(spec.dropFirst(Baseline.gitPrefix.count))
        guard !revision.isEmpty, !revision.hasPrefix("-") else {
            throw .unreadable(path: spec, reason: "name a git revision after 'git:', such as git:main or git:origin/main")
        }
        let folder = partners.hasSuffix("/") ? String(partners.dropLast()) : partners
        let listing = try git(["ls-tree", "--full-tree", "-z", "\(revision):./"], in: folder, spec: spec)
        var entries: [(name: String, object: String)] = []
        for record in listing.split(separator: 0) {
            // `<mode> <type> <object>\t<name>`
            guard let tab = record.firstIndex(of: 9) else { continue }
            let fields = record[..<tab].split(separator: 32).map { String(decoding: $0, as: UTF8.self) }
            let name = String(decoding: record[record.index(after: tab)...], as: UTF8.self)
            guard fields.count == 3, fields[1] == "blob", name.hasSuffix(".yaml"), !name.hasPrefix(".") else { continue }
            entries.append((name, fields[2]))
        }
        var files: [CatalogSourceFile] = []
        if !entries.isEmpty {
            let input = entries.map { $0.object + "\n" }.joined()
            let output = try git(["cat-file", "--batch"], in: folder, spec: spec, input: Array(input.utf8))
            var offset = output.startIndex
            for entry in entries {
                // `<object> blob <size>\n<bytes>\n`
                guard let end = output[offset...].firstIndex(of: 10),
                    let size = output[offset..<end].split(separator: 32).last.flatMap({ Int(String(decoding: $0, as: UTF8.self)) }),
                    end + 1 + size <= output.endIndex
                else { throw .unreadable(path: spec, reason: "git cat-file gave an unexpected answer for \(entry.name)") }
                files.append(CatalogSourceFile(name: entry.name, bytes: Array(output[(end + 1)..<(end + 1 + size)])))
                offset = min(end + 1 + size + 1, output.endIndex)
            }
        }
        return Baseline.report(files: files, folder: folder)
    }

    /// Whether `folder` is inside a git work tree (where `diff`'s baseline defaults to `git:HEAD`).
    package static func isInGitWorkTree(_ folder: String) -> Bool {
        (try? git(["rev-parse", "--is-inside-work-tree"], in: folder, spec: "git:HEAD")) != nil
    }

    /// Runs git in `folder` and returns its standard output; a failure names the revision and git's reason.
    private static func git(_ arguments: [String], in folder: String, spec: String, input: [UInt8] = []) throws(CatalogError) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder.isEmpty ? "." : folder] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw .unreadable(path: spec, reason: "cannot run git: \(error.localizedDescription)")
        }
        // Written from another thread, so a large answer cannot block git while it waits for input.
        let writer = stdin.fileHandleForWriting
        let data = Data(input)
        let feeding = Thread {
            try? writer.write(contentsOf: data)
            try? writer.close()
        }
        feeding.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = String(decoding: errors, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "git failed"
            throw .unreadable(path: spec, reason: "cannot read the partners folder at that revision: \(reason)")
        }
        return [UInt8](output)
    }
}
