/// Matches values against a parsed pattern with the semantics of ECMA-262 (22.2.2) in `u` mode: the value is a
/// sequence of code points, and a value passes when the whole of it matches, as `^(?:pattern)$` would.
///
/// Two ways of matching, chosen once per pattern:
/// - a pattern that is only characters, sets and counts (`^[A-Z]{2}-[0-9]{4}$`, `[0-9a-f]{16,64}`) and the
///   position tests `^ $ \b \B` is answered by a pass over the value that keeps the set of positions
///   reachable so far: linear in the value, no backtracking, no allocation for values of ordinary size;
/// - any other pattern runs a backtracking matcher that follows the specification's matchers step by step
///   (greedy and lazy counts, the empty-repeat check, groups cleared on each repeat, backreferences,
///   lookahead and lookbehind), bounded by ``stepBudget`` steps and ``stackLimit`` bytes of stack; a value that
///   needs more is refused, so a pattern such as `(a+)+$` cannot hang a request nor a long value overflow a
///   thread's stack.
package struct PatternProgram: Sendable {
    /// Steps one value may take in the backtracking matcher before it is refused.
    package static let stepBudget = 200_000
    /// How many bytes of stack the backtracking matcher may use (it nests about one call per character it holds
    /// on to), well inside the smallest stack a thread here gets (512 KiB).
    package static let stackLimit = 192 * 1024

    private enum Engine: Sendable {
        case positions([SimpleItem])
        case backtracking(Matcher, captures: Int)
    }

    private let engine: Engine

    /// `linear: false` always uses the backtracking matcher (for tests that compare the two).
    package init(_ node: PatternNode, captures: Int, linear: Bool = true) {
        if linear, let items = SimpleItem.items(of: node) {
            engine = .positions(items)
        } else {
            engine = .backtracking(compile(node, forward: true), captures: captures)
        }
    }

    /// Whether the whole value matches.
    package func matches(_ value: String) -> Bool {
        switch engine {
        case .positions(let items): return matchPositions(items, value)
        case .backtracking(let matcher, let captures):
            let run = PatternRun(input: value.unicodeScalars.map(\.value), captures: captures)
            let end = run.input.count
            let matched = matcher(run, 0) { $0 == end }
            return matched && !run.exhausted
        }
    }

    /// Whether a value was refused because it needed more than ``stepBudget`` steps (for tests).
    package func exhaustsBudget(_ value: String) -> Bool {
        guard case .backtracking(let matcher, let captures) = engine else { return false }
        let run = PatternRun(input: value.unicodeScalars.map(\.value), captures: captures)
        let end = run.input.count
        _ = matcher(run, 0) { $0 == end }
        return run.exhausted
    }

    /// Whether this pattern is answered without backtracking (for tests of the fast path).
    package var isLinear: Bool { if case .positions = engine { true } else { false } }
}

// MARK: The pass over reachable positions

/// One piece of a pattern made only of sets with counts and position tests.
private enum SimpleItem: Sendable {
    case run(ScalarSet, min: Int, max: Int)
    case assertion(PatternAssertion)

    /// The pieces of `node`, or nil when it needs the backtracking matcher. Without backreferences, what a
    /// group captured cannot change the answer, so a group that is not repeated is just its contents.
    static func items(of node: PatternNode) -> [SimpleItem]? {
        switch node {
        case .empty: return []
        case .set(let set): return [.run(set, min: 1, max: 1)]
        case .assertion(let assertion): return [.assertion(assertion)]
        case .repetition(let inner, let min, let max, _, _, _):
            // `x{2,5}` and `(?:x){2,5}` where x is one character of a set; a repeated position test or sequence
            // needs the backtracking matcher.
            guard let items = items(of: inner), items.count == 1, case .run(let set, 1, 1) = items[0] else { return nil }
            return [.run(set, min: min, max: max ?? Int.max)]
        case .group(let inner, _): return items(of: inner)
        case .sequence(let nodes):
            var result: [SimpleItem] = []
            for node in nodes {
                guard let items = items(of: node) else { return nil }
                result += items
            }
            return result
        default: return nil
        }
    }
}

