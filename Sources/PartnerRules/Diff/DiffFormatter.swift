import Foundation

/// How `partner-rules diff` prints a ``CatalogDiff``: JSON (`schemas/diff.schema.json`), text, or markdown for a
/// pull-request comment.
package enum DiffFormat: String, Sendable, CaseIterable {
    case text, markdown, json
}

extension CatalogDiff {
    /// The diff in `format`; `malformed` are the replay lines that could not be read.
    package func render(as format: DiffFormat, malformed: [Replay.Malformed] = []) -> String {
        switch format {
        case .json: return json(malformed: malformed)
        case .text: return text(malformed: malformed, markdown: false)
        case .markdown: return text(malformed: malformed, markdown: true)
        }
    }

    /// The partners whose answers changed, in order.
    public var changed: [PartnerChange] { partners.filter { $0.change != .unchanged } }

    // MARK: JSON

    func json(malformed: [Replay.Malformed]) -> String {
        var writer = JSONWriter(indent: 2)
        writer.object { root in
            root.member("baseline", string: baseline)
            root.member("revision", string: revision)
            root.key("partners")
            root.array(partners) { writer, partner in partner.write(to: &writer) }
            root.key("malformed")
            root.array(malformed) { writer, line in
                writer.object(inline: true) { item in
                    item.member("file", string: line.file)
                    item.member("line", int: line.line)
                    item.member("message", string: line.message)
                }
            }
        }
        return writer.text + "\n"
    }

    // MARK: Text and markdown

    func text(malformed: [Replay.Malformed], markdown: Bool) -> String {
        var out = ""
        let changed = self.changed
        if markdown {
            out += "### What this change does\n\n"
            out += changed.isEmpty ? "No partner's rules change: \(PartnerChange.noEffect).\n" : ""
            for partner in changed { out += "- **\(partner.partner)**: \(partner.summary)\n" }
            let unchanged = partners.count - changed.count
            if unchanged > 0 && !changed.isEmpty { out += "- \(unchanged) other partner\(unchanged == 1 ? "" : "s") unchanged\n" }
        } else if changed.isEmpty {
            out += "no partner's rules change: \(PartnerChange.noEffect)\n"
        }
        for partner in changed {
            out += markdown ? "\n#### \(partner.partner): \(partner.change.rawValue)\n\n" : "\n\(partner.partner): \(partner.summary)\n"
            for cell in partner.cells {
                if markdown {
                    out += "- **\(cell.decision.rawValue)** (\(cell.direction.rawValue)): \(cell.description)\(cell.more)\n\n"
                    out += "  ```json\n  \(cell.exampleText)\n  ```\n\n"
                    out += "  before: \(cell.before.line)\n" + cell.before.reasons.map { "  - \($0)\n" }.joined()
                    out += "\n  after: \(cell.after.line)\n" + cell.after.reasons.map { "  - \($0)\n" }.joined() + "\n"
                } else {
                    out += "  \(cell.decision.rawValue): \(cell.description)\(cell.more) [\(cell.direction.rawValue)]\n"
                    out += "    example: \(cell.exampleText.replacingOccurrences(of: "\n", with: "\\n"))\n"
                    out += "    before:  \(cell.before.line)\n" + cell.before.reasons.map { "             \($0)\n" }.joined()
                    out += "    after:   \(cell.after.line)\n" + cell.after.reasons.map { "             \($0)\n" }.joined()
                }
            }
            if let replay = partner.replay {
                for (name, counts) in [("integrations", replay.integrations), ("rows", replay.rows)] {
                    guard let counts else { continue }
                    out += (markdown ? "\n" : "  ") + "replayed \(name): \(counts.flipped) of \(counts.checked) get another answer\n"
                    for flip in counts.examples {
                        out += (markdown ? "  - " : "    ") + "line \(flip.line): \(flip.before) → \(flip.after): \(flip.input)\n"
                    }
                }
            }
        }
        let replayed = partners.filter { $0.change == .unchanged && $0.replay != nil }
        for partner in replayed {
            let replay = partner.replay ?? Replay()
            let counts = [replay.integrations, replay.rows].compactMap { $0 }
            out += "\n\(partner.partner): replayed \(counts.map(\.checked).reduce(0, +)), none gets another answer\n"
        }
        if !malformed.isEmpty {
            out += "\n\(malformed.count) replayed line\(malformed.count == 1 ? "" : "s") could not be read and \(malformed.count == 1 ? "was" : "were") not compared:\n"
            for line in malformed { out += "  \(line.file):\(line.line): \(line.message)\n" }
        }
        return out
    }
}

