/// Values for the credential fields of one partner's two versions, sorted into the classes its rules tell apart:
/// for each version, accepted or refused (by form, length or pattern) and whether normalizing changes the value.
///
/// Candidates come from the fields themselves: strings made from each version's pattern (fewest and most
/// repeats), values at each length limit, spaced and re-cased forms of accepted values, and a few common shapes.
/// Each candidate is judged by the same check the engine runs on a field (``CredentialsRule``), so a class is only
/// what the rules really do; one value per class is kept.
struct CredentialValues {
    struct Sample {
        let value: String
        let description: String
    }

    private var fieldsByForm: [DecisionSpace.Form: [CredentialField]] = [:]
    private var samplesByField: [String: [Sample]] = [:]
    private var acceptedByField: [ObjectIdentifier: String] = [:]

    init(old: CompiledPartner?, new: CompiledPartner?) {
        for form in [DecisionSpace.Form.credentials, .partnerMetrics] {
            let sides: [(String, CompiledForm?)] = [("before", old.map(form.form)), ("now", new.map(form.form))]
            var keys: [String] = []
            var fields: [CredentialField] = []
            for (_, compiled) in sides {
                for field in compiled?.fields ?? [] where !keys.contains(field.key) {
                    keys.append(field.key)
                    fields.append(field.field)
                }
            }
            fieldsByForm[form] = fields
            for key in keys {
                let compiled = sides.map { ($0.0, $0.1?.fields.first { $0.key == key }) }
                let candidates = Self.candidates(compiled.compactMap(\.1))
                var seen: Set<String> = []
                var samples: [Sample] = []
                for value in candidates {
                    let verdicts = compiled.map { side, field in field.map { Self.judge(value, $0) } ?? "not a field" }
                    let signature = verdicts.joined(separator: "|")
                    guard seen.insert(signature).inserted else { continue }
                    let words = zip(compiled.map(\.0), verdicts).map { "\($1) \($0)" }.joined(separator: ", ")
                    samples.append(Sample(value: value, description: "a value \(words)"))
                }
                samplesByField["\(form.root).\(key)"] = samples
                for case (_, let field?) in compiled {
                    acceptedByField[ObjectIdentifier(field)] = candidates.first { field.refusal(ofNormalized: field.normalized($0)) == nil && !field.normalized($0).isEmpty }
                }
            }
        }
    }

    /// The fields of `form` in either version, each key once.
    func fields(_ form: DecisionSpace.Form) -> [CredentialField] { fieldsByForm[form] ?? [] }

    /// One value per class the two versions tell apart.
    func samples(_ form: DecisionSpace.Form, key: String) -> [Sample] { samplesByField["\(form.root).\(key)"] ?? [] }

    /// A value `field`'s rules accept, when one was found.
    func accepted(_ field: CompiledField) -> String? { acceptedByField[ObjectIdentifier(field)] }

    /// What the field's rules do with a value, in words.
    private static func judge(_ value: String, _ field: CompiledField) -> String {
        let normalized = field.normalized(value)
        if normalized.isEmpty { return "empty once normalized" }
        let changed = normalized != value ? " once normalized" : ""
        if let problem = field.refusal(ofNormalized: normalized) { return "refused (\(problem.words))\(changed)" }
        return "accepted\(changed)"
    }

    /// Candidate values for a field, from every version of it.
    private static func candidates(_ fields: [CompiledField]) -> [String] {
        var values: [String] = ["ana@acme.example", "s3cret-Value-42", "12345678", "ACME1234", "abcdef0123456789", "a", "Acme Games"]
        for field in fields {
            if let pattern = field.field.pattern { values += PatternSamples.strings(pattern) }
        }
        let accepted = values.filter { value in fields.contains { $0.refusal(ofNormalized: $0.normalized(value)) == nil } }
        let limits = fields.flatMap { [$0.field.minLength, $0.field.maxLength].compactMap { $0 } }
        for value in accepted.prefix(4) {
            values += [" \(value) ", value.uppercased(), value.lowercased(), String(value.prefix(1)) + " " + String(value.dropFirst())]
            for limit in limits {
                for length in [limit - 1, limit, limit + 1] where length > 0 && length <= 4096 {
                    values.append(resized(value, to: length))
                }
            }
        }
        return DecisionSpace.unique(values)
    }