/// Keeps the set of positions the pieces so far can end at; the value matches when its end is in the last set.
/// Positions are flags in two buffers on the stack (for values of ordinary size), swapped after each piece.
private func matchPositions(_ items: [SimpleItem], _ value: String) -> Bool {
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: value.utf8.count + 1) { scalars in
        var count = 0
        for scalar in value.unicodeScalars {
            scalars[count] = scalar.value
            count += 1
        }
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * (count + 1)) { flags in
            flags.initialize(repeating: false)
            var current = 0
            var next = count + 1
            flags[current] = true
            var low = 0
            var high = 0
            for item in items {
                switch item {
                case .assertion(let assertion):
                    var newLow = Int.max
                    var newHigh = -1
                    for position in low...high where flags[current + position] {
                        if assertion.holds(at: position, count: count, isWord: { ScalarSet.wordCharacters.contains(scalars[$0]) }) {
                            newLow = min(newLow, position)
                            newHigh = position
                        } else {
                            flags[current + position] = false
                        }
                    }
                    guard newHigh >= 0 else { return false }
                    (low, high) = (newLow, newHigh)
                case .run(let set, let minimum, let maximum):
                    // Walk the reachable positions from the last to the first, knowing the length of the run of
                    // set members that starts at each. A position p reaches p+min ... p+min(max, run); for
                    // positions of one run those spans start lower and end no later as p goes down, so marking
                    // can stop at the first flag already set.
                    var run = 0
                    var cursor = high
                    while cursor < count, run < maximum, set.contains(scalars[cursor]) {
                        run += 1
                        cursor += 1
                    }
                    var newLow = Int.max
                    var newHigh = -1
                    var position = high
                    while position >= low {
                        if position < high {
                            run = position < count && set.contains(scalars[position]) ? min(run + 1, maximum) : 0
                        }
                        if flags[current + position], run >= minimum {
                            let end = position + min(maximum, run)
                            var target = position + minimum
                            newLow = target
                            newHigh = max(newHigh, end)
                            while target <= end, !flags[next + target] {
                                flags[next + target] = true
                                target += 1
                            }
                        }
                        flags[current + position] = false
                        position -= 1
                    }
                    guard newHigh >= 0 else { return false }
                    (low, high) = (newLow, newHigh)
                    swap(&current, &next)
                }
            }
            return low <= count && count <= high && flags[current + count]
        }
    }
}

// MARK: The backtracking matcher

/// The state of one match: the value's code points, the groups' captured spans, and the work done so far.
private final class PatternRun {
    let input: [UInt32]
    /// Start and end of each group (index 2k and 2k+1 for group k); -1 while a group has captured nothing.
    var captures: [Int]
    var steps = 0
    var exhausted = false
    /// The stack's address where the match began; the stack grows down from it.
    let stackStart: Int

    init(input: [UInt32], captures: Int) {
        self.input = input
        self.captures = Array(repeating: -1, count: 2 * (captures + 1))
        self.stackStart = Self.stackAddress()
    }

    /// Counts one step; false once the budget or the stack allowance is spent.
    @inline(__always)
    func step() -> Bool {
        steps += 1
        if steps > PatternProgram.stepBudget || stackStart - Self.stackAddress() > PatternProgram.stackLimit {
            exhausted = true
        }
        return !exhausted
    }

    /// The address of a local of a new frame: where the stack is now.
    @inline(never)
    static func stackAddress() -> Int {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { Int(bitPattern: $0) }
    }
}

/// A matcher of the specification: from a position, try to match and hand each end position to the
/// continuation, backtracking when the continuation fails.
private typealias Matcher = @Sendable (PatternRun, Int, (Int) -> Bool) -> Bool

