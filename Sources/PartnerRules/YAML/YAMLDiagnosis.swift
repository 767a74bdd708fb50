/// Works out the typing slip behind a libyaml syntax error from the source text.
///
/// libyaml says what it expected where it stopped ("could not find expected ':'") and where the
/// construct it was reading began (the context mark: the line of a key, the `[` or quote that was
/// opened). The slip is usually on the context's line, or just before the problem. Runs only on the
/// error path; a file that parses never comes here.
struct YAMLDiagnosis {
    /// What libyaml reported.
    struct Report {
        var problem: String
        var context: String?
        /// 1-based.
        var problemAt: SourceLocation
        /// 1-based; `nil` when libyaml gave no context.
        var contextAt: SourceLocation?
    }

    let lines: [[Unicode.Scalar]]
    /// Whether a repaired copy of the file reads and passes the schema; candidate repairs are kept only when it does.
    let accepts: ([UInt8]) -> Bool

    init(source: [UInt8], accepts: @escaping ([UInt8]) -> Bool = { _ in true }) {
        self.accepts = accepts
        var lines: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in String(decoding: source, as: UTF8.self).unicodeScalars {
            if scalar == "\n" {
                if current.last == "\r" { current.removeLast() }
                lines.append(current)
                current = []
            } else {
                current.append(scalar)
            }
        }
        lines.append(current)
        self.lines = lines
    }

    /// The slip and where it is, or libyaml's own message with the line when no slip fits.
    ///
    /// A slip read from the marks is kept when the line it gives makes the file read and pass the schema; otherwise
    /// the smallest candidate repair near the marks that does (SPEC 18) names the slip; failing both, the slip read
    /// from the marks is told in words.
    func diagnose(_ report: Report) -> YAMLError {
        let guess = slip(report)
        if let (slip, at) = guess, slip.fix != nil, proves(slip, at: at) { return .slip(slip, at: at) }
        if let (slip, at) = repair(report) {
            // The repair lines up the line the guess was about, as the guess said: the guess's words, with the fix.
            if case .continuedValue(let line, let above, let aboveLine, let aboveIndent, nil)? = guess?.0,
                case .indentation(_, _, _, _, aboveIndent, let fix?) = slip, guess?.1 == at
            {
                return .slip(.continuedValue(line: line, above: above, aboveLine: aboveLine, aboveIndent: aboveIndent, fix: fix), at: at)
            }
            if case .indentation? = guess?.0, case .indentation = slip, let place = guess?.1, place.line == at.line {
                return .slip(slip, at: place)
            }
            return .slip(slip, at: at)
        }
        if let (slip, at) = guess { return .slip(slip, at: at) }
        let line = text(report.problemAt.line)
        return .syntax(problem: report.problem, context: report.context, at: report.problemAt, line: line.isEmpty ? nil : line)
    }

    /// A character YAML refuses outright, at a 1-based position.
    func forbidden(_ scalar: Unicode.Scalar, at location: SourceLocation) -> YAMLError {
        .slip(.forbiddenCharacter(line: text(location.line), character: SourceCharacters.describe(scalar)), at: location)
    }

    /// A tab in a line's indentation.
    func indentationTab(at location: SourceLocation) -> YAMLError {
        .slip(.tab(line: text(location.line), column: location.column, afterDash: false, fix: tabRepair(line: location.line)), at: location)
    }

