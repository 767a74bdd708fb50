/// A typing slip behind a YAML syntax error, worked out from the source text around libyaml's
/// position and the place where the construct it was reading began.
///
/// Each case keeps the line as the person typed it and the fix written out, so the message says
/// what was typed, which character is wrong, and what to type instead.
package enum YAMLSlip: Sendable, Hashable {
    /// `name:Acme`; `hidden` names a look-alike of a space typed after the ':' (a non-breaking space).
    case missingSpaceAfterColon(line: String, hidden: String?, fix: String)
    /// `name = Acme`.
    case equalsForColon(line: String, fix: String)
    /// `name Acme`.
    case missingColon(line: String, fix: String)
    /// `authentication` alone on a line where a `key: value` belongs.
    case lineWithoutColon(line: String)
    /// `credentials_mut #able: false`: ` #` began a comment before the line's ':'.
    case commentBeforeColon(line: String)
    /// `media_sources: [a_int, b_int` with no `]`; the fix when the line shows where it ends.
    case unclosedBracket(line: String, bracket: Character, fix: String?)
    /// `name: "Acme` with no closing quote.
    case unclosedQuote(line: String, quote: Character, fix: String)
    /// A tab where YAML needs spaces: after `-`, or in the indentation; `fix` when a line with spaces was proven to read.
    case tab(line: String, column: Int, afterDash: Bool, fix: String? = nil)
    /// A value that starts with a character YAML reserves (`@`, `` ` ``, `%`, `[`, `{`, `|`, `>`), left unquoted.
    case reservedStart(line: String, character: Character, fix: String)
    /// `name: "Acme" Ads`, `name: 'Acme's'`: text after the closing quote.
    case textAfterQuote(line: String, fix: String)
    /// `pattern: "^\d+$"`: a backslash in double quotes that is not an escape.
    case backslash(line: String, escape: String, fix: String)
    /// `help: Go to: Settings`: `: ` inside a plain value.
    case colonInValue(line: String, fix: String)
    /// A line indented to no level of the lines above it; `like` is the line it probably belongs with.
    case indentation(line: String, indent: Int, like: String, likeLine: Int, likeIndent: Int, fix: String? = nil)
    /// A key indented under a key whose value is already on its line, so it reads as more of that value.
    case continuedValue(line: String, above: String, aboveLine: Int, aboveIndent: Int, fix: String? = nil)
    /// A character YAML does not accept at all (a control character), named.
    case forbiddenCharacter(line: String, character: String)
    /// `: Acme`: a value with no key.
    case missingKey(line: String)
    /// A list item typed without its `- `, so YAML cannot read it as an item of the list it stands in.
    case missingDash(line: String, fix: String)
    /// `-Admin`: a '-' with no space after it, which YAML reads as text, not as the start of a list item.
    case dashWithoutSpace(line: String, fix: String)
    /// `- Admin` under `any_of: []`: the key was already given the empty list (or `{}`) on its own line.
    case itemsUnderEmptyList(item: String, key: String, listLine: Int, brackets: String, fix: String)

    /// The line as it should be typed, replacing the line of the slip, when the slip says so.
    var fix: String? {
        switch self {
        case .missingSpaceAfterColon(_, _, let fix), .equalsForColon(_, let fix), .missingColon(_, let fix),
            .unclosedQuote(_, _, let fix), .reservedStart(_, _, let fix), .textAfterQuote(_, let fix), .backslash(_, _, let fix),
            .colonInValue(_, let fix), .missingDash(_, let fix), .dashWithoutSpace(_, let fix), .itemsUnderEmptyList(_, _, _, _, let fix):
            return fix
        case .unclosedBracket(_, _, let fix), .tab(_, _, _, let fix), .indentation(_, _, _, _, _, let fix), .continuedValue(_, _, _, _, let fix):
            return fix
        case .forbiddenCharacter, .missingKey, .lineWithoutColon, .commentBeforeColon:
            return nil
        }
    }

    /// The line ``fix`` replaces, when it is not the line the slip is reported on.
    var fixLine: Int? {
        if case .itemsUnderEmptyList(_, _, let listLine, _, _) = self { return listLine }
        return nil
    }

    /// What the fix does, in the same words as the message, for the fix's description.
    func fixDescription(line number: Int) -> String? {
        guard let fix else { return nil }
        switch self {
        case .itemsUnderEmptyList(_, _, let listLine, let brackets, _):
            return "remove '\(brackets)' from line \(listLine), so the items below are the list"
        case .missingDash:
            return "put '- ' at the start of the item on line \(number)"
        case .dashWithoutSpace:
            return "put a space after '-' on line \(number)"
        case .tab:
            return "replace the tab on line \(number) with spaces"
        case .indentation(_, _, _, _, let likeIndent, _), .continuedValue(_, _, _, let likeIndent, _):
            return likeIndent == 0 ? "start line \(number) at the beginning of the line" : "indent line \(number) by \(spaces(likeIndent))"
        default:
            return "change line \(number) to \(SourceText.shown(fix))"
        }
    }

    /// The code a slip is reported under.
    var code: RuleCode {
        if case .tab = self { return .yamlTab }
        return .yamlSyntax
    }

    /// What is wrong and what to type, in the words of the file.
    var message: String {
        switch self {
        case .missingSpaceAfterColon(let line, let hidden?, let fix):
            return "\(hidden) after ':' in \(SourceText.shown(line)), where YAML needs an ordinary space; retype it as a space: \(SourceText.shown(fix))"
        case .missingSpaceAfterColon(let line, nil, let fix):
            return "no space after ':' in \(SourceText.shown(line)); YAML needs one between a key and its value: \(SourceText.shown(fix))"
        case .equalsForColon(let line, let fix):
            return "'=' where ':' belongs in \(SourceText.shown(line)); write the key, ':' and a space: \(SourceText.shown(fix))"
        case .missingColon(let line, let fix):
            return "no ':' after the key in \(SourceText.shown(line)); write the key, ':' and a space: \(SourceText.shown(fix))"
        case .commentBeforeColon(let line):
            return "' #' in \(SourceText.shown(line)) starts a comment, so YAML never reaches the ':' after it; delete the ' #'"
        case .lineWithoutColon(let line):
            return "\(SourceText.shown(line)) has no ':', where a line such as 'name: Acme' belongs; write the key, ':' and its value, or delete the line"
        case .unclosedBracket(let line, let bracket, let fix):
            let closer = bracket == "[" ? "]" : "}"
            let how = fix.map { ": \(SourceText.shown($0))" } ?? " after its last item"
            let what = bracket == "[" ? "the list" : "it"
            return "the '\(bracket)' in \(SourceText.shown(line)) is never closed; end \(what) with '\(closer)'\(how)"
        case .unclosedQuote(let line, let quote, let fix):
            let said = "the quote \(quote) in \(SourceText.shown(line)) is never closed, so the text runs on into the next lines"
            if fix.count(where: { $0 == quote }) < line.count(where: { $0 == quote }) {
                return "\(said); the value needs no quotes, leave it out: \(SourceText.shown(fix))"
            }
            return "\(said); close it on this line: \(SourceText.shown(fix))"
        case .tab(let line, let column, true, _):
            return "a tab after '-' in \(SourceText.shown(line)) (column \(column)); YAML needs a space there, retype it as a space"
        case .tab(let line, let column, false, let fix):
            return "a tab in the indentation of \(SourceText.shown(line)) (column \(column)); indent with spaces only" + (fix.map { ": \(SourceText.shown($0))" } ?? "")
        case .reservedStart(let line, let character, let fix):
            let reading: String
            switch character {
            case "[": reading = "a value that starts with '[' is read as a list"
            case "{": reading = "a value that starts with '{' is read as a group of keys"
            case "|", ">": reading = "'\(character)' at the start of a value begins a block of text"
            default: reading = "a value cannot start with '\(character)' unless it is quoted"
            }
            return "\(reading), in \(SourceText.shown(line)); put the whole value in quotes: \(SourceText.shown(fix))"
        case .textAfterQuote(let line, let fix):
            return "text after the closing quote in \(SourceText.shown(line)); quote the whole value once: \(SourceText.shown(fix)), or leave the quotes out"
        case .backslash(let line, let escape, let fix):
            return "a backslash inside double quotes starts an escape, and '\(escape)' is not one, in \(SourceText.shown(line)); use single quotes, which keep backslashes as typed: \(SourceText.shown(fix))"
        case .colonInValue(let line, let fix):
            return "': ' inside a value starts another key, in \(SourceText.shown(line)); put the value in quotes: \(SourceText.shown(fix))"
        case .indentation(let line, let indent, let like, let likeLine, let likeIndent, let fix):
            let lined = "\(SourceText.shown(line)) is indented \(spaces(indent)), which lines up with no line above"
            return fix == nil ? lined + "; line it up with the lines it belongs with" : "\(lined); \(lineUp(likeIndent, with: like, on: likeLine))"
        case .continuedValue(let line, let above, let aboveLine, let aboveIndent, _):
            return "\(SourceText.shown(line)) is indented deeper than \(SourceText.shown(above)) on line \(aboveLine), which already has its value, so YAML reads it as more of that value; \(lineUp(aboveIndent, with: above, on: aboveLine))"
        case .forbiddenCharacter(let line, let character):
            return "\(character) in \(SourceText.shown(line)), which YAML does not allow and most editors do not show; delete it"
        case .missingKey(let line):
            return "':' with no key before it in \(SourceText.shown(line)); write the key first, as in 'name: Acme'"
        case .missingDash(let line, let fix):
            return "the '-' that starts a list item is missing in \(SourceText.shown(line)), so YAML cannot read it as an item of the list; put '- ' before it: \(SourceText.shown(fix))"
        case .dashWithoutSpace(let line, let fix):
            return "no space after '-' in \(SourceText.shown(line)), so it is not read as a list item; put a space after '-': \(SourceText.shown(fix))"
        case .itemsUnderEmptyList(let item, let key, let listLine, let brackets, _):
            let what = brackets == "[]" ? "the empty list '[]'" : "the empty group '{}'"
            return "\(SourceText.shown(item)) is an item of '\(key)', but line \(listLine) already gives '\(key)' \(what); remove '\(brackets)' from line \(listLine), so the items below are the list"
        }
    }

    private func spaces(_ count: Int) -> String { count == 1 ? "1 space" : "\(count) spaces" }

    private func lineUp(_ indent: Int, with line: String, on number: Int) -> String {
        let like = "line \(number) (\(SourceText.shown(line)))"
        return indent == 0 ? "start it at the beginning of the line, like \(like)" : "indent it \(spaces(indent)) to line up with \(like)"
    }
}
