/// The pattern dialect of partner files: ECMA-262 regular expressions with the `u` flag, the dialect of
/// JSON Schema's `pattern` and of every editor (what `new RegExp(source, "u")` accepts).
///
/// ``PatternParser`` turns a pattern into a ``PatternNode`` tree, or refuses it with a ``PatternProblem``
/// that says in words what is wrong and at which character. It refuses exactly what the `u`-mode grammar
/// refuses, with two deliberate exceptions that are refused here although the dialect has them:
/// letter categories (`\p{…}`, `\P{…}`) and escapes inside group names (`(?<\u0061>…)`). The differential
/// test against Node.js (`PatternOracleTests`) treats those as known refusals.

/// A set of code points, kept as sorted, disjoint, non-adjacent ranges.
package struct ScalarSet: Sendable, Equatable {
    package private(set) var ranges: [ClosedRange<UInt32>]
    /// Membership of the 128 ASCII code points, two words, so the common case is one shift and one mask.
    private var asciiLow: UInt64 = 0
    private var asciiHigh: UInt64 = 0

    package static let maximum: UInt32 = 0x10FFFF

    package init(_ ranges: [ClosedRange<UInt32>]) {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
        for range in merged where range.lowerBound < 128 {
            for point in range.lowerBound...min(range.upperBound, 127) {
                if point < 64 { asciiLow |= 1 << UInt64(point) } else { asciiHigh |= 1 << UInt64(point - 64) }
            }
        }
    }

    package init(_ point: UInt32) { self.init([point...point]) }

    /// Every code point not in this set.
    package var inverted: ScalarSet {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = range.upperBound &+ 1
        }
        if next <= Self.maximum, !(ranges.last.map { $0.upperBound == Self.maximum } ?? false) {
            result.append(next...Self.maximum)
        }
        return ScalarSet(result)
    }

    package func union(_ other: ScalarSet) -> ScalarSet { ScalarSet(ranges + other.ranges) }

    @inline(__always)
    package func contains(_ point: UInt32) -> Bool {
        if point < 64 { return asciiLow & (1 << UInt64(point)) != 0 }
        if point < 128 { return asciiHigh & (1 << UInt64(point - 64)) != 0 }
        for range in ranges {
            if point < range.lowerBound { return false }
            if point <= range.upperBound { return true }
        }
        return false
    }

    /// `\d`: the ten ASCII digits.
    package static let digits = ScalarSet([0x30...0x39])
    /// `\w`: ASCII letters, digits and `_` (no case folding without the `i` flag).
    package static let wordCharacters = ScalarSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// The line terminators: what `.` does not match.
    package static let lineTerminators = ScalarSet([0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029])
    /// `\s`: ECMA-262's WhiteSpace (tab, vertical tab, form feed, space, no-break space, the byte order mark and
    /// the space separators) and LineTerminator.
    package static let whiteSpace = ScalarSet([
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029, 0x202F...0x202F,
        0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])
    /// `.` without the `s` flag.
    package static let dot = lineTerminators.inverted
}

/// A position the pattern tests without consuming anything.
package enum PatternAssertion: Sendable, Equatable {
    /// `^`: the start of the value.
    case start
    /// `$`: the end of the value.
    case end
    /// `\b`
    case wordBoundary
    /// `\B`
    case notWordBoundary
}

extension PatternAssertion {
    /// Whether the test holds at `position` of a value of `count` characters; `isWord(i)` says whether the
    /// character at `i` is a word character (`\w`), and is only asked for positions inside the value.
    @inline(__always)
    func holds(at position: Int, count: Int, isWord: (Int) -> Bool) -> Bool {
        switch self {
        case .start: return position == 0
        case .end: return position == count
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && isWord(position - 1)
            let after = position < count && isWord(position)
            return (before != after) == (self == .wordBoundary)
        }
    }
}

