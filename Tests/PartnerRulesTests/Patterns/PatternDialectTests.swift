import Foundation
import Testing

@testable import PartnerRules

/// The pattern dialect's refusals and their words, and the matcher's semantics where ECMA-262 is particular.
@Suite("pattern dialect")
struct PatternDialectTests {
    /// Patterns ECMA-262 refuses in `u` mode, the character where the problem starts, and words the message says.
    static let refusals: [(pattern: String, column: Int, words: String)] = [
        ("^[0-9]{6,$", 7, "'{6,' opens a count of repeats that is never closed with '}'"),
        ("a{2", 2, "'{2' opens a count of repeats that is never closed"),
        ("a{", 2, "'{' starts a count of repeats such as {2} or {2,5}, but no number follows; write '\\{'"),
        ("a{,3}", 2, "no number follows"),
        ("{2}", 1, "'{2}' repeats nothing"),
        ("*a", 1, "'*' repeats nothing; put the character or group to repeat before it, or write '\\*'"),
        ("a|+", 3, "'+' repeats nothing"),
        ("(?:?)", 4, "'?' repeats nothing"),
        ("a**", 3, "'*' repeats nothing"),
        ("^*", 2, "'*' repeats '^', which tests a position and cannot be repeated"),
        ("a(?=b)+", 7, "which tests a position"),
        ("\\b{2}", 3, "which tests a position"),
        ("a{2,1}", 2, "'{2,1}' counts down; write the smaller number first, '{1,2}'"),
        ("a}", 2, "'}' closes a count of repeats that was never opened; write '\\}'"),
        ("a]", 2, "']' closes a set of characters that was never opened with '['; write '\\]'"),
        ("[a-z", 1, "'[' opens a set of characters that is never closed with ']'"),
        ("x(ab", 2, "'(' opens a group that is never closed with ')'"),
        ("ab)", 3, "')' closes a group that was never opened"),
        ("[z-a]", 2, "'z-a' is a range that runs backwards; write it as 'a-z'"),
        ("[\\d-z]", 2, "is a range with a kind of character"),
        ("[a-\\w]", 2, "is a range with a kind of character"),
        ("\\a", 1, "'\\a' is not an escape this format knows; write 'a' without the backslash"),
        ("x\\-", 2, "'\\-' is not an escape"),
        ("[\\B]", 2, "'\\B' cannot be used inside [ ]"),
        ("[\\1]", 2, "'\\1' is not an escape"),
        ("\\c1", 1, "'\\c' must be followed by a letter A to Z"),
        ("\\x4g", 1, "'\\x' must be followed by two hex digits"),
        ("\\u12", 1, "'\\u' must be followed by four hex digits"),
        ("\\u{110000}", 1, "names no character; the highest is \\u{10FFFF}"),
        ("\\01", 1, "'\\01' is not an escape"),
        ("(a)\\2", 4, "'\\2' repeats group 2, but the pattern has only 1 group"),
        ("\\1", 1, "but the pattern has no groups"),
        ("\\k<year>", 1, "no group has that name"),
        ("(?<y>a)\\k", 8, "'\\k' must be followed by a group name in < >"),
        ("(?<y>a)(?<y>b)", 8, "two groups are named 'y'"),
        ("(?<1y>a)", 4, "a group name starts with a letter, '_' or '$', not '1'"),
        ("(?<>a)", 4, "the group name between '<' and '>' is empty"),
        ("(?<ab", 1, "is never closed with '>'"),
        ("(?i:a)", 1, "'(?i' is not a kind of group this format knows"),
        ("\\p{L}", 1, "is not supported in partner patterns"),
        ("ab\\", 3, "'\\' at the end escapes nothing"),
    ]

    @Test("each refusal says what is wrong, in words, at the right character")
    func refusals() throws {
        for (pattern, column, words) in Self.refusals {
            let problem = try #require(Self.parseProblem(pattern), "\(pattern) was accepted")
            #expect(problem.column == column, "\(pattern): \(problem)")
            #expect(problem.message.contains(words), "\(pattern): \(problem.message)")
            #expect(CompiledPattern(pattern) == nil, "\(pattern)")
        }
    }

