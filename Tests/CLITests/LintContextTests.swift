import Foundation
import PartnerRulesTestSupport
import Testing

/// Lint as product staff meet it (SPEC 4a): a copied partner file, one file linted alone, a file with
/// the wrong extension, a baseline from git. Each works on a copy of the real catalog.
@Suite("partner-rules lint: context, cross-file findings, extensions, baselines")
struct LintContextTests {
    /// A copy of the real partners folder inside a fresh git repository with one commit, so
    /// `--baseline git:HEAD` is the catalog as it stands.
    struct Checkout {
        let directory: TemporaryDirectory
        var root: URL { directory.url }

        init() throws {
            directory = try TemporaryDirectory(prefix: "lint-context")
            try FileManager.default.createDirectory(atPath: directory.file("partners"), withIntermediateDirectories: true)
            for file in try Repository.partnerFileNames() {
                try FileManager.default.copyItem(atPath: Repository.partners + "/" + file, toPath: directory.file("partners/" + file))
            }
        }

        /// Makes the folder a git repository with the partners committed.
        func commit() async throws {
            for arguments in [["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "catalog"]] {
                let result = try await ProcessRunner.run(program: "git", arguments, currentDirectory: root, timeout: .seconds(60))
                try #require(result.status == 0, "\(result.stderrText)")
            }
        }

        func text(_ name: String) throws -> String { try directory.read("partners/" + name) }
        func write(_ name: String, _ text: String) throws { try directory.write("partners/" + name, text) }
        func lint(_ arguments: [String]) async throws -> CLI.Result { try await CLI.run(["lint"] + arguments, in: root) }
        func cleanup() { directory.cleanup() }
    }

    /// The partner files of the real catalog (not its settings file).
    static func partnerNames() throws -> [String] { try Repository.partnerFileNames().filter { !$0.hasPrefix("_") } }

    /// The README's own step: copy a similar partner file to a new name. The finding is in the new file.
    @Test("a copied partner file gets every cross-file finding, each naming the file it was copied from")
    func copiedFile() async throws {
        let checkout = try Checkout()
        defer { checkout.cleanup() }
        let original = try #require(try Self.partnerNames().first)
        try checkout.write("copied-partner.yaml", try checkout.text(original))
        let result = try await checkout.lint(["partners", "--format", "json"])
        #expect(result.status == 1)
        let findings = try #require(try JSONSerialization.jsonObject(with: result.stdoutBytes) as? [[String: Any]])
        let copied = findings.filter { $0["file"] as? String == "partners/copied-partner.yaml" }
        let crossFile = Set(["duplicate-id", "duplicate-media-source"])
        #expect(crossFile.isSubset(of: Set(copied.compactMap { $0["code"] as? String })), "\(copied)")
        for finding in copied where crossFile.contains(finding["code"] as? String ?? "") {
            let related = try #require(finding["related"] as? [[String: Any]], "\(finding)")
            #expect(related.contains { $0["file"] as? String == "partners/\(original)" && ($0["line"] as? Int ?? 0) > 0 })
            #expect((finding["message"] as? String ?? "").contains("partners/\(original):"))
        }
        // The original is told too, naming the copy.
        let originals = findings.filter { $0["file"] as? String == "partners/\(original)" }
        #expect(originals.contains { ($0["message"] as? String ?? "").contains("partners/copied-partner.yaml:") })

        let sarif = try await checkout.lint(["partners", "--format", "sarif"])
        #expect(sarif.stdout.contains("\"relatedLocations\""))
        let github = try await checkout.lint(["partners", "--format", "github"])
        #expect(github.stdout.contains("file=partners/copied-partner.yaml"))
    }

    @Test("a file given alone is linted with its folder: a duplicate media source fails, reported on the file given only")
    func fileAlone() async throws {
        let checkout = try Checkout()
        defer { checkout.cleanup() }
        let original = try #require(try Self.partnerNames().first)
        let stem = original.dropLast(5)
        let copy = try checkout.text(original)
            .replacingOccurrences(of: "id: \(stem)\n", with: "id: lonely\n")
        try checkout.write("lonely.yaml", copy)
        let result = try await checkout.lint(["partners/lonely.yaml"])
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("[duplicate-media-source]"))
        let files = Set(result.stdout.split(separator: "\n").map { String($0.prefix { $0 != ":" }) })
        #expect(files == ["partners/lonely.yaml"], "\(result.stdout)")
        #expect(result.stderr.contains("in 1 file"))
        // An untouched file alone is clean, and its folder's other files are context, not output.
        let clean = try await checkout.lint(["partners/\(original)"])
        #expect(clean.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("partners/\(original):") }, "\(clean.stdout)")
    }

