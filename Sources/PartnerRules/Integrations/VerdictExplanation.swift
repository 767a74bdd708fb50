/// A verdict told as text for a person (`check --explain`, a service's log): each error and warning, then the plan,
/// each followed by the partner-file places that decided it (SPEC 5a) and what the file says there.
///
/// The text holds only what the verdict holds (no credential value ever reaches a message) and the lines of partner
/// files, which hold no secrets either.
public enum VerdictExplanation {
    /// The explanation of `verdict`. `line` gives the text of a place's line (without its line end) when the caller
    /// can read the file; without it, places are shown alone.
    public static func render(_ verdict: Verdict, line: (SourcePlace) -> String? = { _ in nil }) -> String {
        var out = ""
        func because(_ places: [SourcePlace]) {
            if places.isEmpty {
                out += "  because of the request alone: no partner fact is involved\n"
            }
            for place in places {
                out += "  because \(place.file):\(place.line):\(place.column)"
                if let text = line(place)?.trimmingWhitespace(), !text.isEmpty { out += ": \(text)" }
                out += "\n"
            }
        }
        let subject = verdict.partner.map { "partner \($0)" + (verdict.mediaSource.map { " (\($0))" } ?? "") } ?? "no partner"
        out += "\(verdict.valid ? "valid" : "invalid"): \(subject)\n"
        for (severity, issues) in [("error", verdict.errors), ("warning", verdict.warnings)] {
            for issue in issues {
                out += "\(severity) \(issue.code) at \(issue.path.isEmpty ? "the request" : issue.path): \(issue.message)\n"
                because(issue.because)
            }
        }
        out += "plan \(verdict.plan.rawValue)\n"
        if verdict.planBecause.isEmpty {
            out += "  because of the request's operation\n"
        } else {
            because(verdict.planBecause)
        }
        return out
    }
}