    @Test("messages use staff words")
    func messagesUseStaffWords() throws {
        let banned = ["regex", "regular expression", "compile", "quantifier", "scalar", "node", "mapping", "syntax"]
        for (pattern, _, _) in Self.refusals {
            let text = try #require(Self.parseProblem(pattern), "\(pattern) was accepted").description.lowercased()
            for word in banned { #expect(!text.contains(word), "\(pattern): \(text)") }
            #expect(text == text.lowercased() && !text.hasSuffix("."), "\(text)")
        }
    }

    @Test("what the dialect accepts is accepted", arguments: [
        "", "^ZA[0-9]{6}$", "[0-9a-f]{16,64}", "^\\d{6}$", "a{2}?", "a{2,}", "a{0}", "[]", "[^]", "[-a]", "[a-]",
        "[\\d-]", "[\\b]", "[\\-]", "[(){}]", "[[]", "\\/", "\\u{1F600}", "\\ud83d\\ude00", "\\x41", "\\cJ", "\\0",
        "(?<year>\\d{4})-\\k<year>", "\\1(a)", "(?<=a)b", "(?<!a)b", "(?=a)a", "(?!b)a", "a|", "|", "()", "(?:)",
        "\\bx\\B", "$^", "a{99999999999999999999}",
    ])
    func accepts(pattern: String) {
        #expect(CompiledPattern.problem(compiling: pattern) == nil, "\(pattern): \(CompiledPattern.problem(compiling: pattern) ?? "")")
        #expect(CompiledPattern(pattern) != nil)
    }

    /// (pattern, value, whether the whole value matches): cases where ECMA-262's rules are particular.
    static let matches: [(String, String, Bool)] = [
        ("^[0-9]{6}$", "123456", true), ("^[0-9]{6}$", "12345", false), ("[0-9]{6}", "1234567", false),
        ("^ZA[0-9]{6}$", "ZA123456", true), ("[0-9a-f]{16,64}", String(repeating: "a", count: 65), false),
        // No case folding without the `i` flag; `\w` is ASCII only.
        ("[a-z]+", "ABC", false), ("\\w+", "é", false), ("\\s", "\u{3000}", true), ("\\s", "\u{FEFF}", true),
        // Code points, not UTF-16 units: one emoji is one character.
        (".", "😀", true), ("^.{2}$", "😀", false), ("[😀-😂]", "😁", true), ("\\u{1F600}", "😀", true),
        ("\\ud83d\\ude00", "😀", true),
        // `.` does not match line terminators.
        (".", "\n", false), (".", "\u{2028}", false), ("[^]", "\n", true),
        // Backreferences: to a group that captured nothing, to a group cleared by a repeat, forward.
        ("(a)?b\\1", "b", true), ("(?:(a)|b)+\\1", "abb", true), ("(?:(a)|b)+\\1", "aba", false),
        ("(?:(a)|b)+\\1", "ba", false), ("(a)\\1", "aa", true), ("\\1(a)", "a", true), ("(?<x>[ab])\\k<x>", "bb", true),
        // The empty-repeat check and lazy counts.
        ("(a*)*b", "aab", true), ("(?:a|())*?b", "b", true), ("a{2,3}?", "aaa", true),
        // Lookahead and lookbehind, and captures inside them.
        ("(?=(a))\\1", "a", true), ("(?!(a))\\1b", "b", true), ("a(?<=(a))\\1", "aa", true), ("(?<=a)b", "b", false),
        ("(?<=^a.)c", "abc", false), ("a(?<=\\ba)", "a", true), ("(?<=(\\d+)(\\d+))x", "123x", false),
        // Word boundaries.
        ("\\bab\\b", "ab", true), ("a\\Bb", "ab", true), ("a\\bb", "ab", false), ("^$", "", true),
    ]

    @Test("matching follows ECMA-262, in every engine")
    func matching() throws {
        for (pattern, value, expected) in Self.matches {
            let compiled = try #require(CompiledPattern(pattern), "\(pattern)")
            #expect(compiled.matches(value) == expected, "\(pattern) on \(value.debugDescription)")
            let parsed = try PatternParser.parse(pattern)
            for strategy in [PatternProgram.Strategy.automaton, .backtracking] {
                let program = PatternProgram(parsed.node, captures: parsed.captures, strategy: strategy)
                #expect(program.matches(value) == expected, "\(strategy): \(pattern) on \(value.debugDescription)")
            }
        }
    }

    @Test("patterns of sets and counts take the linear pass, and long values are fine")
    func linearPass() throws {
        for pattern in ["^ZA[0-9]{6}$", "[0-9a-f]{16,64}", "^\\d{6}$", "(?:[a-z])+x", "^[a-z]*\\b[0-9]*$"] {
            let parsed = try PatternParser.parse(pattern)
            #expect(PatternProgram(parsed.node, captures: parsed.captures).isLinear, "\(pattern)")
        }
        let long = try #require(CompiledPattern("^[a-z]+[a-z]*[0-9]?$"))
        #expect(long.matches(String(repeating: "a", count: 1_000_000)))
        #expect(!long.matches(String(repeating: "a", count: 1_000_000) + "!"))
        // Groups and alternatives without backreferences or lookaround run as an automaton: long values and
        // nested counts are fine.
        let host = try PatternParser.parse("^(?:[a-z0-9]+\\.)*[a-z]{2,}$")
        let automaton = PatternProgram(host.node, captures: host.captures)
        #expect(automaton.isAutomaton)
        #expect(automaton.matches(String(repeating: "ab.", count: 100_000) + "com"))
        #expect(!automaton.matches(String(repeating: "ab.", count: 100_000) + "c"))
        let nested = try PatternParser.parse("^(a+)+$")
        #expect(PatternProgram(nested.node, captures: nested.captures).matches(String(repeating: "a", count: 10_000)))
        #expect(!PatternProgram(nested.node, captures: nested.captures).matches(String(repeating: "a", count: 10_000) + "b"))
    }

    @Test("a pattern that blows up is refused within its budget, quickly")
    func stepBudget() throws {
        let parsed = try PatternParser.parse("^(a+)+$")
        let program = PatternProgram(parsed.node, captures: parsed.captures, strategy: .backtracking)
        let value = String(repeating: "a", count: 40) + "b"
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(!program.matches(value)) }
        #expect(program.exhaustsBudget(value))
        #expect(elapsed < .seconds(2), "\(elapsed)")
        #expect(program.matches(String(repeating: "a", count: 40)))
        #expect(parsed.node.hasNestedRepeats)
        #expect(CompiledPattern.canBeSlow("^(?=a)(a+)+$") && !CompiledPattern.canBeSlow("^(a+)+$"))
        #expect(try !PatternParser.parse("^(ab)+[0-9]*$").node.hasNestedRepeats)
    }

    @Test("a very long value on the backtracking matcher is refused, not a crash, on a thread with a small stack")
    func stackLimit() async throws {
        let pattern = try #require(CompiledPattern("^(?:(a)|(?=b)\\B(b))+$"))
        let answers: [Bool] = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: [
                    pattern.matches(String(repeating: "ab", count: 10)),
                    pattern.matches(String(repeating: "ab", count: 200_000)),
                    pattern.matches(String(repeating: "a", count: 200_000)),
                ])
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        #expect(answers == [true, false, false])
    }
}

extension PatternDialectTests {
    fileprivate static func parseProblem(_ pattern: String) -> PatternProblem? {
        do {
            _ = try PatternParser.parse(pattern)
            return nil
        } catch {
            return error
        }
    }
}