    func slip(_ report: Report) -> (YAMLSlip, SourceLocation)? {
        let at = report.problemAt
        let context = report.context ?? ""
        switch report.problem {
        case "found unexpected end of stream" where context.hasSuffix("quoted scalar"),
            "found unexpected end of stream" where context.hasPrefix("while parsing a flow"),
            "did not find expected ',' or ']'", "did not find expected ',' or '}'":
            guard let opened = report.contextAt else { return nil }
            return unclosed(at: opened)
        case "found unknown escape character":
            return backslash(at: at, opened: report.contextAt)
        case "found character that cannot start any token":
            return unexpectedCharacter(at: at)
        case "did not find expected comment or line break" where context.hasSuffix("block scalar"):
            guard let start = report.contextAt else { return nil }
            return reservedStart(at: start)
        case "could not find expected ':'":
            if let quote = quoteRunningOn(to: at) { return quote }
            guard let keyLine = report.contextAt?.line else { return nil }
            return missingColon(line: keyLine)
        case "mapping values are not allowed in this context":
            if let quote = quoteRunningOn(to: at) { return quote }
            return colonInValue(at: at) ?? keyWithoutColonAbove(line: at.line) ?? continuedValue(line: at.line)
        case "did not find expected <document start>":
            return indentedFirstKey(before: at.line)
        case "did not find expected key", "did not find expected '-' indicator", "did not find expected node content":
            if let quote = quoteRunningOn(to: at) { return quote }
            return valueThenText(at: at) ?? missingKey(line: at.line) ?? indentation(line: at.line)
        default:
            return nil
        }
    }

    // MARK: The slips

    /// A `[`, `{` or quote opened at `opened` and never closed: reported where it was opened.
    func unclosed(at opened: SourceLocation) -> (YAMLSlip, SourceLocation)? {
        guard let opener = scalar(at: opened) else { return nil }
        let line = text(opened.line)
        let typed = withoutComment(scalars(opened.line))
        switch opener {
        case "\"", "'":
            return (.unclosedQuote(line: line, quote: Character(opener), fix: Self.string((typed)) + String(opener)), opened)
        case "[", "{":
            let closer: Unicode.Scalar = opener == "[" ? "]" : "}"
            let rest = typed.dropFirst(opened.column)
            let fix = rest.contains(closer) || rest.isEmpty || typed.last == "," ? nil : Self.string((typed)) + String(closer)
            return (.unclosedBracket(line: line, bracket: Character(opener), fix: fix), opened)
        default:
            return nil
        }
    }

    /// `"^\d+$"`: a backslash that is not an escape; the fix is the same text in single quotes.
    func backslash(at: SourceLocation, opened: SourceLocation?) -> (YAMLSlip, SourceLocation)? {
        let line = scalars(at.line)
        let index = at.column - 1
        guard index + 1 < line.count, line[index] == "\\" else { return nil }
        let escape = "\\" + String(line[index + 1])
        guard let opened, opened.line == at.line, opened.column - 1 < line.count, line[opened.column - 1] == "\"",
            let close = closingDoubleQuote(in: line, after: opened.column - 1)
        else {
            return nil
        }
        let inner = Array(line[opened.column..<close])
        let fix = Self.string((line[..<(opened.column - 1)])) + Self.singleQuoted(inner)
            + Self.string((line[(close + 1)...]))
        return (.backslash(line: text(at.line), escape: escape, fix: fix), SourceLocation(line: at.line, column: at.column))
    }

    /// A tab where a token should start, or a value starting with a character YAML reserves.
    func unexpectedCharacter(at: SourceLocation) -> (YAMLSlip, SourceLocation)? {
        guard let character = scalar(at: at) else { return nil }
        if character == "\t" {
            let before = scalars(at.line).prefix(at.column - 1)
            let afterDash = before.last(where: { $0 != "\t" && $0 != " " }) == "-"
            return (.tab(line: text(at.line), column: at.column, afterDash: afterDash, fix: tabRepair(line: at.line)), at)
        }
        if SourceCharacters.isHidden(character) {
            return (.forbiddenCharacter(line: text(at.line), character: SourceCharacters.describe(character)), at)
        }
        return reservedStart(at: at)
    }

    /// The value starting at `at` begins with a reserved character: the fix quotes all of it.
    func reservedStart(at: SourceLocation) -> (YAMLSlip, SourceLocation)? {
        let line = withoutComment(scalars(at.line))
        guard at.column - 1 < line.count else { return nil }
        let value = Array(line[(at.column - 1)...])
        let fix = Self.string((line[..<(at.column - 1)])) + Self.quoted(value)
        return (.reservedStart(line: text(at.line), character: Character(value[0]), fix: fix), at)
    }