extension PartnerChange {
    /// One line: the change and how many decisions changed which way.
    public var summary: String {
        switch change {
        case .unchanged: return "unchanged: \(Self.noEffect)"
        case .added: return "added (a new partner)"
        case .removed: return "removed; requests naming it are refused and its rows are ad level"
        case .renamed: return "renamed to '\(renamedTo ?? "")'; integrations recorded under '\(partner)' would no longer resolve by that id"
        case .stricter, .looser, .mixed:
            let counts = [DiffCell.Direction.stricter, .looser, .other].compactMap { direction -> String? in
                let count = cells.count { $0.direction == direction }
                return count == 0 ? nil : "\(count) \(direction.rawValue)"
            }
            return "\(change.rawValue) (\(cells.count) changed decision\(cells.count == 1 ? "" : "s"): \(counts.joined(separator: ", ")))"
        }
    }

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.member("partner", string: partner)
            object.member("change", string: change.rawValue)
            if let renamedTo { object.member("renamed_to", string: renamedTo) }
            object.member("summary", string: summary)
            object.key("cells")
            object.array(cells) { writer, cell in cell.write(to: &writer) }
            if let replay {
                object.member("replay") { writer in
                    writer.object { counts in
                        if let integrations = replay.integrations { counts.member("integrations") { integrations.write(to: &$0) } }
                        if let rows = replay.rows { counts.member("rows") { rows.write(to: &$0) } }
                    }
                }
            }
        }
    }
}

extension Replay.Counts {
    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.member("checked", int: checked)
            object.member("flipped", int: flipped)
            object.key("examples")
            object.array(examples) { writer, flip in
                writer.object { item in
                    item.member("line", int: flip.line)
                    item.member("input", string: flip.input)
                    item.member("before", string: flip.before)
                    item.member("after", string: flip.after)
                }
            }
        }
    }
}

extension DiffCell {
    /// The example as the command reads it: a `check` body, a CSV, or an `availability` time.
    public var exampleText: String {
        var writer = JSONWriter()
        example.write(to: &writer)
        return writer.text
    }

    /// ", and N more like it" when more requests or rows of the space change the same way.
    var more: String {
        count > 1 ? " (and \(count - 1) more like it)" : ""
    }

    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.member("decision", string: decision.rawValue)
            object.member("description", string: description)
            object.member("direction", string: direction.rawValue)
            object.member("count", int: count)
            object.member("example") { example.write(to: &$0) }
            object.member("before") { before.write(to: &$0) }
            object.member("after") { after.write(to: &$0) }
        }
    }
}

extension DiffExample {
    func write(to writer: inout JSONWriter) {
        switch self {
        case .request(let body): body.write(to: &writer)
        case .rows(let rows): writer.object(inline: true) { $0.member("csv", string: DiffExample.csv(rows)) }
        case .created(let time): writer.object(inline: true) { $0.member("created", string: time.description) }
        }
    }
}

extension CheckBody {
    /// `{"request", "existing"?, "today"?}`, as `check` and `POST /v1/check` read it.
    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.member("request") { request.write(to: &$0) }
            if !existing.isEmpty {
                object.key("existing")
                object.array(existing) { writer, item in item.write(to: &writer) }
            }
            if let today { object.member("today", string: today.description) }
        }
    }
}

extension DiffAnswer {
    func write(to writer: inout JSONWriter) {
        switch self {
        case .verdict(let verdict): verdict.write(to: &writer)
        case .row(let row):
            writer.object { object in
                object.member("level", string: row.level.rawValue)
                object.key("because")
                SourcePlace.write(row.because, to: &object)
            }
        case .availability(let timeline): timeline.write(to: &writer)
        }
    }

    /// The answer in one line.
    var line: String {
        switch self {
        case .verdict(let verdict): CatalogDiff.summary(verdict)
        case .row(let row): "the row is \(row.level == .dropped ? "dropped as a duplicate" : "at \(row.level.rawValue) level")"
        case .availability(let timeline): timeline.text.split(separator: "\n").joined(separator: "; ")
        }
    }

    /// Each issue's message with the partner-file places that decided it.
    var reasons: [String] {
        switch self {
        case .verdict(let verdict):
            var lines = (verdict.errors + verdict.warnings).map { issue in
                issue.message + (issue.because.isEmpty ? "" : " (\(issue.because.map(\.description).joined(separator: ", ")))")
            }
            if !verdict.planBecause.isEmpty { lines.append("plan \(verdict.plan.rawValue) (\(verdict.planBecause.map(\.description).joined(separator: ", ")))") }
            return lines
        case .row(let row): return row.because.map(\.description)
        case .availability: return []
        }
    }
}
