/// Ids, media sources, partner aliases, credential keys, ad-type names and their aliases are matched
/// as written, so a character nobody can see makes a value that looks right and never matches
/// (SPEC 17): control characters (tab included), zero-width and text-direction characters, spaces
/// other than the ordinary one, and white space at either end are refused, each named by its code
/// point and column.
struct InvisibleCharacterRule: ValueRule {
    static let codes: [RuleCode] = [.invisibleCharacter]
    static let summary = "ids, media sources, aliases, credential keys and ad types hold no invisible characters and no white space at either end"
    static var examples: RuleExamples {
        RuleExamples(
            passing: [exampleAcme(replacing: "auth: oauth", with: "auth: oauth\naliases: [Acme Ads, 'Acme/Two']")],
            failing: [
                exampleAcme(replacing: "[acme_int]", with: "['acme_int ']"),
                exampleAcme(replacing: "[acme_int]", with: "[\"acme\\u200B_int\"]"),
                exampleAcme(replacing: "[acme_int]", with: "[acme\u{00A0}int]"),
                exampleAcme(replacing: "auth: oauth", with: "auth: oauth\naliases: [\"Acme\\tAds\"]"),
                exampleAcme(replacing: "unsupported: []", with: "unsupported: [\"\\u202Ectv\"]"),
            ])
    }

    func apply(_ value: ReadValue, into findings: inout [Finding]) {
        guard value.role.isMatched, !Self.isPlainASCII(value.text) else { return }
        let scalars = Array(value.text.unicodeScalars)
        for (offset, scalar) in scalars.enumerated() {
            let atEdge = offset == 0 || offset == scalars.count - 1
            let hidden = SourceCharacters.isHidden(scalar)
            guard hidden || (atEdge && scalar.properties.isWhitespace) else { continue }
            var fixed = String.UnicodeScalarView()
            fixed.append(contentsOf: scalars.filter { !SourceCharacters.isInvisible($0) }.map { SourceCharacters.isUnusualSpace($0) ? " " : $0 })
            let repaired = String(String(fixed).trimmingWhitespace())
            let place = offset == 0 ? "starts with" : offset == scalars.count - 1 ? "ends with" : "holds"
            let fix = SourceCharacters.isUnusualSpace(scalar) && !atEdge ? "retype it as an ordinary space" : "delete it"
            findings.append(
                Finding(
                    file: value.file, location: SourceLocation(line: value.location.line, column: value.column(ofCharacter: offset)),
                    code: .invisibleCharacter,
                    message: "\(value.what) \(SourceText.shown(value.text)) \(place) \(SourceCharacters.describe(scalar)) at column \(value.column(ofCharacter: offset)), which cannot be seen but stops it matching; \(fix): '\(repaired)'",
                    suggestion: repaired))
            return
        }
    }

    /// Printable ASCII with no space at either end: nothing to find, the common case, checked by bytes.
    private static func isPlainASCII(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.first != UInt8(ascii: " "), utf8.last != UInt8(ascii: " ") else { return false }
        return utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}
