import Foundation
import PartnerRulesTestSupport
import Testing

/// `partner-rules check` as a user runs it, through the shared ``CLI`` helper.
enum CheckCLI {
    /// The catalog as a user in the repository names it: verdicts' `because` places name the files as loaded, so
    /// the goldens hold `partners/….yaml` wherever the repository is.
    static let partners = "partners"

    static func run(_ arguments: [String], input: String = "") async throws -> CLI.Result {
        try await CLI.run(["check"] + arguments, input: Data(input.utf8))
    }

    /// Writes a temporary file and returns its path.
    static func file(_ name: String, _ content: String) throws -> String {
        try directory.write(name, content)
    }

    /// One folder for this run's request files.
    static let directory: TemporaryDirectory = {
        do {
            return try TemporaryDirectory(prefix: "check-cli")
        } catch {
            preconditionFailure("cannot create a temporary folder: \(error)")
        }
    }()
}

@Suite("partner-rules check", .serialized)
struct CheckCommandTests {
    static let today = ["--today", "2024-05-01"]

    /// Requests with golden verdicts: the file name, the request, other arguments, the exit status.
    static let goldenCases: [(name: String, request: String, arguments: [String], status: Int32)] = [
        (
            "check-moloco-valid.json",
            #"{"partner": "Moloco", "apps": ["com.acme.game"], "user": "ana@acme.example", "credentials": {"email": "ana@acme.example", "password": "hunter2-secret", "workplace_id": " acme games "}, "roles": ["workplace owner"]}"#,
            [], 0
        ),
        (
            "check-trademob-invalid.json",
            #"{"partner": "Trademob", "apps": ["com.acme.game", "id1234567890", "com.acme.game"], "user": "ana@acme.example", "credentials": {"email": "ana@acme.example", "pasword": "s3cret"}, "agency": {"id": "blue-agency", "transparent": false}, "roi360": {"subscribed": true, "integrated_by": "bo@acme.example"}}"#,
            [], 1
        ),
        (
            "check-unknown-partner.json",
            #"{"partner": "Molocco", "apps": ["com.acme.game"]}"#,
            [], 1
        ),
        (
            "check-tiktok-legacy.json",
            #"{"partner": "bytedanceglobal_int", "apps": ["com.acme.game"], "user": "ana@acme.example", "oauth": {"granted": true, "full_permissions": false}}"#,
            [], 1
        ),
        (
            "check-unity-update.json",
            #"{"operation": "update", "partner": "unityads_int", "apps": ["id1234567890"], "credentials": {"key_id": "k", "secret_key": "s", "organization_core_id": "o"}, "roles": ["Advertise API Viewer"]}"#,
            [], 1
        ),
    ]

    @Test(arguments: goldenCases.indices)
    func goldenVerdict(_ index: Int) async throws {
        let testCase = Self.goldenCases[index]
        let path = try CheckCLI.file(testCase.name, testCase.request)
        let result = try await CheckCLI.run([path, "--partners", CheckCLI.partners] + Self.today + testCase.arguments)
        #expect(result.status == testCase.status, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        try CLI.expectGolden(result.stdout, testCase.name)
    }

    /// `--explain` tells on standard error which line of which partner file decided each issue and the plan; the
    /// verdict on standard output stays the same.
    @Test func explain() async throws {
        let testCase = try #require(Self.goldenCases.first { $0.name == "check-unity-update.json" })
        let result = try await CheckCLI.run(["-", "--explain", "--partners", CheckCLI.partners] + Self.today, input: testCase.request)
        #expect(result.status == 1)
        try CLI.expectGolden(result.stdout, testCase.name)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let plan = try #require(lines.firstIndex(of: "plan delete_and_recreate"), "\(result.stderr)")
        #expect(lines.dropFirst(plan + 1).first == "  because partners/unity-ads.yaml:8:22: credentials_mutable: false")
        #expect(lines.contains { $0.hasPrefix("error missing_role at roles: ") })
        #expect(lines.contains("  because partners/unity-ads.yaml:11:12: all_of: [Advertisers API Stats Viewer]"), "\(result.stderr)")
        #expect(!result.stderr.contains("\"s\""), "the secret key's value must not be shown")

        let both = try await CheckCLI.run(["--explain", "--ndjson", "--partners", CheckCLI.partners], input: testCase.request)
        #expect(both.status == 2)
        #expect(both.stderr.contains("drop --ndjson"), "\(both.stderr)")
    }

