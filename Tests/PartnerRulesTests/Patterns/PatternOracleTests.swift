import Foundation
import PartnerRulesTestSupport
import Testing

@testable import PartnerRules

/// Differential testing of the pattern dialect (SPEC 19 and 23) against a real ECMA-262 engine: Node.js's
/// `new RegExp(pattern, "u")`, and `re.test(value)` with the implied `^(?:…)$`.
///
/// Patterns are generated from the grammar (characters, escapes, sets, groups of every kind, counts, position
/// tests, backreferences) and by mutating real patterns (a character deleted, inserted, doubled or swapped), so
/// near-valid patterns are many. Values are generated from each pattern (a walk that mostly matches) and bent.
/// The test asserts: this engine accepts a pattern exactly when Node does; for accepted patterns, both agree on
/// every value. Letter categories (`\p{…}`) are a known refusal here and are counted apart.
///
/// `PARTNER_RULES_SEED=N` replays a run; `PARTNER_RULES_PATTERN_COUNT=N` changes the number of patterns (2000).
@Suite("patterns agree with Node.js")
struct PatternOracleTests {
    /// One pattern and the values to try on it.
    struct Case: Codable {
        var p: String
        var s: [String]
    }

    /// Node's answer for one case.
    struct Answer: Codable {
        var ok: Bool
        var m: [Bool]?
        var e: String?
    }

    static let script = """
        const rl = require('readline').createInterface({input: process.stdin, crlfDelay: Infinity});
        const out = [];
        rl.on('line', line => {
          const {p, s} = JSON.parse(line);
          let answer;
          try {
            new RegExp(p, 'u');
            const re = new RegExp('^(?:' + p + ')$', 'u');
            answer = {ok: true, m: s.map(x => re.test(x))};
          } catch (e) {
            answer = {ok: false, e: String(e.message)};
          }
          out.push(JSON.stringify(answer));
        });
        rl.on('close', () => process.stdout.write(out.join('\\n') + '\\n'));
        """

    /// Real patterns, the starting points of mutations.
    static let realPatterns = [
        "^ZA[0-9]{6}$", "^[0-9a-f]{32}$", "^\\d{6}$", "[A-Z]{2}-[0-9]{4}", "[0-9a-f]{16,64}", "^[A-Za-z0-9]+$",
        "[a-z]+", "[A-Za-z0-9-]+", "^[0-9]{6,}$", "^act_[0-9]{10,18}$", "^(?:[a-z0-9]+\\.)*[a-z]{2,}$",
        "^[\\w.+-]+@[\\w-]+\\.[\\w.]+$", "^(?<year>\\d{4})-(?<month>\\d{2})$", "^(ab|cd)*e?$", "^\\S+(?: \\S+)*$",
        "^[^\\s]{8,}$", "^(\\w)\\w*\\1$", "^(?=.*\\d)[a-z\\d]{4,}$", "^(?!test)[a-z]+$", "^\\u{1F600}?[a-z]$",
        "^[\\u0041-\\u005A]{3}$", "^\\p{L}+$", "^(?<=a)b$", "^x{2,3}?y$", "^\\bword\\b$", "^a.c$", "^[^]$",
    ]

    static let literals: [String] = ["a", "b", "c", "z", "A", "Z", "0", "5", "9", "-", "_", " ", ".", "é", "日", "😀", "/", ",", ":", "=", "<", ">", "!"]
    static let escapes: [String] = [
        "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\b", "\\B", "\\.", "\\-", "\\/", "\\x41", "\\u0062", "\\u{1F600}", "\\t",
        "\\n", "\\0", "\\cJ", "\\*", "\\{", "\\}", "\\]", "\\a", "\\e", "\\_", "\\x4", "\\u12", "\\u{110000}", "\\c", "\\01",
        "\\k<n>", "\\k", "\\p{L}", "\\ud83d\\ude00",
    ]
    static let classes: [String] = [
        "[a-c]", "[^0-9]", "[\\d-]", "[z-a]", "[\\w-z]", "[a-z0-9_-]", "[]", "[^]", "[.]", "[\\b]", "[\\-a]", "[a-\\d]",
        "[[]", "[\\]]", "[é-日]", "[\\u{1F600}-\\u{1F64F}]", "[^\\s]", "[\\B]", "[\\1]", "[a-]",
    ]
    static let quantifiers: [String] = ["*", "+", "?", "{2}", "{1,3}", "{2,}", "{0,1}", "*?", "+?", "??", "{1,2}?", "{3,1}", "{2", "{,2}", "{"]