    /// `name:Acme`, `name = Acme`, `name Acme`: the key's line, read as one long key.
    func missingColon(line number: Int) -> (YAMLSlip, SourceLocation)? {
        let line = withoutComment(scalars(number))
        let indent = line.prefix(while: { $0 == " " }).count
        let body = Array(line.dropFirst(indent))
        guard !body.isEmpty else { return nil }
        let typed = text(number)
        let margin = String(repeating: " ", count: indent)
        if let colon = body.firstIndex(of: ":"), colon > 0, colon + 1 < body.count {
            let next = body[colon + 1]
            let hidden = SourceCharacters.isHidden(next) ? SourceCharacters.describe(next) : nil
            let rest = body[(colon + 1)...].drop(while: { $0 == " " || SourceCharacters.isHidden($0) })
            let fix = margin + Self.string(body[..<colon]) + ": " + Self.string(rest)
            return (.missingSpaceAfterColon(line: typed, hidden: hidden, fix: fix), SourceLocation(line: number, column: indent + colon + 2))
        }
        if let equals = body.firstIndex(of: "="), equals > 0 {
            let key = String(Self.string(body[..<equals]).trimmingWhitespace())
            let value = String(Self.string(body[(equals + 1)...]).trimmingWhitespace())
            return (.equalsForColon(line: typed, fix: margin + key + ": " + value), SourceLocation(line: number, column: indent + equals + 1))
        }
        if let space = body.firstIndex(of: " ") {
            let rest = body[space...].drop(while: { $0 == " " })
            guard !rest.isEmpty else { return nil }
            let fix = margin + Self.string(body[..<space]) + ": " + Self.string(rest)
            return (.missingColon(line: typed, fix: fix), SourceLocation(line: number, column: indent + space + 1))
        }
        if scalars(number).count > line.count, scalars(number)[line.count...].contains(":") {
            return (.commentBeforeColon(line: typed), SourceLocation(line: number, column: line.count + 2))
        }
        return (.lineWithoutColon(line: typed), SourceLocation(line: number, column: indent + 1))
    }

    /// `id acme` above `name: Acme`: YAML reads the line without ':' and the key below as one text.
    func keyWithoutColonAbove(line number: Int) -> (YAMLSlip, SourceLocation)? {
        guard let above = previousContentLine(before: number) else { return nil }
        let line = withoutComment(scalars(above))
        guard indentation(of: line) == indentation(of: scalars(number)), listItemStart(line) == nil, !line.contains(":") else { return nil }
        return missingColon(line: above)
    }

    /// The first key indented, the next one not: YAML reads the first as a document of its own.
    func indentedFirstKey(before number: Int) -> (YAMLSlip, SourceLocation)? {
        guard let first = (1..<max(number, 1)).first(where: { isContent(scalars($0)) }) else { return nil }
        let indent = indentation(of: scalars(first))
        guard indent > 0 else { return nil }
        return (
            .indentation(line: text(first), indent: indent, like: String(text(number).trimmingWhitespace()), likeLine: number, likeIndent: 0),
            SourceLocation(line: first, column: 1)
        )
    }

    /// `help: Go to: Settings`: a second `: ` on a line whose key was already given.
    func colonInValue(at: SourceLocation) -> (YAMLSlip, SourceLocation)? {
        let line = withoutComment(scalars(at.line))
        guard let split = keyValueSplit(line), split < at.column - 1 else { return nil }
        let value = Array(line[split...])
        let fix = Self.string(line[..<split]) + Self.quoted(value)
        return (.colonInValue(line: text(at.line), fix: fix), SourceLocation(line: at.line, column: split + 1))
    }