    /// `value` cut or extended (by repeating its last character) to `length` characters.
    private static func resized(_ value: String, to length: Int) -> String {
        if value.count >= length { return String(value.prefix(length)) }
        let last = value.last.map(String.init) ?? "a"
        return value + String(repeating: last, count: length - value.count)
    }
}

/// Strings made from a pattern: each atom repeated its fewest and its most times, with the first and the last
/// character a class allows. Not every pattern is understood; what is not gives no string (the other candidates
/// still run), and every string is judged by the real pattern before it is used.
enum PatternSamples {
    static func strings(_ pattern: String) -> [String] {
        let characters = Array(pattern)
        var results: [String] = []
        for (fewest, last) in [(true, false), (false, true), (true, true), (false, false)] {
            var index = 0
            if let text = sequence(characters, &index, fewest: fewest, last: last), index == characters.count {
                results.append(text)
            }
        }
        return DecisionSpace.unique(results)
    }

    /// Reads atoms up to `)` or the end; for alternation, the first branch.
    private static func sequence(_ p: [Character], _ i: inout Int, fewest: Bool, last: Bool) -> String? {
        var output = ""
        var chosen: String?
        while i < p.count, p[i] != ")" {
            if p[i] == "|" {
                if chosen == nil { chosen = output }
                output = ""
                i += 1
                continue
            }
            guard let atom = atom(p, &i, fewest: fewest, last: last) else { return nil }
            let (low, high) = quantifier(p, &i)
            let count = fewest ? low : min(high, low + 3)
            output += String(repeating: atom, count: max(count, 0))
        }
        return chosen ?? output
    }

    private static func atom(_ p: [Character], _ i: inout Int, fewest: Bool, last: Bool) -> String? {
        let c = p[i]
        i += 1
        switch c {
        case "^", "$": return ""
        case ".": return last ? "z" : "a"
        case "(":
            if i + 1 < p.count, p[i] == "?", p[i + 1] == ":" { i += 2 }
            guard let inner = sequence(p, &i, fewest: fewest, last: last), i < p.count, p[i] == ")" else { return nil }
            i += 1
            return inner
        case "[":
            var members: [Character] = []
            var negated = false
            if i < p.count, p[i] == "^" {
                negated = true
                i += 1
            }
            while i < p.count, p[i] != "]" || members.isEmpty {
                var member = p[i]
                i += 1
                if member == "\\", i < p.count {
                    member = escaped(p[i], last: last)
                    i += 1
                }
                if i + 1 < p.count, p[i] == "-", p[i + 1] != "]" {
                    let end = p[i + 1]
                    i += 2
                    members.append(last ? end : member)
                } else {
                    members.append(member)
                }
            }
            guard i < p.count else { return nil }
            i += 1
            if negated { return members.contains("#") ? "~" : "#" }
            return String((last ? members.last : members.first) ?? "a")
        case "\\":
            guard i < p.count else { return nil }
            let e = p[i]
            i += 1
            return String(escaped(e, last: last))
        case "*", "+", "?", "{", ")", "|": return nil
        default: return String(c)
        }
    }

    private static func escaped(_ e: Character, last: Bool) -> Character {
        switch e {
        case "d": return last ? "9" : "0"
        case "w": return last ? "z" : "a"
        case "s": return " "
        case "D", "W", "S": return "-"
        default: return e
        }
    }

    /// The repeat counts after an atom (1, 1 when none).
    private static func quantifier(_ p: [Character], _ i: inout Int) -> (Int, Int) {
        guard i < p.count else { return (1, 1) }
        var result: (Int, Int)
        switch p[i] {
        case "*": result = (0, 4)
        case "+": result = (1, 4)
        case "?": result = (0, 1)
        case "{":
            guard let close = p[i...].firstIndex(of: "}") else { return (1, 1) }
            let parts = String(p[(i + 1)..<close]).split(separator: ",", omittingEmptySubsequences: false)
            guard let low = parts.first.flatMap({ Int($0) }) else { return (1, 1) }
            let high = parts.count == 1 ? low : (Int(parts[1]) ?? low + 4)
            i = close
            result = (low, high)
        default: return (1, 1)
        }
        i += 1
        if i < p.count, p[i] == "?" || p[i] == "+" { i += 1 }
        return result
    }
}
