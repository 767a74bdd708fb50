/// A partner file's `pattern`, compiled once when the catalog is built.
///
/// The syntax is that of Swift's `Regex` (Perl-like, as in JSON Schema's `pattern`). A value
/// passes when the whole of it matches: `^` and `$` are implied.
///
/// `@unchecked Sendable`: a `Regex` is an immutable value whose compiled program is created once,
/// with an atomic exchange, so sharing one across tasks is safe; the standard library just does not
/// declare `Regex<AnyRegexOutput>` `Sendable`. The program is built here, at load, not on first use.
package struct CompiledPattern: @unchecked Sendable {
    package let source: String
    private let regex: Regex<AnyRegexOutput>

    package init?(_ source: String) {
        guard let regex = try? Regex(source) else { return nil }
        self.source = source
        self.regex = regex
        _ = try? regex.wholeMatch(in: "")
    }

    /// Whether the whole value matches.
    package func matches(_ value: String) -> Bool {
        (try? regex.wholeMatch(in: value)) != nil
    }

    /// Why a pattern does not compile, or `nil` when it does.
    static func problem(compiling source: String) -> String? {
        do {
            _ = try Regex(source)
            return nil
        } catch {
            let text = String(describing: error)
            return text.split(separator: "\n").first.map(String.init) ?? "a mistake in the pattern"
        }
    }
}