/// A parsed pattern.
package indirect enum PatternNode: Sendable, Equatable {
    case empty
    /// One code point from a set (a literal character is a set of one).
    case set(ScalarSet)
    case sequence([PatternNode])
    case alternation([PatternNode])
    /// A group; `capture` is the group's number (from 1) when it captures.
    case group(PatternNode, capture: Int?)
    /// `atom{min,max}`; `max` nil for no upper limit. The captures inside are numbered
    /// `firstCapture ..< firstCapture + captureCount`; each repeat clears them.
    case repetition(PatternNode, min: Int, max: Int?, greedy: Bool, firstCapture: Int, captureCount: Int)
    case assertion(PatternAssertion)
    /// `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`.
    case look(PatternNode, ahead: Bool, negative: Bool)
    /// `\1`, `\k<name>` (resolved to its number).
    case backreference(Int)

    /// Whether the node contains a repetition that may repeat more than once, or a backreference
    /// (whose length is unknown): what makes a repetition around it slow to refuse a value.
    var repeatsOrReferences: Bool {
        switch self {
        case .empty, .set, .assertion: false
        case .backreference: true
        case .sequence(let nodes), .alternation(let nodes): nodes.contains { $0.repeatsOrReferences }
        case .group(let node, _), .look(let node, _, _): node.repeatsOrReferences
        case .repetition(let node, _, let max, _, _, _): (max ?? 2) > 1 || node.repeatsOrReferences
        }
    }

    /// Whether a repetition that may repeat more than once holds another such repetition: `(a+)+`,
    /// `(\d*x?)*`. Such patterns can take very long to refuse a value that nearly matches.
    package var hasNestedRepeats: Bool {
        switch self {
        case .empty, .set, .assertion, .backreference: false
        case .sequence(let nodes), .alternation(let nodes): nodes.contains { $0.hasNestedRepeats }
        case .group(let node, _), .look(let node, _, _): node.hasNestedRepeats
        case .repetition(let node, _, let max, _, _, _):
            ((max ?? 2) > 1 && node.repeatsOrReferences) || node.hasNestedRepeats
        }
    }
}

/// Why a pattern is refused: the words, and the character (from 1) where the problem starts.
package struct PatternProblem: Error, Sendable, Equatable, CustomStringConvertible {
    package var column: Int
    package var message: String
    package var description: String { "at character \(column), \(message)" }
}

