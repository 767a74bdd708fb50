/// Curly quotes (“Acme”), which word processors and chat tools type for straight ones, are not YAML
/// quotes: they stay in the text. A value wrapped in them, or an id or key that holds one, gets a
/// warning with the value as meant.
struct CurlyQuotesRule: ValueRule {
    static let codes: [RuleCode] = [.curlyQuotes]
    static let summary = "a value is wrapped in curly quotes, which YAML keeps as part of the text"
    static var examples: RuleExamples {
        RuleExamples(
            passing: [
                exampleAcme(replacing: "name: Partner acme", with: "name: Partner “Acme” Ads"),
                exampleAcme(replacing: "name: Partner acme", with: "name: \"Acme\""),
            ],
            failing: [
                exampleAcme(replacing: "name: Partner acme", with: "name: “Acme Ads”"),
                exampleAcme(replacing: "[acme_int]", with: "[‘acme_int’]"),
            ])
    }

    func apply(_ value: ReadValue, into findings: inout [Finding]) {
        // Every curly quote starts with the byte 0xE2: a wrapped value starts with it, and only an
        // identifier (short) is searched for one inside.
        guard value.style == .plain, value.text.utf8.first == 0xE2 || (value.role.isMatched && value.text.utf8.contains(0xE2))
        else { return }
        let scalars = Array(value.text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return }
        let wrapped = scalars.count >= 2 && Self.opening.contains(first) && Self.closing.contains(last)
        guard wrapped || (value.role.isMatched && scalars.contains(where: Self.isCurly)) else { return }
        var inner = String.UnicodeScalarView()
        inner.append(contentsOf: scalars.filter { !Self.isCurly($0) })
        let meant = String(inner)
        findings.append(
            Finding(
                file: value.file, location: value.location, code: .curlyQuotes,
                message: "\(value.what) \(SourceText.shown(value.text)) has curly quotes, which YAML keeps as part of the text; type it without them ('\(meant)'), or with straight quotes if it needs any",
                suggestion: meant))
    }

    private static let opening: Set<Unicode.Scalar> = ["\u{201C}", "\u{2018}", "\u{201E}", "\u{201D}", "\u{2019}"]
    private static let closing: Set<Unicode.Scalar> = ["\u{201D}", "\u{2019}", "\u{201C}"]
    static func isCurly(_ scalar: Unicode.Scalar) -> Bool { (0x2018...0x201F).contains(scalar.value) }
}
