import LanguageServerProtocol
import PartnerRules
import PartnerRulesLanguageServer
import PartnerRulesTestSupport
import Testing

/// The one conversion between the engine's places (1-based, columns in Unicode scalars) and the client's (0-based,
/// columns in UTF-16 code units): characters outside the Basic Multilingual Plane count two units.
@Suite struct PositionTests {
    @Test func emojiCountTwoUnitsForTheClientAndOneColumnForTheEngine() {
        let text = DocumentText("name: 🦊 Fox\nlabel: \"😀x\"\n")
        // Column 9 (scalars) is after "name: 🦊 ": 6 + 2 + 1 UTF-16 units.
        #expect(text.position(SourceLocation(line: 1, column: 9)) == Position(line: 0, character: 9))
        #expect(text.position(SourceLocation(line: 1, column: 8)) == Position(line: 0, character: 8))
        #expect(text.position(SourceLocation(line: 1, column: 7)) == Position(line: 0, character: 6))
        #expect(text.location(Position(line: 0, character: 9)) == SourceLocation(line: 1, column: 9))
        #expect(text.location(Position(line: 0, character: 8)) == SourceLocation(line: 1, column: 8))
        // Inside the surrogate pair: the emoji's own column.
        #expect(text.location(Position(line: 0, character: 7)) == SourceLocation(line: 1, column: 7))
        // Past the end of a line: the line's end.
        #expect(text.position(SourceLocation(line: 2, column: 40)) == Position(line: 1, character: 12))
        #expect(text.location(Position(line: 1, character: 99)) == SourceLocation(line: 2, column: 12))
    }

    @Test func anEngineFixBecomesTheSameEditInUTF16() throws {
        let source = "name: 🦊🦊 Fox\nhelp: x\n"
        let text = DocumentText(source)
        // Remove "🦊 " (the second fox and the space): columns 8 to 10 in scalars.
        let fix = Fix(description: "remove the second fox", edits: [PartnerRules.TextEdit(line: 1, column: 8, endLine: 1, endColumn: 10, text: "")])
        let edit = text.textEdit(fix.edits[0])
        #expect(edit.range == Range(start: Position(line: 0, character: 8), end: Position(line: 0, character: 11)))
        // Applied as a client applies it (UTF-16 offsets), it gives what the engine gives.
        var units = Array(source.utf16)
        units.replaceSubrange(edit.range.start.character..<edit.range.end.character, with: Array(edit.newText.utf16))
        #expect(String(decoding: units, as: UTF16.self) == fix.applied(to: source))
    }

    /// A finding's proven fix becomes a quick fix whose edits, applied as a client applies them, give the engine's text.
    @Test func aFindingsFixIsAQuickFixInUTF16() throws {
        let source = "name: \"Acme 😀 Ads\nlabel: x\n"
        let fix = Fix(description: "close the quote after 'Acme 😀 Ads'", edits: [.insert("\"", at: SourceLocation(line: 1, column: 18))])
        let finding = Finding(file: "acme.yaml", location: SourceLocation(line: 1, column: 7), code: .yamlSyntax, message: "the quote is not closed", fix: fix)
        let lines = DocumentText(source)
        let server = PartnerLanguageServer(writer: MessageWriter { _ in })
        let diagnostic = server.diagnostic(finding, lines: lines)
        let action = try #require(PartnerLanguageServer.quickFix(finding, diagnostic: diagnostic, uri: "file:///w/partners/acme.yaml", lines: lines))
        #expect(action.title == fix.description && action.kind == "quickfix")
        let edits = try #require(action.edit.changes["file:///w/partners/acme.yaml"])
        #expect(edits == [LanguageServerProtocol.TextEdit(range: Range(start: Position(line: 0, character: 18), end: Position(line: 0, character: 18)), newText: "\"")])
        var units = Array(source.utf16)
        units.insert(contentsOf: Array("\"".utf16), at: edits[0].range.start.character)
        #expect(String(decoding: units, as: UTF16.self) == fix.applied(to: source))
        let noFix = Finding(file: "acme.yaml", location: .start, code: .yamlSyntax, message: "x")
        #expect(PartnerLanguageServer.quickFix(noFix, diagnostic: diagnostic, uri: "u", lines: lines) == nil)
    }

    /// Every scalar column of generated lines of mixed widths goes to the client and back unchanged.
    @Test func placesGoToTheClientAndBack() {
        var random = SeededRandom(seed: 21)
        let alphabet: [Unicode.Scalar] = ["a", " ", ":", "é", "\u{200B}", "😀", "𝒜", "中", "\t"]
        var checked = 0
        for _ in 0..<200 {
            var lines: [String] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                var line = String.UnicodeScalarView()
                for _ in 0..<Int.random(in: 0...12, using: &random) { line.append(alphabet.randomElement(using: &random)!) }
                lines.append(String(line))
            }
            let text = DocumentText(lines.joined(separator: "\n"))
            for (index, line) in lines.enumerated() {
                for column in 1...(line.unicodeScalars.count + 1) {
                    let location = SourceLocation(line: index + 1, column: column)
                    let position = text.position(location)
                    #expect(position.character == line.unicodeScalars.prefix(column - 1).reduce(0) { $0 + $1.utf16.count })
                    #expect(text.location(position) == location)
                    checked += 1
                }
            }
        }
        print("positions checked both ways: \(checked)")
    }
}
