/// A partner file's `pattern`, parsed and prepared once when the catalog is built.
///
/// The dialect is ECMA-262's with the `u` flag: what `new RegExp(pattern, "u")` accepts, the dialect of JSON
/// Schema's `pattern` and of the editors staff use (see `Patterns/`). A value passes when the whole of it matches,
/// as `^(?:pattern)$` would: `^` and `$` are implied, and writing them changes nothing. The value is read as
/// Unicode code points, as the `u` flag does. Matching is bounded: a value that would take the pattern more than
/// ``PatternProgram/stepBudget`` steps to decide is refused rather than left to hang the request.
package struct CompiledPattern: Sendable {
    package let source: String
    private let program: PatternProgram

    package init?(_ source: String) {
        guard let parsed = try? PatternParser.parse(source) else { return nil }
        self.source = source
        self.program = PatternProgram(parsed.node, captures: parsed.captures)
    }

    /// Whether the whole value matches.
    package func matches(_ value: String) -> Bool {
        program.matches(value)
    }

    /// Why the dialect refuses a pattern, in words with the character where the problem starts, or `nil` when it
    /// accepts it.
    static func problem(compiling source: String) -> String? {
        do {
            _ = try PatternParser.parse(source)
            return nil
        } catch {
            return error.description
        }
    }

    /// Whether an accepted pattern must backtrack (it has backreferences or lookaround) and repeats something that
    /// itself repeats (`(?=x)(a+)+`), so it can take very long to refuse a value that nearly matches; `false` for
    /// a refused pattern.
    static func canBeSlow(_ source: String) -> Bool {
        guard let parsed = try? PatternParser.parse(source) else { return false }
        return parsed.node.hasNestedRepeats && PatternProgram(parsed.node, captures: parsed.captures).backtracks
    }
}