    @Test("any spelling of the extension but .yaml is an error naming the file; subfolders are not read",
          arguments: ["extra.yml", "extra.YAML", "extra.Yml", "extra.yAmL", "extra.yaml.bak"])
    func wrongExtension(name: String) async throws {
        let checkout = try Checkout()
        defer { checkout.cleanup() }
        try checkout.write(name, "id: extra\n")
        try checkout.write("tests/not-a-partner.yaml", "this: is a partner test, read by `test`\n")
        let result = try await checkout.lint(["partners"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("partners/\(name):1:1: error:"), "\(result.stdout)")
        #expect(result.stdout.contains("rename it to 'extra.yaml'") && result.stdout.contains("[file-extension]"))
        #expect(!result.stdout.contains("not-a-partner"), "\(result.stdout)")
    }

    @Test("--baseline git:REF reads the folder at a revision; one file compared alone reports no other partner as removed")
    func gitBaseline() async throws {
        let checkout = try Checkout()
        defer { checkout.cleanup() }
        try await checkout.commit()
        let unchanged = try await checkout.lint(["partners", "--baseline", "git:HEAD"])
        #expect(unchanged.status == 0, "\(unchanged.stdout)\(unchanged.stderr)")
        #expect(!unchanged.stdout.contains("[breaking-change]"))
        let names = try Self.partnerNames()
        for name in [names.first, names.last].compactMap({ $0 }) {
            let alone = try await checkout.lint(["partners/\(name)", "--baseline", "git:HEAD"])
            #expect(!alone.stdout.contains("[breaking-change]"), "\(name): \(alone.stdout)")
        }
        // A partner renamed: its media sources now under another id.
        let original = try #require(names.first)
        let stem = String(original.dropLast(5))
        try checkout.write("renamed.yaml", try checkout.text(original).replacingOccurrences(of: "id: \(stem)\n", with: "id: renamed\n"))
        try FileManager.default.removeItem(atPath: checkout.directory.file("partners/\(original)"))
        let renamed = try await checkout.lint(["partners", "--baseline", "git:HEAD"])
        #expect(renamed.status == 0)
        #expect(renamed.stdout.contains("partners/renamed.yaml:") && renamed.stdout.contains("was renamed"), "\(renamed.stdout)")
        let failing = try await checkout.lint(["partners", "--baseline", "git:HEAD", "--fail-on", "breaking"])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("error: partner '\(stem)' was renamed"), "\(failing.stdout)")
        // _catalog.yaml deleted.
        try FileManager.default.removeItem(atPath: checkout.directory.file("partners/_catalog.yaml"))
        await #expect(try checkout.lint(["partners", "--baseline", "git:HEAD"]).stdout.contains("partners/_catalog.yaml:1:1: warning:"))
        // A revision that does not exist is bad usage.
        let missing = try await checkout.lint(["partners", "--baseline", "git:no-such-branch"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("git:no-such-branch"))
    }

    @Test("lint --explain explains the codes given, all with none, in the chosen format")
    func explainCodes() async throws {
        let one = try await CLI.run(["lint", "--explain", "secret-unmasked"])
        #expect(one.status == 0)
        #expect(one.stdout == "secret-unmasked (error): \(one.stdout.split(separator: ":", maxSplits: 1).last.map { String($0.dropFirst()) } ?? "")")
        #expect(one.stdout.split(separator: "\n").count == 1)
        let json = try await CLI.run(["lint", "--explain", "duplicate-id", "file-extension", "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [[String: String]])
        #expect(entries.map { $0["code"] } == ["duplicate-id", "file-extension"])
        #expect(entries.allSatisfy { $0["severity"] == "error" && !($0["summary"] ?? "").isEmpty })
        let all = try await CLI.run(["lint", "--explain"])
        #expect(all.stdout.contains("secret-not-marked (error):") && all.stdout.contains("breaking-change (warning):"))
        let typo = try await CLI.run(["lint", "--explain", "duplicate-ids"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("did you mean 'duplicate-id'?"))
    }

    @Test("an unknown command gets a did-you-mean and exit 2")
    func unknownCommand() async throws {
        let result = try await CLI.run(["lnit", "partners"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown command 'lnit'; did you mean 'lint'?"), "\(result.stderr)")
    }
}
