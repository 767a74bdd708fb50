/// Matches values against a parsed pattern with the semantics of ECMA-262 (22.2.2) in `u` mode: the value is a
/// sequence of code points, and a value passes when the whole of it matches, as `^(?:pattern)$` would.
///
/// Three ways of matching, chosen once per pattern:
/// - a pattern that is only characters, sets and counts (`^[A-Z]{2}-[0-9]{4}$`, `[0-9a-f]{16,64}`) and the
///   position tests `^ $ \b \B` is answered by a pass over the value that keeps the set of positions
///   reachable so far: linear in the value, no backtracking, no allocation for values of ordinary size;
/// - any other pattern without backreferences and lookaround (`^(?:[a-z0-9]+\.)*[a-z]{2,}$`) runs as an
///   automaton that follows every way through the pattern at once, one character at a time: linear in the
///   value, whatever the pattern. Without backreferences, what a group captured cannot change whether the
///   whole value matches, and backtracking finds a match exactly when one exists, so the answer is the same;
/// - a pattern with backreferences or lookaround runs a backtracking matcher that follows the specification's matchers step by step
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
        case automaton([Instruction])
        case backtracking(Matcher, captures: Int)
    }

    /// Which way of matching to use: the fastest that can answer for the pattern, or one forced, for tests that
    /// compare them (a forced automaton falls back to backtracking where it cannot answer).
    package enum Strategy: Sendable { case fastest, automaton, backtracking }

    private let engine: Engine

    package init(_ node: PatternNode, captures: Int, strategy: Strategy = .fastest) {
        if strategy == .fastest, let items = SimpleItem.items(of: node) {
            engine = .positions(items)
        } else if strategy != .backtracking, let program = Instruction.program(for: node) {
            engine = .automaton(program)
        } else {
            engine = .backtracking(compile(node, forward: true), captures: captures)
        }
    }

    /// Whether the whole value matches.
    package func matches(_ value: String) -> Bool {
        switch engine {
        case .positions(let items): return matchPositions(items, value)
        case .automaton(let program): return runAutomaton(program, value)
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

    /// Whether this pattern is answered by the pass over positions (for tests of the fast path).
    package var isLinear: Bool { if case .positions = engine { true } else { false } }

    /// Whether this pattern runs on the backtracking matcher.
    package var backtracks: Bool { if case .backtracking = engine { true } else { false } }

    /// Whether this pattern runs as an automaton.
    package var isAutomaton: Bool { if case .automaton = engine { true } else { false } }
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

// MARK: The automaton

/// One step of the automaton: consume a character of a set, fork, jump, test a position, or accept.
private enum Instruction: Sendable {
    case set(ScalarSet)
    case split(Int, Int)
    case jump(Int)
    case assertion(PatternAssertion)
    case accept

    /// Programs longer than this (a count such as `(a{100}){100}` spelled out) run on the backtracking matcher.
    static let maximumLength = 20_000

    /// The program of `node`, or nil when the pattern has backreferences or lookaround, or is too long.
    static func program(for node: PatternNode) -> [Instruction]? {
        var program: [Instruction] = []
        guard emit(node, into: &program), program.count < maximumLength else { return nil }
        program.append(.accept)
        return program
    }

    private static func emit(_ node: PatternNode, into program: inout [Instruction]) -> Bool {
        guard program.count < maximumLength else { return false }
        switch node {
        case .empty: return true
        case .set(let set): program.append(.set(set))
        case .assertion(let assertion): program.append(.assertion(assertion))
        case .look, .backreference: return false
        case .group(let inner, _): return emit(inner, into: &program)
        case .sequence(let nodes):
            for node in nodes where !emit(node, into: &program) { return false }
        case .alternation(let nodes):
            var jumps: [Int] = []
            for (index, node) in nodes.enumerated() {
                let split = program.count
                if index < nodes.count - 1 { program.append(.split(split + 1, -1)) }
                guard emit(node, into: &program) else { return false }
                if index < nodes.count - 1 {
                    jumps.append(program.count)
                    program.append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repetition(let inner, let minimum, let maximum, _, _, _):
            for _ in 0..<min(minimum, maximumLength) where !emit(inner, into: &program) { return false }
            if let maximum {
                // Each optional copy may be skipped, to the end of them all.
                var splits: [Int] = []
                for _ in 0..<min(maximum - minimum, maximumLength) {
                    splits.append(program.count)
                    program.append(.split(program.count + 1, -1))
                    guard emit(inner, into: &program) else { return false }
                }
                for split in splits { program[split] = .split(split + 1, program.count) }
            } else {
                let loop = program.count
                program.append(.split(loop + 1, -1))
                guard emit(inner, into: &program) else { return false }
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
        return program.count < maximumLength
    }
}

/// Runs the automaton over the value: the set of instructions waiting for the next character, advanced one
/// character at a time (a loop that consumes nothing is entered once per position, so it cannot spin).
private func runAutomaton(_ program: [Instruction], _ value: String) -> Bool {
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: value.utf8.count + 1) { scalars in
        var count = 0
        for scalar in value.unicodeScalars {
            scalars[count] = scalar.value
            count += 1
        }
        let size = program.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 5 * size + 2) { memory in
            memory.initialize(repeating: -1)
            // marks[pc]: the position pc was last added at; two lists of waiting instructions; a work stack.
            let marks = UnsafeMutableBufferPointer(rebasing: memory[0..<size])
            var current = UnsafeMutableBufferPointer(rebasing: memory[size..<(2 * size)])
            var next = UnsafeMutableBufferPointer(rebasing: memory[(2 * size)..<(3 * size)])
            let stack = UnsafeMutableBufferPointer(rebasing: memory[(3 * size)...])
            var currentCount = 0
            var nextCount = 0
            func isWord(_ index: Int) -> Bool { ScalarSet.wordCharacters.contains(scalars[index]) }

            /// Adds `start` and every instruction reachable from it without consuming, at `position`.
            func add(_ start: Int, at position: Int, into list: UnsafeMutableBufferPointer<Int>, _ listCount: inout Int) {
                var top = 0
                stack[top] = start
                top += 1
                while top > 0 {
                    top -= 1
                    let pc = stack[top]
                    guard marks[pc] != position else { continue }
                    marks[pc] = position
                    switch program[pc] {
                    case .jump(let target):
                        stack[top] = target
                        top += 1
                    case .split(let first, let second):
                        stack[top] = second
                        stack[top + 1] = first
                        top += 2
                    case .assertion(let assertion):
                        if assertion.holds(at: position, count: count, isWord: isWord) {
                            stack[top] = pc + 1
                            top += 1
                        }
                    case .set, .accept:
                        list[listCount] = pc
                        listCount += 1
                    }
                }
            }

            add(0, at: 0, into: current, &currentCount)
            for position in 0..<count {
                guard currentCount > 0 else { return false }
                let point = scalars[position]
                nextCount = 0
                for index in 0..<currentCount {
                    let pc = current[index]
                    if case .set(let set) = program[pc], set.contains(point) {
                        add(pc + 1, at: position + 1, into: next, &nextCount)
                    }
                }
                swap(&current, &next)
                currentCount = nextCount
            }
            for index in 0..<currentCount {
                if case .accept = program[current[index]] { return true }
            }
            return false
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