    /// A key indented under a line whose value is written out: libyaml reads it as more of that value.
    func continuedValue(line number: Int) -> (YAMLSlip, SourceLocation)? {
        guard let above = previousContentLine(before: number) else { return nil }
        let indent = indentation(of: scalars(number))
        let aboveIndent = indentation(of: scalars(above))
        guard indent > aboveIndent else { return indentation(line: number) }
        return (
            .continuedValue(line: text(number), above: String(text(above).trimmingWhitespace()), aboveLine: above, aboveIndent: keyIndent(of: scalars(above))),
            SourceLocation(line: number, column: indent + 1)
        )
    }

    /// `name: [Legacy] Acme`, `name: "Acme" Ads`: a list or a quoted text closed, then more text.
    func valueThenText(at: SourceLocation) -> (YAMLSlip, SourceLocation)? {
        let line = withoutComment(scalars(at.line))
        guard let split = keyValueSplit(line) ?? listItemStart(line), split < at.column - 1, split < line.count else { return nil }
        let value = Array(line[split...])
        let prefix = Self.string(line[..<split])
        switch value[0] {
        case "[", "{":
            return (.reservedStart(line: text(at.line), character: Character(value[0]), fix: prefix + Self.quoted(value)), SourceLocation(line: at.line, column: split + 1))
        case "'" where value.dropFirst().contains("'"):
            // An apostrophe inside single quotes ended them: 'Acme's' means "Acme's".
            var inner = Array(value.dropFirst())
            if inner.last == "'" { inner.removeLast() }
            return (.textAfterQuote(line: text(at.line), fix: prefix + Self.quoted(inner)), at)
        case "\"":
            return (.textAfterQuote(line: text(at.line), fix: prefix + Self.quoted(value)), at)
        default:
            return nil
        }
    }

    /// `: Acme`.
    func missingKey(line number: Int) -> (YAMLSlip, SourceLocation)? {
        let line = scalars(number)
        let indent = indentation(of: line)
        guard indent < line.count, line[indent] == ":" else { return nil }
        return (.missingKey(line: text(number)), SourceLocation(line: number, column: indent + 1))
    }

    /// A line at an indentation no line above it has: the nearest level above is what was meant.
    func indentation(line number: Int) -> (YAMLSlip, SourceLocation)? {
        let indent = indentation(of: scalars(number))
        var best: (line: Int, indent: Int)?
        var candidate = number - 1
        while candidate >= 1 {
            let line = scalars(candidate)
            if isContent(line) {
                for level in [indentation(of: line), keyIndent(of: line)] where level != indent {
                    // The nearest level; of two as near, the deeper one (a key of the item above).
                    let distance = abs(level - indent)
                    if best.map({ distance < abs($0.indent - indent) || (distance == abs($0.indent - indent) && level > $0.indent) }) ?? true {
                        best = (candidate, level)
                    }
                }
                if indentation(of: line) == 0 { break }
            }
            candidate -= 1
        }
        guard let best, !scalars(number).isEmpty else { return nil }
        return (
            .indentation(line: text(number), indent: indent, like: String(text(best.line).trimmingWhitespace()), likeLine: best.line, likeIndent: best.indent),
            SourceLocation(line: number, column: indent + 1)
        )
    }

    /// A quote closed on the problem's line that was opened on an earlier one: the opening line is
    /// where the closing quote is missing.
    func quoteRunningOn(to at: SourceLocation) -> (YAMLSlip, SourceLocation)? {
        let line = scalars(at.line).prefix(at.column - 1)
        for quote in ["\"", "'"] as [Unicode.Scalar] where line.count(where: { $0 == quote }) % 2 == 1 {
            var number = at.line - 1
            while number >= 1 {
                let earlier = scalars(number)
                if earlier.count(where: { $0 == quote }) % 2 == 1 {
                    guard let index = earlier.lastIndex(of: quote), startsValue(earlier, at: index) else { return nil }
                    return unclosed(at: SourceLocation(line: number, column: index + 1))
                }
                number -= 1
            }
        }
        return nil
    }