private func compile(_ node: PatternNode, forward: Bool) -> Matcher {
    switch node {
    case .empty:
        return { _, position, next in next(position) }
    case .set(let set):
        if forward {
            return { run, position, next in
                guard run.step(), position < run.input.count, set.contains(run.input[position]) else { return false }
                return next(position + 1)
            }
        }
        return { run, position, next in
            guard run.step(), position > 0, set.contains(run.input[position - 1]) else { return false }
            return next(position - 1)
        }
    case .sequence(let nodes):
        var matchers = nodes.map { compile($0, forward: forward) }
        if !forward { matchers.reverse() }
        return matchers.dropFirst().reduce(matchers[0]) { first, second in
            { run, position, next in first(run, position) { second(run, $0, next) } }
        }
    case .alternation(let nodes):
        let matchers = nodes.map { compile($0, forward: forward) }
        return { run, position, next in
            for matcher in matchers {
                if matcher(run, position, next) { return true }
                if run.exhausted { return false }
            }
            return false
        }
    case .group(let inner, let capture):
        let matcher = compile(inner, forward: forward)
        guard let capture else { return matcher }
        return { run, start, next in
            matcher(run, start) { end in
                let saved = (run.captures[2 * capture], run.captures[2 * capture + 1])
                (run.captures[2 * capture], run.captures[2 * capture + 1]) = forward ? (start, end) : (end, start)
                if next(end) { return true }
                (run.captures[2 * capture], run.captures[2 * capture + 1]) = saved
                return false
            }
        }
    case .assertion(let assertion):
        return { run, position, next in
            assertion.holds(at: position, count: run.input.count) { ScalarSet.wordCharacters.contains(run.input[$0]) }
                && next(position)
        }
    case .look(let inner, let ahead, let negative):
        let matcher = compile(inner, forward: ahead)
        return { run, position, next in
            guard run.step() else { return false }
            let saved = run.captures
            let matched = matcher(run, position) { _ in true }
            if run.exhausted { return false }
            if negative {
                if matched {
                    run.captures = saved
                    return false
                }
                return next(position)
            }
            guard matched else { return false }
            if next(position) { return true }
            run.captures = saved
            return false
        }
    case .backreference(let group):
        return { run, position, next in
            guard run.step() else { return false }
            let start = run.captures[2 * group]
            let end = run.captures[2 * group + 1]
            guard start >= 0, end >= 0 else { return next(position) }
            let length = end - start
            let from = forward ? position : position - length
            guard from >= 0, from + length <= run.input.count else { return false }
            for offset in 0..<length where run.input[start + offset] != run.input[from + offset] { return false }
            return next(forward ? position + length : position - length)
        }
    case .repetition(let inner, let minimum, let maximum, let greedy, let firstCapture, let captureCount):
        let matcher = compile(inner, forward: forward)
        let repeater = Repeater(
            matcher: matcher, greedy: greedy, captures: firstCapture..<(firstCapture + captureCount))
        return { run, position, next in
            repeater.match(run, position, minimum: minimum, maximum: maximum ?? Int.max, next)
        }
    }
}

/// RepeatMatcher of the specification (22.2.2.3.1).
private struct Repeater: Sendable {
    let matcher: Matcher
    let greedy: Bool
    let captures: Range<Int>

    func match(_ run: PatternRun, _ position: Int, minimum: Int, maximum: Int, _ next: (Int) -> Bool) -> Bool {
        if maximum == 0 { return next(position) }
        guard run.step() else { return false }
        let lower = minimum == 0 ? 0 : minimum - 1
        let upper = maximum == Int.max ? Int.max : maximum - 1
        if minimum == 0, !greedy {
            if next(position) { return true }
            if run.exhausted { return false }
        }
        var saved: [Int] = []
        if !captures.isEmpty {
            saved = Array(run.captures[(2 * captures.lowerBound)..<(2 * captures.upperBound)])
            for index in (2 * captures.lowerBound)..<(2 * captures.upperBound) { run.captures[index] = -1 }
        }
        let matched = matcher(run, position) { end in
            if minimum == 0, end == position { return false }
            return match(run, end, minimum: lower, maximum: upper, next)
        }
        if matched { return true }
        if !saved.isEmpty { run.captures.replaceSubrange((2 * captures.lowerBound)..<(2 * captures.upperBound), with: saved) }
        if minimum == 0, greedy, !run.exhausted { return next(position) }
        return false
    }
}