/// Parses the `u`-mode grammar of ECMA-262 (22.2.1) into a ``PatternNode``.
package struct PatternParser {
    private let text: [UInt32]
    private var index = 0
    private var captureCount = 0
    private var groupNames: [String: Int] = [:]
    /// `\N` and `\k<name>` seen, checked once every group is known (a reference may come before its group).
    private var numberedReferences: [(number: Int, at: Int, spelling: String)] = []
    private var namedReferences: [(name: String, at: Int, node: Int)] = []

    /// The parsed pattern and its number of capturing groups.
    package static func parse(_ source: String) throws(PatternProblem) -> (node: PatternNode, captures: Int) {
        var parser = PatternParser(text: source.unicodeScalars.map(\.value))
        let node = try parser.parseDisjunction()
        if parser.index < parser.text.count {
            // Only an unmatched ')' stops a disjunction at the top.
            throw parser.problem(at: parser.index, "')' closes a group that was never opened; remove it, or write '\\)' for the character ')'")
        }
        for reference in parser.numberedReferences where reference.number > parser.captureCount {
            let groups = parser.captureCount == 0 ? "has no groups" : parser.captureCount == 1 ? "has only 1 group" : "has only \(parser.captureCount) groups"
            throw parser.problem(
                at: reference.at,
                "'\(reference.spelling)' repeats group \(reference.number), but the pattern \(groups) in ( ); for a number write it without the backslash")
        }
        var resolved = node
        for reference in parser.namedReferences {
            guard let number = parser.groupNames[reference.name] else {
                throw parser.problem(at: reference.at, "'\\k<\(reference.name)>' repeats a group named '\(reference.name)', but no group has that name")
            }
            resolved = resolved.resolvingName(reference.node, to: number)
        }
        return (resolved, parser.captureCount)
    }

    private init(text: [UInt32]) { self.text = text }

    // MARK: Reading

    private var atEnd: Bool { index >= text.count }
    private func peek(_ offset: Int = 0) -> UInt32? { index + offset < text.count ? text[index + offset] : nil }
    private func isNext(_ character: Character, _ offset: Int = 0) -> Bool {
        peek(offset) == character.unicodeScalars.first!.value
    }

    private func problem(at position: Int, _ message: String) -> PatternProblem {
        PatternProblem(column: position + 1, message: message)
    }

    /// The pattern's text from `start` to the current position (or `end`), for quoting in a message.
    private func quote(_ start: Int, _ end: Int? = nil) -> String {
        let stop = min(end ?? index, text.count)
        var result = ""
        for point in text[max(0, start)..<max(start, stop)] { result.unicodeScalars.append(Unicode.Scalar(point) ?? "?") }
        return result
    }

    // MARK: Grammar

    private mutating func parseDisjunction() throws(PatternProblem) -> PatternNode {
        var alternatives = [try parseAlternative()]
        while isNext("|") {
            index += 1
            alternatives.append(try parseAlternative())
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func parseAlternative() throws(PatternProblem) -> PatternNode {
        var terms: [PatternNode] = []
        while let next = peek(), next != 0x7C, next != 0x29 {
            terms.append(try parseTerm())
        }
        switch terms.count {
        case 0: return .empty
        case 1: return terms[0]
        default: return .sequence(terms)
        }
    }

    private mutating func parseTerm() throws(PatternProblem) -> PatternNode {
        let start = index
        let capturesBefore = captureCount
        let atom: PatternNode
        var canRepeat = true
        switch peek()! {
        case 0x5E:  // ^
            index += 1
            atom = .assertion(.start)
            canRepeat = false
        case 0x24:  // $
            index += 1
            atom = .assertion(.end)
            canRepeat = false
        case 0x2E:  // .
            index += 1
            atom = .set(.dot)
        case 0x28:  // (
            (atom, canRepeat) = try parseGroup()
        case 0x5B:  // [
            atom = .set(try parseClass())
        case 0x5C:  // \
            let escape = try parseAtomEscape()
            atom = escape
            if case .assertion = escape { canRepeat = false }
        case 0x2A, 0x2B, 0x3F:  // * + ?
            throw problem(at: start, "'\(quote(start, start + 1))' repeats nothing; put the character or group to repeat before it, or write '\\\(quote(start, start + 1))' for the character itself")
        case 0x7B:  // {
            if let (_, _, end) = countAhead(at: index) {
                throw problem(at: start, "'\(quote(start, end))' repeats nothing; put the character or group to repeat before it")
            }
            throw braceProblem(at: start)
        case 0x7D:  // }
            throw problem(at: start, "'}' closes a count of repeats that was never opened; write '\\}' for the character '}'")
        case 0x5D:  // ]
            throw problem(at: start, "']' closes a set of characters that was never opened with '['; write '\\]' for the character ']'")
        default:
            atom = .set(ScalarSet(text[index]))
            index += 1
        }
        guard let next = peek(), next == 0x2A || next == 0x2B || next == 0x3F || next == 0x7B else { return atom }
        let quantifierStart = index
        var minimum = 0
        var maximum: Int?
        switch next {
        case 0x2A: index += 1
        case 0x2B: minimum = 1; index += 1
        case 0x3F: maximum = 1; index += 1
        default:
            guard let (low, high, end) = countAhead(at: index) else { throw braceProblem(at: index) }
            if let high, high < low {
                throw problem(at: quantifierStart, "'\(quote(quantifierStart, end))' counts down; write the smaller number first, '{\(high),\(low)}'")
            }
            (minimum, maximum) = (low, high)
            index = end
        }
        guard canRepeat else {
            throw problem(at: quantifierStart, "'\(quote(quantifierStart))' repeats '\(quote(start, quantifierStart))', which tests a position and cannot be repeated; remove the count")
        }
        var greedy = true
        if isNext("?") {
            greedy = false
            index += 1
        }
        return .repetition(
            atom, min: minimum, max: maximum, greedy: greedy, firstCapture: capturesBefore + 1,
            captureCount: captureCount - capturesBefore)
    }

    /// A complete `{n}`, `{n,}` or `{n,m}` at `position`: the numbers and the position after `}`.
    private func countAhead(at position: Int) -> (Int, Int?, Int)? {
        var cursor = position + 1
        func number() -> Int? {
            var value: Int?
            while cursor < text.count, (0x30...0x39).contains(text[cursor]) {
                let digit = Int(text[cursor] - 0x30)
                let (times, overflow) = (value ?? 0).multipliedReportingOverflow(by: 10)
                value = overflow ? Int.max : (times.addingReportingOverflow(digit).overflow ? Int.max : times + digit)
                cursor += 1
            }
            return value
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if cursor < text.count, text[cursor] == 0x2C {
            cursor += 1
            high = number()
        }
        guard cursor < text.count, text[cursor] == 0x7D else { return nil }
        return (low, high, cursor + 1)
    }

    private func braceProblem(at position: Int) -> PatternProblem {
        var end = position + 1
        while end < text.count, (0x30...0x39).contains(text[end]) || text[end] == 0x2C { end += 1 }
        if end == position + 1 || !(0x30...0x39).contains(text[position + 1]) {
            return problem(at: position, "'{' starts a count of repeats such as {2} or {2,5}, but no number follows; write '\\{' for the character '{'")
        }
        return problem(at: position, "'\(quote(position, end))' opens a count of repeats that is never closed with '}'")
    }

    private mutating func parseGroup() throws(PatternProblem) -> (PatternNode, canRepeat: Bool) {
        let start = index
        index += 1
        var capture: Int?
        var look: (ahead: Bool, negative: Bool)?
        if isNext("?") {
            if isNext(":", 1) {
                index += 2
            } else if isNext("=", 1) || isNext("!", 1) {
                look = (true, isNext("!", 1))
                index += 2
            } else if isNext("<", 1) && (isNext("=", 2) || isNext("!", 2)) {
                look = (false, isNext("!", 2))
                index += 3
            } else if isNext("<", 1) {
                index += 2
                let name = try parseGroupName(groupStart: start)
                if groupNames[name] != nil {
                    throw problem(at: start, "two groups are named '\(name)'; give each group its own name")
                }
                captureCount += 1
                capture = captureCount
                groupNames[name] = captureCount
            } else {
                throw problem(at: start, "'\(quote(start, min(start + 3, text.count)))' is not a kind of group this format knows; write '(?:' for a group, '(?=' or '(?!' to look ahead, or '\\(' for the character '('")
            }
        } else {
            captureCount += 1
            capture = captureCount
        }
        let body = try parseDisjunction()
        guard isNext(")") else {
            throw problem(at: start, "'(' opens a group that is never closed with ')'")
        }
        index += 1
        if let look { return (.look(body, ahead: look.ahead, negative: look.negative), false) }
        return (.group(body, capture: capture), true)
    }

    /// A group name after `(?<` or `\k<`, up to and including `>`.
    private mutating func parseGroupName(groupStart: Int) throws(PatternProblem) -> String {
        var name = ""
        while let next = peek(), next != 0x3E {
            guard let scalar = Unicode.Scalar(next), next != 0x5C else {
                throw problem(at: index, "a group name is letters, digits, '_' and '$' only; write the name without '\\'")
            }
            let allowed =
                name.isEmpty
                ? scalar.properties.isIDStart || next == 0x24 || next == 0x5F
                : scalar.properties.isIDContinue || next == 0x24 || next == 0x200C || next == 0x200D
            guard allowed else {
                throw problem(
                    at: index,
                    name.isEmpty
                        ? "a group name starts with a letter, '_' or '$', not '\(scalar)'"
                        : "a group name is letters, digits, '_' and '$' only, not '\(scalar)'")
            }
            name.unicodeScalars.append(scalar)
            index += 1
        }
        guard !atEnd else { throw problem(at: groupStart, "the group name after '\(quote(groupStart, groupStart + 3))' is never closed with '>'") }
        guard !name.isEmpty else { throw problem(at: index, "the group name between '<' and '>' is empty; write a name, or use '(?:' for a group without one") }
        index += 1
        return name
    }

    /// What follows `\` outside `[ ]`.
    private mutating func parseAtomEscape() throws(PatternProblem) -> PatternNode {
        let start = index
        index += 1
        guard let next = peek() else {
            throw problem(at: start, "'\\' at the end escapes nothing; write '\\\\' for the character '\\'")
        }
        switch next {
        case 0x62: index += 1; return .assertion(.wordBoundary)  // b
        case 0x42: index += 1; return .assertion(.notWordBoundary)  // B
        case 0x31...0x39:
            var number = 0
            while let digit = peek(), (0x30...0x39).contains(digit) {
                number = number > 100_000_000 ? number : number * 10 + Int(digit - 0x30)
                index += 1
            }
            numberedReferences.append((number, start, quote(start)))
            return .backreference(number)
        case 0x6B:  // k
            index += 1
            guard isNext("<") else {
                throw problem(at: start, "'\\k' must be followed by a group name in < >, as in \\k<year>")
            }
            index += 1
            let name = try parseGroupName(groupStart: start)
            namedReferences.append((name, start, -(namedReferences.count + 1)))
            return .backreference(-namedReferences.count)
        default:
            return .set(try parseCharacterEscape(start: start, inClass: false))
        }
    }

    /// The escapes allowed both inside and outside `[ ]`; `index` is on the character after `\`.
    private mutating func parseCharacterEscape(start: Int, inClass: Bool) throws(PatternProblem) -> ScalarSet {
        let next = peek()!
        index += 1
        switch next {
        case 0x64: return .digits  // d
        case 0x44: return ScalarSet.digits.inverted  // D
        case 0x73: return .whiteSpace  // s
        case 0x53: return ScalarSet.whiteSpace.inverted  // S
        case 0x77: return .wordCharacters  // w
        case 0x57: return ScalarSet.wordCharacters.inverted  // W
        case 0x70, 0x50:  // p P
            throw problem(at: start, "'\(quote(start))' (a category of letters) is not supported in partner patterns; list the characters in [ ], for example [A-Za-z]")
        case 0x66: return ScalarSet(0x0C)  // f
        case 0x6E: return ScalarSet(0x0A)  // n
        case 0x72: return ScalarSet(0x0D)  // r
        case 0x74: return ScalarSet(0x09)  // t
        case 0x76: return ScalarSet(0x0B)  // v
        case 0x63:  // c
            guard let letter = peek(), (0x41...0x5A).contains(letter) || (0x61...0x7A).contains(letter) else {
                throw problem(at: start, "'\\c' must be followed by a letter A to Z (a control character); write '\\\\c' for a backslash and 'c'")
            }
            index += 1
            return ScalarSet(letter % 32)
        case 0x30:  // 0
            if let digit = peek(), (0x30...0x39).contains(digit) {
                throw problem(at: start, "'\(quote(start, index + 1))' is not an escape; write '\\x' and two hex digits for a character by its code, or the digits without '\\'")
            }
            return ScalarSet(0)
        case 0x78:  // x
            guard let high = peek().flatMap(Self.hexValue), let low = peek(1).flatMap(Self.hexValue) else {
                throw problem(at: start, "'\\x' must be followed by two hex digits (0-9, a-f), as in \\x41")
            }
            index += 2
            return ScalarSet(high * 16 + low)
        case 0x75:  // u
            return ScalarSet(try parseUnicodeEscape(start: start))
        case 0x62 where inClass: return ScalarSet(0x08)  // b: backspace inside [ ]
        case 0x2D where inClass: return ScalarSet(0x2D)  // -
        case 0x5E, 0x24, 0x5C, 0x2E, 0x2A, 0x2B, 0x3F, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x7C, 0x2F:
            return ScalarSet(next)
        default:
            let shown = quote(start, index)
            let plain = quote(start + 1, index)
            throw problem(at: start, "'\(shown)' is not an escape this format knows; write '\(plain)' without the backslash")
        }
    }

    /// `\uHHHH`, a surrogate pair `\uHHHH\uHHHH`, or `\u{H…}`; `index` is after `u`.
    private mutating func parseUnicodeEscape(start: Int) throws(PatternProblem) -> UInt32 {
        if isNext("{") {
            var cursor = index + 1
            var value: UInt32 = 0
            while cursor < text.count, let digit = Self.hexValue(text[cursor]) {
                value = value > ScalarSet.maximum ? value : value * 16 + digit
                cursor += 1
            }
            guard cursor > index + 1, cursor < text.count, text[cursor] == 0x7D else {
                throw problem(at: start, "'\\u{' must be followed by hex digits and '}', as in \\u{1F600}")
            }
            guard value <= ScalarSet.maximum else {
                throw problem(at: start, "'\(quote(start, cursor + 1))' names no character; the highest is \\u{10FFFF}")
            }
            index = cursor + 1
            return value
        }
        guard let value = fourHexDigits(at: index) else {
            throw problem(at: start, "'\\u' must be followed by four hex digits, as in \\u00e9, or by {…}, as in \\u{1F600}")
        }
        index += 4
        if (0xD800...0xDBFF).contains(value), isNext("\\"), isNext("u", 1), let low = fourHexDigits(at: index + 2),
            (0xDC00...0xDFFF).contains(low)
        {
            index += 6
            return 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        }
        return value
    }

    private func fourHexDigits(at position: Int) -> UInt32? {
        guard position + 4 <= text.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = Self.hexValue(text[position + offset]) else { return nil }
            value = value * 16 + digit
        }
        return value
    }

    private static func hexValue(_ point: UInt32) -> UInt32? {
        switch point {
        case 0x30...0x39: point - 0x30
        case 0x41...0x46: point - 0x41 + 10
        case 0x61...0x66: point - 0x61 + 10
        default: nil
        }
    }

    /// `[…]` or `[^…]`; `index` is on `[`.
    private mutating func parseClass() throws(PatternProblem) -> ScalarSet {
        let start = index
        index += 1
        let negated = isNext("^")
        if negated { index += 1 }
        var ranges: [ClosedRange<UInt32>] = []
        while true {
            guard let next = peek() else {
                throw problem(at: start, "'[' opens a set of characters that is never closed with ']'")
            }
            if next == 0x5D {
                index += 1
                break
            }
            let atomStart = index
            let first = try parseClassAtom()
            if isNext("-"), let after = peek(1), after != 0x5D {
                index += 1
                let secondStart = index
                let second = try parseClassAtom()
                guard case .single(let low) = first, case .single(let high) = second else {
                    throw problem(at: atomStart, "'\(quote(atomStart))' is a range with a kind of character (such as \\d or \\w) at one end; write the '-' as '\\-' to mean the character '-'")
                }
                guard low <= high else {
                    throw problem(at: atomStart, "'\(quote(atomStart))' is a range that runs backwards; write it as '\(quote(secondStart))-\(quote(atomStart, secondStart - 1))'")
                }
                ranges.append(low...high)
            } else {
                switch first {
                case .single(let point): ranges.append(point...point)
                case .set(let set): ranges.append(contentsOf: set.ranges)
                }
            }
        }
        let set = ScalarSet(ranges)
        return negated ? set.inverted : set
    }

    private enum ClassAtom {
        case single(UInt32)
        case set(ScalarSet)
    }

    private mutating func parseClassAtom() throws(PatternProblem) -> ClassAtom {
        let start = index
        guard text[index] == 0x5C else {
            index += 1
            return .single(text[start])
        }
        index += 1
        guard let next = peek() else {
            throw problem(at: start, "'\\' at the end escapes nothing; write '\\\\' for the character '\\'")
        }
        if next == 0x6B {
            throw problem(at: start, "'\\k' cannot be used inside [ ]; write 'k' without the backslash")
        }
        if next == 0x42 {
            throw problem(at: start, "'\\B' cannot be used inside [ ]; write 'B' without the backslash")
        }
        let set = try parseCharacterEscape(start: start, inClass: true)
        if set.ranges.count == 1, set.ranges[0].lowerBound == set.ranges[0].upperBound,
            ![0x64, 0x44, 0x73, 0x53, 0x77, 0x57].contains(next)
        {
            return .single(set.ranges[0].lowerBound)
        }
        return .set(set)
    }
}

extension PatternNode {
    /// The node with the named reference placeholder `placeholder` (a negative number) replaced by `number`.
    fileprivate func resolvingName(_ placeholder: Int, to number: Int) -> PatternNode {
        switch self {
        case .backreference(placeholder): .backreference(number)
        case .empty, .set, .assertion, .backreference: self
        case .sequence(let nodes): .sequence(nodes.map { $0.resolvingName(placeholder, to: number) })
        case .alternation(let nodes): .alternation(nodes.map { $0.resolvingName(placeholder, to: number) })
        case .group(let node, let capture): .group(node.resolvingName(placeholder, to: number), capture: capture)
        case .look(let node, let ahead, let negative):
            .look(node.resolvingName(placeholder, to: number), ahead: ahead, negative: negative)
        case .repetition(let node, let min, let max, let greedy, let first, let count):
            .repetition(
                node.resolvingName(placeholder, to: number), min: min, max: max, greedy: greedy, firstCapture: first,
                captureCount: count)
        }
    }
}
