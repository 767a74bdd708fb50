/// Slips found by trying repairs (SPEC 18): near libyaml's problem and context marks, each small repair a
/// person's slip calls for is tried on a copy of the file; those after which the file reads and passes the
/// schema are kept, the smallest wins, and the slip it undoes is named in words. A repair that only makes the
/// file read is never offered: the schema must accept the result too.
extension YAMLDiagnosis {
    /// One repair: line `line` typed as `text`, undoing the slip `kind`.
    private struct Candidate {
        enum Kind {
            case dash, spaceAfterDash, indent(level: Int, like: Int), quote(Unicode.Scalar, at: Int), bracket(Unicode.Scalar, at: Int)
            case emptyList(itemLine: Int, key: String, brackets: String)
        }

        var line: Int
        var text: [Unicode.Scalar]
        var kind: Kind
        /// How many characters the repair removes and adds.
        var size: Int
    }

    /// The most candidates tried for one problem, so a file with a problem costs a bounded number of reads.
    private static let candidateLimit = 48

    /// The smallest repair near the marks that makes the file read and pass the schema, as the slip it undoes.
    func repair(_ report: Report) -> (YAMLSlip, SourceLocation)? {
        var numbers: [Int] = []
        func consider(_ number: Int?) {
            if let number, number >= 1, number <= lines.count, !numbers.contains(number) { numbers.append(number) }
        }
        consider(report.problemAt.line)
        let above = previousContentLine(before: report.problemAt.line)
        consider(above)
        consider(report.contextAt?.line)
        consider(above.flatMap { previousContentLine(before: $0) })
        // Smallest first; of two as small, the one tried first above (the order says which repair is likelier meant).
        let candidates = numbers.flatMap(candidates(line:)).enumerated()
            .sorted { ($0.element.size, $0.offset) < ($1.element.size, $1.offset) }.map(\.element)
        for candidate in candidates.prefix(Self.candidateLimit) where accepts(replacing(candidate.line, with: candidate.text)) {
            return slip(of: candidate)
        }
        return nil
    }

    /// Whether the line `slip` gives, typed in place, makes the file read and pass the schema.
    func proves(_ slip: YAMLSlip, at: SourceLocation) -> Bool {
        guard let fix = slip.fix else { return false }
        return accepts(replacing(slip.fixLine ?? at.line, with: Array(fix.unicodeScalars)))
    }

    /// The line with its tabs in the indentation (or after '-') as spaces, lined up with a level of the lines
    /// above, when that makes the file read and pass the schema.
    func tabRepair(line number: Int) -> String? {
        let line = scalars(number)
        let lead = line.prefix(while: { $0 == " " || $0 == "\t" })
        var rest = Array(line.dropFirst(lead.count))
        if rest.first == "-", rest.count > 1, rest[1] == "\t" {
            rest = ["-", " "] + rest.dropFirst().drop(while: { $0 == "\t" || $0 == " " })
        }
        var margins: [Int] = lead.contains("\t") ? levels(above: number).map(\.level) : [lead.count]
        if lead.contains("\t") { margins += margins.map { $0 + 2 } + [2, 4, 8] }
        if margins.isEmpty { margins = [0] }
        margins = margins.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        for margin in margins {
            let fixed = Array(repeating: " ", count: margin) + rest
            if fixed != line, accepts(replacing(number, with: fixed)) { return Self.string(fixed) }
        }
        return nil
    }

    // MARK: Candidates

    private func candidates(line number: Int) -> [Candidate] {
        let line = scalars(number)
        guard isContent(line), !line.contains("\t") else { return [] }
        let indent = indentation(of: line)
        let body = Array(line[indent...])
        let content = withoutComment(line)
        let tail = Array(line[content.count...])
        var found: [Candidate] = []
        func add(_ text: [Unicode.Scalar], _ kind: Candidate.Kind) {
            found.append(Candidate(line: number, text: text, kind: kind, size: Self.editSize(line, text)))
        }
        // `any_of: []` with items below it.
        if let brackets = content.suffix(2).first.map({ [$0, content.last!] }), brackets == ["[", "]"] || brackets == ["{", "}"] {
            var before = Array(content.dropLast(2))
            while before.last == " " { before.removeLast() }
            if before.last == ":", let next = nextContentLine(after: number) {
                let nextLine = scalars(next)
                let nextIndent = indentation(of: nextLine)
                if nextIndent > indent || (nextIndent == indent && listItemStart(nextLine) != nil) {
                    let key = Self.string(before.dropLast().drop(while: { $0 == " " || $0 == "-" }))
                    add(before + tail, .emptyList(itemLine: next, key: key, brackets: Self.string(brackets)))
                }
            }
        }
        // A list item's '-', or the space after it.
        if body.first == "-", body.count > 1, body[1] != " ", body[1] != "-" {
            add(Array(line[..<indent]) + ["-", " "] + body.dropFirst(), .spaceAfterDash)
        } else if listItemStart(line) == nil, body.first != "-" {
            add(Array(line[..<indent]) + ["-", " "] + body, .dash)
            if indent >= 2 { add(Array(line[..<(indent - 2)]) + ["-", " "] + body, .dash) }
        }
        // The line lined up with a level of the lines above.
        let above = levels(above: number)
        for (level, like) in above where level != indent {
            add(Array(repeating: " ", count: level) + body, .indent(level: level, like: like))
        }
        // The first line of a block: one level deeper than a line above.
        for (level, like) in above where !above.contains(where: { $0.level == level + 2 }) && level + 2 != indent {
            add(Array(repeating: " ", count: level + 2) + body, .indent(level: level + 2, like: like))
        }
        // A quote never closed: inside a one-line list or group, closed where its item ends (before the next ','),
        // so the items stay apart; else closed at the end of its value, before any closing brackets.
        for quote in ["'", "\""] as [Unicode.Scalar] where content.count(where: { $0 == quote }) % 2 == 1 {
            guard let open = content.firstIndex(where: { $0 == quote }), startsValue(content, at: open) else { continue }
            if content[..<open].contains(where: { $0 == "[" || $0 == "{" }),
                let comma = content[(open + 1)...].firstIndex(of: ",")
            {
                var itemEnd = comma
                while itemEnd > open + 1, content[itemEnd - 1] == " " { itemEnd -= 1 }
                add(Array(content[..<itemEnd]) + [quote] + content[itemEnd...] + tail, .quote(quote, at: open))
            }
            var end = content.count
            while end > open + 1, content[end - 1] == "]" || content[end - 1] == "}" { end -= 1 }
            for at in Set([end, content.count]).sorted(by: >) {
                add(Array(content[..<at]) + [quote] + content[at...] + tail, .quote(quote, at: open))
            }
            add(Array(content[..<open]) + content[(open + 1)...] + tail, .quote(quote, at: open))
        }
        // A bracket never closed: closed at the end of the line.
        for (opener, closer) in [("[", "]"), ("{", "}")] as [(Unicode.Scalar, Unicode.Scalar)]
        where content.count(where: { $0 == opener }) > content.count(where: { $0 == closer }) {
            guard let open = content.firstIndex(of: opener) else { continue }
            add(content + [closer] + tail, .bracket(opener, at: open))
        }
        return found
    }

