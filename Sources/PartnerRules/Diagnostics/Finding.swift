/// How serious a finding is.
///
/// `error` fails `lint` (exit 1); `warning` is reported but allowed.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
    /// Fails `lint`, or makes a request invalid.
    case error
    /// Worth knowing; fails nothing.
    case warning
}

/// A 1-based position in a source file.
///
/// libyaml's marks are 0-based; they are converted once, in the YAML layer, and never again.
///
/// Stored as two 32-bit numbers: a YAML tree holds one per node and per key, so this halves what
/// positions cost in memory. Files over four billion lines are refused long before (1 MiB limit).
public struct SourceLocation: Sendable, Hashable, Comparable {
    private var storedLine: UInt32
    private var storedColumn: UInt32

    /// The line, counted from 1.
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }

    /// The column in characters, counted from 1.
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    /// A place by its 1-based line and column.
    public init(line: Int, column: Int) {
        self.storedLine = UInt32(clamping: line)
        self.storedColumn = UInt32(clamping: column)
    }

    /// The start of a file: line 1, column 1.
    public static let start = SourceLocation(line: 1, column: 1)

    /// Places sort by line, then column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.storedLine, lhs.storedColumn) < (rhs.storedLine, rhs.storedColumn)
    }
}

extension SourceLocation: Codable {
    enum CodingKeys: String, CodingKey { case line, column }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(line: try container.decode(Int.self, forKey: .line), column: try container.decode(Int.self, forKey: .column))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
    }
}

/// One thing a check has to say about a file: where, how serious, which rule, and what to do.
///
/// Findings are values. Rules append them to a list; only input that cannot be read at all throws.
public struct Finding: Sendable, Hashable, Codable {
    /// The file the finding is about, as it was given (`partners/acme.yaml`).
    public var file: String
    /// The line to look at, from 1.
    public var line: Int
    /// The column to look at, from 1.
    public var column: Int
    /// Whether the finding fails `lint` (error) or only informs (warning).
    public var severity: Severity
    /// A stable identifier, kebab-case (`unknown-key`), that tools and people can search for.
    public var code: RuleCode
    /// Lower-case, no trailing period; names the thing and the fix.
    public var message: String
    /// The value that would probably fix the finding (`credentials` for `credentails`), when there is one.
    public var suggestion: String?
    /// The other places a cross-file finding is about (the file a partner was copied from, the
    /// second listing of a value); each of them gets the same finding naming this one (SPEC 4a).
    public var related: [SourcePlace]
    /// The proven edit that repairs the finding (SPEC 18), when the engine found exactly one and checked it by
    /// linting the edited file again; `nil` when no repair was proven, and then the message offers no guess.
    public var fix: Fix?

    /// A finding as serious as its code is, unless `severity` says otherwise (`--fail-on breaking`).
    public init(
        file: String, location: SourceLocation, code: RuleCode, message: String, suggestion: String? = nil,
        severity: Severity? = nil, related: [SourcePlace] = [], fix: Fix? = nil
    ) {
        self.file = file
        self.line = location.line
        self.column = location.column
        self.severity = severity ?? code.severity
        self.code = code
        self.message = message
        self.suggestion = suggestion
        self.related = related
        self.fix = fix
    }

    /// The line and column together.
    public var location: SourceLocation { SourceLocation(line: line, column: column) }

    /// Where the finding stands, as a place another finding can name.
    public var place: SourcePlace { SourcePlace(file: file, location: location) }

    enum CodingKeys: String, CodingKey {
        case file, line, column, severity, code, message, suggestion, related, fix
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.file = try container.decode(String.self, forKey: .file)
        self.line = try container.decode(Int.self, forKey: .line)
        self.column = try container.decode(Int.self, forKey: .column)
        self.severity = try container.decode(Severity.self, forKey: .severity)
        self.code = try container.decode(RuleCode.self, forKey: .code)
        self.message = try container.decode(String.self, forKey: .message)
        self.suggestion = try container.decodeIfPresent(String.self, forKey: .suggestion)
        self.related = try container.decodeIfPresent([SourcePlace].self, forKey: .related) ?? []
        self.fix = try container.decodeIfPresent(Fix.self, forKey: .fix)
    }
}

extension Finding: Comparable {
    /// Findings sort by file, line, column, then code and message so output is stable.
    public static func < (lhs: Finding, rhs: Finding) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        if lhs.line != rhs.line { return lhs.line < rhs.line }
        if lhs.column != rhs.column { return lhs.column < rhs.column }
        if lhs.code != rhs.code { return lhs.code < rhs.code }
        return lhs.message < rhs.message
    }
}

extension Finding: CustomStringConvertible {
    /// `file:line:column: severity: message [code]`, the line format of `lint`'s text output.
    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message) [\(code)]"
    }
}
