import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

/// Typing slips get our own diagnosis: the line that was typed, the character named, a fix that
/// works when applied. YAML-level problems the composer can go past are all reported, and the file
/// still reaches the schema checks.
@Suite("YAML slips and what lint says about them")
struct YAMLSlipTests {
    static let golden = GoldenFolder(Bundle.module, "Fixtures/golden", source: "Tests/PartnerRulesTests/Fixtures/golden")

    /// Each slip fixture, the code, and the place the person typed the slip (the schema comment is line 1).
    static let slips: [(String, String, Int, Int)] = [
        ("missing-space-after-colon.yaml", "yaml-syntax", 3, 6),
        ("equals-for-colon.yaml", "yaml-syntax", 4, 15),
        ("unclosed-bracket.yaml", "yaml-syntax", 4, 16),
        ("unclosed-quote.yaml", "yaml-syntax", 3, 7),
        ("unclosed-quote-closed-later.yaml", "yaml-syntax", 3, 7),
        ("tab-after-dash.yaml", "yaml-tab", 5, 4),
        ("non-breaking-space-after-colon.yaml", "yaml-syntax", 3, 6),
        ("unquoted-bracket-value.yaml", "yaml-syntax", 3, 7),
        ("unquoted-at-value.yaml", "yaml-syntax", 3, 7),
        ("backslash-in-double-quotes.yaml", "yaml-syntax", 10, 16),
        ("missing-list-dash.yaml", "yaml-syntax", 10, 5),
        ("colon-in-value.yaml", "yaml-syntax", 10, 11),
        ("indented-under-value.yaml", "yaml-syntax", 4, 3),
        ("misaligned-key.yaml", "yaml-syntax", 8, 4),
        ("control-character.yaml", "yaml-syntax", 3, 11),
        ("apostrophe-in-single-quotes.yaml", "yaml-syntax", 3, 13),
        ("comment-cuts-value.yaml", "comment-in-value", 3, 15),
        ("key-without-colon.yaml", "yaml-syntax", 2, 3),
        ("line-without-colon.yaml", "yaml-syntax", 5, 1),
        ("indented-first-key.yaml", "yaml-syntax", 2, 1),
        ("comment-before-colon.yaml", "yaml-syntax", 5, 6),
    ]

    /// Slips whose message gives the corrected line.
    static let fixable = [
        "missing-space-after-colon.yaml", "equals-for-colon.yaml", "unclosed-bracket.yaml", "unclosed-quote.yaml",
        "unclosed-quote-closed-later.yaml", "non-breaking-space-after-colon.yaml", "unquoted-bracket-value.yaml",
        "unquoted-at-value.yaml", "backslash-in-double-quotes.yaml", "missing-list-dash.yaml", "colon-in-value.yaml",
        "apostrophe-in-single-quotes.yaml", "comment-cuts-value.yaml", "key-without-colon.yaml",
    ]

    private func bytes(_ name: String) throws -> [UInt8] {
        try [UInt8](fixtures.data("bad/\(name)"))
    }