    /// The levels a line above `number` starts at (its indentation, and where its key stands after a '- '),
    /// nearest line first, up to the first line at the start of a line; each with the line that has it.
    private func levels(above number: Int) -> [(level: Int, line: Int)] {
        var found: [(level: Int, line: Int)] = []
        var candidate = number - 1
        while candidate >= 1 {
            let line = scalars(candidate)
            if isContent(line) {
                for level in [keyIndent(of: line), indentation(of: line)] where !found.contains(where: { $0.level == level }) {
                    found.append((level, candidate))
                }
                if indentation(of: line) == 0 { break }
            }
            candidate -= 1
        }
        // The start of the line is always a level: the first key of a file lines up with what comes after it.
        if !found.contains(where: { $0.level == 0 }) {
            let like = nextContentLine(after: number).flatMap { indentation(of: scalars($0)) == 0 ? $0 : nil }
            if let like { found.append((0, like)) }
        }
        return found
    }

    private func slip(of candidate: Candidate) -> (YAMLSlip, SourceLocation) {
        let number = candidate.line
        let typed = text(number)
        let fix = Self.string(candidate.text)
        let indent = indentation(of: scalars(number))
        let start = SourceLocation(line: number, column: indent + 1)
        switch candidate.kind {
        case .dash:
            return (.missingDash(line: typed, fix: fix), start)
        case .spaceAfterDash:
            return (.dashWithoutSpace(line: typed, fix: fix), SourceLocation(line: number, column: indent + 2))
        case .indent(let level, let like):
            let likeText = String(text(like).trimmingWhitespace())
            return (.indentation(line: typed, indent: indent, like: likeText, likeLine: like, likeIndent: level, fix: fix), start)
        case .quote(let quote, let open):
            return (.unclosedQuote(line: typed, quote: Character(quote), fix: fix), SourceLocation(line: number, column: open + 1))
        case .bracket(let bracket, let open):
            return (.unclosedBracket(line: typed, bracket: Character(bracket), fix: fix), SourceLocation(line: number, column: open + 1))
        case .emptyList(let itemLine, let key, let brackets):
            let item = String(text(itemLine).trimmingWhitespace())
            return (
                .itemsUnderEmptyList(item: item, key: key, listLine: number, brackets: brackets, fix: fix),
                SourceLocation(line: itemLine, column: indentation(of: scalars(itemLine)) + 1)
            )
        }
    }

    // MARK: Reading and writing lines

    /// The file's text with line `number` replaced by `text`, lines joined by `\n`.
    func replacing(_ number: Int, with text: [Unicode.Scalar]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\n")) }
            bytes += Array(Self.string(index + 1 == number ? text : line).utf8)
        }
        return bytes
    }

    /// How many characters an edit from `old` to `new` removes and adds, once their common start and end are set aside.
    static func editSize(_ old: [Unicode.Scalar], _ new: [Unicode.Scalar]) -> Int {
        let (prefix, suffix) = commonEnds(old, new)
        return (old.count - prefix - suffix) + (new.count - prefix - suffix)
    }

    /// How many characters `old` and `new` share at their start, and then at their end (never overlapping).
    static func commonEnds(_ old: [Unicode.Scalar], _ new: [Unicode.Scalar]) -> (prefix: Int, suffix: Int) {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        return (prefix, suffix)
    }

    /// The nearest line below `number` that holds more than spaces and a comment.
    func nextContentLine(after number: Int) -> Int? {
        var candidate = number + 1
        while candidate <= lines.count {
            if isContent(scalars(candidate)) { return candidate }
            candidate += 1
        }
        return nil
    }
}