    /// The patterns and values of one run.
    static func generate(seed: UInt64, count: Int) -> [Case] {
        var random = SeededRandom(seed: seed)
        func below(_ limit: Int) -> Int { Int(random.next() % UInt64(limit)) }
        func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
        func chance(_ percent: Int) -> Bool { below(100) < percent }

        func atom(_ depth: Int) -> String {
            switch below(10) {
            case 0...2: return pick(literals)
            case 3: return pick(escapes)
            case 4: return pick(classes)
            case 5: return "."
            case 6 where depth < 3:
                let opener = pick(["(", "(", "(?:", "(?:", "(?<n>", "(?<m>", "(?=", "(?!", "(?<=", "(?<!", "(?<1>", "(?x"])
                return opener + disjunction(depth + 1) + (chance(95) ? ")" : "")
            case 7: return pick(["^", "$", "\\1", "\\2", "|", ")", "]", "}"])
            default: return pick(literals)
            }
        }
        func term(_ depth: Int) -> String {
            var text = atom(depth)
            if chance(35) { text += pick(quantifiers) }
            return text
        }
        func disjunction(_ depth: Int) -> String {
            var text = (0..<below(4) + 1).map { _ in term(depth) }.joined()
            if chance(20) { text += "|" + (0..<below(3)).map { _ in term(depth) }.joined() }
            return text
        }
        func mutate(_ pattern: String) -> String {
            var scalars = Array(pattern.unicodeScalars)
            for _ in 0..<(1 + below(2)) where !scalars.isEmpty {
                let at = below(scalars.count)
                switch below(4) {
                case 0: scalars.remove(at: at)
                case 1: scalars.insert(pick(Array("{}[]()*+?|\\^$,-.<>:=!".unicodeScalars)), at: at)
                case 2: scalars.insert(scalars[at], at: at)
                default: if at + 1 < scalars.count { scalars.swapAt(at, at + 1) }
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            return text
        }

        var cases: [Case] = []
        for _ in 0..<count {
            let pattern: String =
                switch below(10) {
                case 0...5: disjunction(0)
                case 6...8: mutate(pick(realPatterns))
                default: pick(realPatterns)
                }
            var values: Set<String> = [""]
            if let parsed = try? PatternParser.parse(pattern) {
                for _ in 0..<12 {
                    var value = sample(parsed.node, &random)
                    if chance(30), !value.isEmpty {
                        var scalars = Array(value.unicodeScalars)
                        let at = below(scalars.count)
                        if chance(50) { scalars.remove(at: at) } else { scalars.insert(pick(Array("a0_ -é😀".unicodeScalars)), at: at) }
                        value = ""
                        value.unicodeScalars.append(contentsOf: scalars)
                    }
                    values.insert(value)
                }
            }
            for _ in 0..<3 { values.insert((0..<below(6)).map { _ in pick(literals) }.joined()) }
            cases.append(Case(p: pattern, s: values.sorted()))
        }
        return cases
    }

    /// A value the pattern probably matches: a random walk through it.
    static func sample(_ node: PatternNode, _ random: inout SeededRandom) -> String {
        func below(_ limit: Int) -> Int { Int(random.next() % UInt64(max(1, limit))) }
        var text = ""
        func walk(_ node: PatternNode, _ depth: Int) {
            guard text.unicodeScalars.count < 16, depth < 8 else { return }
            switch node {
            case .empty, .assertion, .backreference, .look: break
            case .set(let set):
                guard !set.ranges.isEmpty else { return }
                let preferred = set.ranges.filter { $0.lowerBound < 0x3000 && $0.lowerBound != 0xD800 }
                let range = (preferred.isEmpty ? set.ranges : preferred)[below(preferred.isEmpty ? set.ranges.count : preferred.count)]
                let span = Int(min(range.upperBound - range.lowerBound, 200))
                let point = range.lowerBound + UInt32(below(span + 1))
                if let scalar = Unicode.Scalar(point) { text.unicodeScalars.append(scalar) }
            case .sequence(let nodes): for node in nodes { walk(node, depth + 1) }
            case .alternation(let nodes): walk(nodes[below(nodes.count)], depth + 1)
            case .group(let node, _): walk(node, depth + 1)
            case .repetition(let node, let minimum, let maximum, _, _, _):
                let upper = min(maximum ?? (minimum + 3), minimum + 3)
                for _ in 0..<(minimum + below(upper - minimum + 1)) { walk(node, depth + 1) }
            }
        }
        walk(node, 0)
        return text
    }

    @Test("the validator accepts what Node accepts, and both match the same values", .requires(.node))
    func agreesWithNode() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["PARTNER_RULES_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...(UInt64.max / 2))
        let count = environment["PARTNER_RULES_PATTERN_COUNT"].flatMap { Int($0) } ?? 2000
        let cases = Self.generate(seed: seed, count: count)
        let input = try cases.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }.joined(separator: "\n") + "\n"
        let result = try await ProcessRunner.run(program: "node", ["-e", Self.script], input: Data(input.utf8), timeout: .seconds(120))
        try #require(result.status == 0, "node failed: \(result.stderrText.prefix(500))")
        let answers = try result.stdoutText.split(separator: "\n").map { try JSONDecoder().decode(Answer.self, from: Data($0.utf8)) }
        try #require(answers.count == cases.count, "node answered \(answers.count) of \(cases.count) patterns")

        var accepted = 0
        var knownRefusals = 0
        var compared = 0
        var matching = 0
        var exhausted = 0
        var disagreements: [String] = []
        for (item, answer) in zip(cases, answers) {
            let problem = CompiledPattern.problem(compiling: item.p)
            if answer.ok, problem != nil, item.p.contains("\\p") || item.p.contains("\\P") {
                knownRefusals += 1
                continue
            }
            guard answer.ok == (problem == nil) else {
                disagreements.append(
                    "pattern \(item.p.debugDescription): Node \(answer.ok ? "accepts" : "refuses (\(answer.e ?? ""))"), "
                        + "here \(problem.map { "refused: \($0)" } ?? "accepted")")
                continue
            }
            guard answer.ok, let pattern = CompiledPattern(item.p), let program = try? PatternParser.parse(item.p) else { continue }
            accepted += 1
            // Each way of matching is compared, whichever one answers for the pattern by default.
            let backtracking = PatternProgram(program.node, captures: program.captures, strategy: .backtracking)
            let automaton = PatternProgram(program.node, captures: program.captures, strategy: .automaton)
            for (value, nodeMatches) in zip(item.s, answer.m ?? []) {
                if backtracking.exhaustsBudget(value) {
                    exhausted += 1
                    continue
                }
                compared += 1
                if nodeMatches { matching += 1 }
                let here = pattern.matches(value)
                let backtracked = backtracking.matches(value)
                let automatic = automaton.matches(value)
                if here != nodeMatches || backtracked != nodeMatches || automatic != nodeMatches {
                    disagreements.append(
                        "pattern \(item.p.debugDescription), value \(value.debugDescription): Node \(nodeMatches), here \(here), "
                            + "backtracking \(backtracked), automaton \(automatic)")
                }
            }
        }
        print(
            "pattern oracle: \(cases.count) patterns, \(accepted) accepted, \(compared) matches compared (\(matching) matching), "
                + "\(disagreements.count) disagreements, \(knownRefusals) known refusals (\\p), \(exhausted) over the step budget, "
                + "seed \(seed) (replay: PARTNER_RULES_SEED=\(seed))")
        #expect(accepted * 5 >= cases.count, "too few accepted patterns to compare matching: \(accepted) of \(cases.count)")
        #expect(accepted * 5 <= cases.count * 4, "too few refused patterns to compare refusals: \(accepted) of \(cases.count)")
        #expect(compared >= cases.count * 3, "too few values compared: \(compared)")
        #expect(matching * 5 >= compared && matching * 5 <= compared * 4, "values must both match and not: \(matching) of \(compared) match")
        #expect(disagreements.isEmpty, "seed \(seed):\n\(disagreements.prefix(20).joined(separator: "\n"))")
    }
}