    // MARK: Reading lines

    func scalars(_ number: Int) -> [Unicode.Scalar] {
        number >= 1 && number <= lines.count ? lines[number - 1] : []
    }

    func scalar(at location: SourceLocation) -> Unicode.Scalar? {
        let line = scalars(location.line)
        return location.column >= 1 && location.column <= line.count ? line[location.column - 1] : nil
    }

    /// The line as typed, for a message: trailing spaces dropped, tabs shown as spaces.
    func text(_ number: Int) -> String {
        SourceText.droppingTrailingSpaces(Self.string(scalars(number).map { $0 == "\t" ? " " : $0 }))
    }

    static func string<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    func indentation(of line: [Unicode.Scalar]) -> Int { line.prefix(while: { $0 == " " }).count }

    /// Where a key stands on its line: after the indentation and any `- ` list markers.
    func keyIndent(of line: [Unicode.Scalar]) -> Int { listItemStart(line) ?? indentation(of: line) }

    func listItemStart(_ line: [Unicode.Scalar]) -> Int? {
        var index = indentation(of: line)
        var found = false
        while index + 1 < line.count, line[index] == "-", line[index + 1] == " " {
            index += 2
            while index < line.count, line[index] == " " { index += 1 }
            found = true
        }
        return found ? index : nil
    }

    /// The index where a line's value starts after `key: `, when the key is a plain word.
    func keyValueSplit(_ line: [Unicode.Scalar]) -> Int? {
        var index = keyIndent(of: line)
        while index + 1 < line.count {
            let scalar = line[index]
            if scalar == "\"" || scalar == "'" || scalar == "[" || scalar == "{" || scalar == "#" { return nil }
            if scalar == ":" && line[index + 1] == " " {
                index += 1
                while index < line.count, line[index] == " " { index += 1 }
                return index < line.count ? index : nil
            }
            index += 1
        }
        return nil
    }

    /// `true` when the character at `index` begins a value: after `: `, `- `, `[`, `,` or the indentation.
    func startsValue(_ line: [Unicode.Scalar], at index: Int) -> Bool {
        let before = line[..<index].last(where: { $0 != " " })
        return before == nil || before == ":" || before == "-" || before == "[" || before == "," || before == "{"
    }

    /// The nearest line above `number` that holds more than spaces and a comment.
    func previousContentLine(before number: Int) -> Int? {
        var candidate = number - 1
        while candidate >= 1 {
            if isContent(scalars(candidate)) { return candidate }
            candidate -= 1
        }
        return nil
    }

    func isContent(_ line: [Unicode.Scalar]) -> Bool {
        guard let first = line.first(where: { $0 != " " }) else { return false }
        return first != "#"
    }

    /// The line without a trailing ` # comment` and trailing spaces.
    func withoutComment(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var end = line.count
        for index in line.indices where line[index] == "#" && index > 0 && (line[index - 1] == " " || line[index - 1] == "\t") {
            end = index
            break
        }
        var result = Array(line[..<end])
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }

    func closingDoubleQuote(in line: [Unicode.Scalar], after open: Int) -> Int? {
        var index = open + 1
        while index < line.count {
            if line[index] == "\\" {
                index += 2
                continue
            }
            if line[index] == "\"" { return index }
            index += 1
        }
        return nil
    }

    /// A value written so YAML reads it as the text typed: double quotes when it has no `"` or `\`,
    /// else single quotes with `'` doubled.
    static func quoted(_ value: [Unicode.Scalar]) -> String {
        if !value.contains("\"") && !value.contains("\\") { return "\"" + Self.string(value) + "\"" }
        return Self.singleQuoted(value)
    }

    static func singleQuoted(_ value: [Unicode.Scalar]) -> String {
        "'" + Self.string(value.flatMap { $0 == "'" ? ["'", "'"] : [$0] as [Unicode.Scalar] }) + "'"
    }
}