    private func line(_ number: Int, of bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)[number - 1].description
    }

    @Test("each slip is reported where it was typed, quoting that line, in plain words", arguments: slips)
    func slip(file: String, code: String, line: Int, column: Int) throws {
        let source = try bytes(file)
        let error = try #require(firstProblem(source))
        #expect(error.code.rawValue == code)
        #expect(error.location == SourceLocation(line: line, column: column), "\(error)")
        let typed = SourceText.droppingTrailingSpaces(self.line(line, of: source)).replacing("\t", with: " ")
        #expect(error.message.contains(SourceCharacters.visible(typed)), "\(error.message) does not quote '\(typed)'")
        for jargon in ["scalar", "mapping", "could not find expected", "did not find expected", "keep one of them"] {
            #expect(!error.message.contains(jargon), "\(error.message)")
        }
    }

    @Test("the line the message gives, typed in place of the slip, makes the file read", arguments: fixable)
    func fixWorks(file: String) throws {
        let source = try bytes(file)
        let error = try #require(firstProblem(source))
        let fixed = try #require(error.fixedLine, "\(error.message)")
        var lines = String(decoding: source, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[error.location.line - 1] = fixed
        let repaired = Array(lines.joined(separator: "\n").utf8)
        #expect(firstProblem(repaired) == nil, "after the fix: \(firstProblem(repaired)?.message ?? "")")
        let (_, findings) = CatalogLoader.decodePartner(repaired, file: "acme.yaml")
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test("a missing '- ' splits the item where it was meant, so both credentials are checked")
    func missingDashSplits() throws {
        let root = try YAMLComposer.compose(try bytes("missing-list-dash.yaml"))
        let (document, findings) = PartnerDecoder.decode(root, file: "acme.yaml")
        #expect(document?.definition.credentials.map(\.key) == ["email", "password"])
        #expect(findings.map(\.code) == [.yamlSyntax])
    }

    @Test("every YAML-level problem is reported in one run, and the schema checks still run")
    func everyProblemInOneRun() throws {
        let (_, findings) = CatalogLoader.decodePartner(try bytes("several-yaml-problems.yaml"), file: "acme.yaml")
        let places = findings.map { "\($0.line):\($0.column) \($0.code)" }
        #expect(places == ["3:7 yaml-anchor", "5:11 yaml-alias", "7:11 yaml-tag", "8:1 duplicate-key", "9:9 type-mismatch"])
        #expect(findings.first { $0.code == .yamlTag }?.message.contains("'!!bool'") == true)
        #expect(!findings.contains { $0.message.contains("tag:yaml.org") })
    }

    @Test("a file of nested aliases is reported without being expanded")
    func aliasBomb() throws {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 { text += "l\(level): &l\(level) [\(Array(repeating: level == 1 ? "*a" : "*l\(level - 1)", count: 10).joined(separator: ", "))]\n" }
        let root = try YAMLComposer.compose(Array(text.utf8))
        #expect(root.problems.contains { $0.code == .yamlAlias })
        #expect(nodes(root) < 100_000)
    }

    private func nodes(_ node: YAMLNode) -> Int {
        switch node.content {
        case .scalar: return 1
        case .sequence(let items): return items.reduce(1) { $0 + nodes($1) }
        case .mapping(let pairs): return pairs.reduce(1) { $0 + nodes($1.value) }
        }
    }

    @Test("invisible characters are named by code point and column; look-alikes, curly quotes and cut values get a warning")
    func invisibleAndSilent() throws {
        let findings = try CatalogLoader.lint(paths: [fixtures.path("bad/invisible-characters.yaml")]).findings.filter { $0.code != .idMismatch }
        #expect(findings.map { "\($0.line):\($0.column) \($0.code)" } == [
            "4:26 invisible-character", "4:35 invisible-character", "5:15 invisible-character", "7:27 invisible-character",
        ])
        #expect(findings.map(\.suggestion) == ["acme_int", "acme_ios", "Acme Ads", "ctv"])
        #expect(findings[1].message.contains("zero-width space (U+200B)") && findings[1].message.contains("'acme<U+200B>_ios'"))
        #expect(findings[2].message.contains("non-breaking space (U+00A0)"))
        let lookalike = try #require(try CatalogLoader.lint(paths: [fixtures.path("bad/cyrillic-lookalike.yaml")]).findings.first { $0.code == .mixedScript })
        #expect(lookalike.message.contains("U+0410, Cyrillic") && lookalike.suggestion == "Acme")
        let curly = try #require(try CatalogLoader.lint(paths: [fixtures.path("bad/curly-quotes.yaml")]).findings.first { $0.code == .curlyQuotes })
        #expect(curly.suggestion == "Acme Ads" && curly.severity == .warning)
    }

    @Test("ids and credential keys with an invisible character get one finding that names it")
    func identifierNamesTheCharacter() {
        let text = "id: \"ac\\u200Bme\"\nname: Acme\nmedia_sources: [acme_int]\nauth: credentials\ncredentials:\n  - {key: \"login\\t\", label: Login, kind: username}\nad_types: {unsupported: []}\n"
        let (_, findings) = CatalogLoader.decodePartner(Array(text.utf8), file: "acme.yaml")
        let errors = findings.filter { $0.severity == .error }
        #expect(errors.map(\.code) == [.invisibleCharacter, .invisibleCharacter], "\(errors)")
        #expect(errors.map(\.suggestion) == ["acme", "login"])
    }

    @Test("plain ASCII values and '#' after two spaces cost nothing and say nothing")
    func quietOnGoodFiles() throws {
        let report = try CatalogLoader.lint(paths: [fixtures.path("made-up")])
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(composeError("a: b  # note\nc: 'd #e'\nf: g#h\n") == nil)
    }

    /// Every message lint gives for the bad fixtures, as a person reads it.
    @Test("golden: every message for the bad fixtures")
    func goldenMessages() throws {
        var output = ""
        for name in try fixtures.names(in: "bad") where name.hasSuffix(".yaml") {
            let findings = try CatalogLoader.lint(paths: [fixtures.path("bad/\(name)")]).findings
            for finding in findings where finding.code != .idMismatch {
                var shown = finding
                shown.file = name
                // A file is linted with its folder as context: other fixtures are named by name, wherever the build is.
                let text = shown.description.replacingOccurrences(of: fixtures.path("bad") + "/", with: "")
                output += SourceCharacters.visible(text) + "\n"
            }
        }
        try Self.golden.expect(output, "bad-fixtures.txt")
        for jargon in ["scalar", "mapping", "sequence", " item' must", " item' is", "tag:yaml.org", "keep one of them", "keep the list", "raise the limit", "such as identifier"] {
            #expect(!output.contains(jargon), "a message says '\(jargon)'")
        }
    }
}

@Suite("Decoder messages read as plain words")
struct DecoderWordingTests {
    private func messages(_ text: String) -> [String] {
        CatalogLoader.decodePartner(Array(("# yaml-language-server: $schema=../schemas/partner.schema.json\n" + text).utf8), file: "acme.yaml").1
            .map(\.message)
    }

    @Test("list items are named by position, not as 'aliases item'; kinds of value in words")
    func items() {
        let found = messages(
            "id: acme\nname: Acme\nmedia_sources: [acme_int, [x]]\nauth: credentials\ncredentials:\n  - {key: login, label: '', kind: username}\n  - {key: account, label: Account, kind: identifier, normalize: [trimm]}\nad_types: {unsupported: []}\n")
        #expect(found.contains("item 2 of 'media_sources' must be text, not a list"), "\(found)")
        #expect(found.contains("'label' is empty; write the text; it cannot be left out"), "\(found)")
        #expect(found.contains("'trimm' is not one of the choices for 'normalize'; did you mean 'trim'?"), "\(found)")
    }

    @Test("a missing kind lists every kind instead of suggesting one")
    func missingKind() {
        let found = messages(
            "id: acme\nname: Acme\nmedia_sources: [acme_int]\nauth: credentials\ncredentials:\n  - {key: password, label: Password}\nad_types: {unsupported: []}\n")
        let message = found.first { $0.contains("'kind'") } ?? ""
        #expect(message.contains("email, password, token, secret, identifier, username, text"), "\(found)")
        #expect(!message.contains("such as identifier"))
    }
}