    @Test func standardInputAndExisting() async throws {
        let existing = try CheckCLI.file(
            "existing.json",
            #"[{"media_source": "bytedanceglobal_int", "apps": ["com.acme.game"], "user": "bo@acme.example"}, {"partner": "TikTok", "apps": ["com.acme.game"], "user": "ana@acme.example"}, {"partner": "nobody", "apps": []}]"#)
        let request = #"{"partner": "tiktok", "apps": ["com.acme.game"], "user": "Ana@acme.example", "oauth": {"granted": true}}"#
        let result = try await CheckCLI.run(["-", "--partners", CheckCLI.partners, "--existing", existing] + Self.today, input: request)
        #expect(result.status == 1)
        #expect(result.stderr.contains("[2]: no partner or media source 'nobody'"))
        try CLI.expectGolden(result.stdout, "check-tiktok-existing.json")
    }

    @Test func ndjsonStream() async throws {
        let lines = [
            #"{"partner": "Adjoe GmbH", "apps": ["com.acme.game"], "credentials": {"token": "t0ken-value"}}"#,
            #"{"partner": "Meta Ads", "apps": ["com.acme.game"], "oauth": {"granted": true}}"#,
            #"{"partner": "Reddit", "apps": ["com.acme.game"], "oauth": {"granted": true}, "roles": ["Viewer"]}"#,
            #"{"partner": "Smadex", "apps": ["com.acme.game"], "credentials": {"password": 12}}"#,
            "",
            #"{"partner": "YouAppi", "apps": ["com.acme.game"], "credentials": {"token": "x"}, "roi360": {"subscribed": false}}"#,
        ]
        let result = try await CheckCLI.run(["--ndjson", "--partners", CheckCLI.partners] + Self.today, input: lines.joined(separator: "\n"))
        #expect(result.status == 2)
        #expect(result.stderr.contains("1 line(s) were not valid requests"))
        try CLI.expectGolden(result.stdout, "check-ndjson.json")
    }

    @Test func exitStatusOfAnAllValidStream() async throws {
        let line = #"{"partner": "Liftoff", "apps": ["com.acme.game"], "credentials": {"username": "u", "password": "p"}}"#
        let result = try await CheckCLI.run(["--ndjson", "--partners", CheckCLI.partners] + Self.today, input: line + "\n" + line + "\n")
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 2)
    }

    /// Bad usage and bad input: exit 2, a message that says where, nothing on standard output.
    static let failures: [(arguments: [String], input: String, message: String)] = [
        (["-"], "{\"partner\": \"Moloco\",\n  \"apps\": [\"com.acme.game\", 7]}", "<stdin>: line 2, column 29 (apps[1]): expected a string, found a number"),
        (["-"], "{\"partner\": \"Moloco\"", "<stdin>: line 1, column 21: expected ',' or '}' after an object member"),
        (["/nonexistent/request.json"], "", "cannot read /nonexistent/request.json: No such file or directory"),
        (["-", "--today", "2024-02-30"], "{}", "--today '2024-02-30' is not a date; write it as YYYY-MM-DD"),
        (["-", "--existing", "/nonexistent/existing.json"], "{}", "cannot read /nonexistent/existing.json"),
    ]

    @Test(arguments: failures.indices)
    func badInput(_ index: Int) async throws {
        let failure = Self.failures[index]
        let result = try await CheckCLI.run(failure.arguments + ["--partners", CheckCLI.partners], input: failure.input)
        #expect(result.status == 2)
        #expect(result.stdoutBytes.isEmpty)
        #expect(result.stderr.contains(failure.message), "\(result.stderr)")
    }

    @Test func unreadablePartnersDirectory() async throws {
        let result = try await CheckCLI.run(["-", "--partners", "/nonexistent/partners"], input: "{}")
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot read the partners folder '/nonexistent/partners'"))
    }
}
