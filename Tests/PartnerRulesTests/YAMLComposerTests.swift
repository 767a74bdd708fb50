import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

@Suite("YAML composer")
struct YAMLComposerTests {
    @Test("nodes keep 1-based lines and columns")
    func positions() throws {
        let root = try YAMLComposer.compose(Array("id: acme\nlist:\n  - a\n  - {b: c}\n".utf8))
        guard case .mapping(let pairs) = root.content else { Issue.record("not a mapping"); return }
        #expect(pairs.map(\.key) == ["id", "list"])
        #expect(pairs[0].keyLocation == SourceLocation(line: 1, column: 1))
        #expect(pairs[0].value.location == SourceLocation(line: 1, column: 5))
        guard case .sequence(let items) = pairs[1].value.content else { Issue.record("not a list"); return }
        #expect(items[0].location == SourceLocation(line: 3, column: 5))
        #expect(items[1].location == SourceLocation(line: 4, column: 5))
    }

    @Test("scalars stay text: yes, no, 1.0 and ~ are not typed by the composer")
    func scalarsStayText() throws {
        let root = try YAMLComposer.compose(Array("a: no\nb: yes\nc: 1.0\nd: ~\ne: 'x'\n".utf8))
        guard case .mapping(let pairs) = root.content else { Issue.record("not a mapping"); return }
        #expect(pairs.map { $0.value.scalar } == ["no", "yes", "1.0", "~", "x"])
        #expect(pairs[3].value.isNull)
        #expect(!pairs[4].value.isNull)
    }

    @Test(
        "every bad input gets its own error at the right place",
        arguments: [
            ("tab-indentation.yaml", "yaml-tab", 6, 1),
            ("unclosed-flow.yaml", "yaml-syntax", 3, 16),
            ("duplicate-key.yaml", "duplicate-key", 5, 1),
            ("anchor.yaml", "yaml-anchor", 2, 7),
            ("alias-bomb.yaml", "yaml-anchor", 1, 4),
            ("tag.yaml", "yaml-tag", 2, 7),
            ("too-deep.yaml", "yaml-too-deep", 2, 71),
            ("multiple-documents.yaml", "yaml-multiple-documents", 6, 1),
            ("empty.yaml", "yaml-empty", 1, 1),
            ("only-comment.yaml", "yaml-empty", 1, 1),
            ("not-utf8.yaml", "yaml-encoding", 2, 12),
            ("quoted-key.yaml", "yaml-key", 2, 1),
            ("complex-key.yaml", "yaml-key", 2, 3),
        ])
    func badInput(file: String, code: String, line: Int, column: Int) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixtures.path("bad/\(file)"))))
        let error = try #require(firstProblem(bytes))
        #expect(error.code.rawValue == code)
        #expect(error.location == SourceLocation(line: line, column: column), "\(error)")
        #expect(!error.message.isEmpty && !error.message.hasSuffix("."))
    }

    @Test("a duplicate key names both places")
    func duplicateKeyNamesBoth() {
        let error = composeError("a: 1\nb: 2\na: 3\n")
        #expect(error == .duplicateKey("a", first: SourceLocation(line: 1, column: 1), inList: false, at: SourceLocation(line: 3, column: 1)))
        #expect(error?.message.contains("line 1, column 1") == true)
        #expect(error?.message.contains("keep one of them") == false)
    }

    @Test("duplicate keys are found in large mappings too")
    func duplicateKeyInLargeMapping() {
        let text = (0..<100).map { "k\($0): v\n" }.joined() + "k42: again\n"
        #expect(error(of: text)?.code == .duplicateKey)
        #expect(
            composeError(text)
                == .duplicateKey("k42", first: SourceLocation(line: 43, column: 1), inList: false, at: SourceLocation(line: 101, column: 1)))
    }

    @Test("the byte offset of bad UTF-8 is named")
    func utf8Offset() {
        let bytes: [UInt8] = Array("a: b\nc: ".utf8) + [0xC3, 0x28]
        do {
            _ = try YAMLComposer.compose(bytes)
            Issue.record("accepted bad UTF-8")
        } catch {
            #expect(error == .invalidUTF8(byteOffset: 8, at: SourceLocation(line: 2, column: 4)))
            #expect(error.message.contains("byte offset 8"))
        }
    }

    @Test("overlong encodings and surrogates are not UTF-8")
    func utf8Edges() {
        #expect(UTF8Check.firstInvalidByte(in: [0xC0, 0x80]) == 0)
        #expect(UTF8Check.firstInvalidByte(in: [0x61, 0xED, 0xA0, 0x80]) == 1)
        #expect(UTF8Check.firstInvalidByte(in: [0xF4, 0x90, 0x80, 0x80]) == 0)
        #expect(UTF8Check.firstInvalidByte(in: Array("héllo wörld ✓ 𝄞".utf8)) == nil)
        #expect(UTF8Check.firstInvalidByte(in: [0xE2, 0x9C]) == 0)
    }

    @Test("limits are parameters: too large by default, accepted when raised")
    func limits() throws {
        let big = "k: " + String(repeating: "x", count: 2 << 20) + "\n"
        #expect(composeError(big)?.code == .yamlTooLarge)
        #expect(composeError(big, limits: YAMLLimits(maxBytes: 4 << 20)) == nil)
        let deep = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(composeError(deep, limits: YAMLLimits(maxDepth: 9))?.code == .yamlTooDeep)
        #expect(composeError(deep, limits: YAMLLimits(maxDepth: 10)) == nil)
    }

    @Test("deep nesting far past the limit stops early instead of exhausting memory")
    func veryDeep() {
        let deep = String(repeating: "[", count: 500_000)
        #expect(composeError(deep, limits: YAMLLimits(maxBytes: 1 << 20))?.code == .yamlTooDeep)
    }

    @Test("a tab inside a value is fine; only indentation tabs are refused")
    func tabsInValues() {
        #expect(composeError("a: \"x\ty\"\nb:\tc\n") == nil)
    }

    @Test("the rendered error shows the line and a caret under the column")
    func rendered() {
        let source = Array("a: 1\nb: [1, 2\n".utf8)
        do {
            _ = try YAMLComposer.compose(source)
        } catch {
            let text = error.rendered(file: "x.yaml", source: source)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 3)
            #expect(lines[0].hasPrefix("x.yaml:\(error.location.line):\(error.location.column): error:"))
            #expect(lines[2].count == error.location.column)
            #expect(lines[2].hasSuffix("^"))
        }
    }

    private func error(of text: String) -> YAMLError? { composeError(text) }
}
