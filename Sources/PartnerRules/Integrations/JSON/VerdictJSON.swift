/// Verdicts as JSON: the one writer (the hot path of `check`) and its reader. The `Codable`
/// conformances are derived from these two (``JSONBridge``).
extension Verdict {
    /// The verdict as JSON text in the key order of SPEC section 5, with `credentials` and
    /// `candidates` sorted by key: the same verdict always gives the same bytes.
    ///
    /// - Parameter pretty: one member a line, indented by two spaces; otherwise one line.
    public func jsonBytes(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(indent: pretty ? 2 : 0)
        write(to: &writer)
        return writer.bytes
    }

    /// Writes every key, `null` included, so the shape never depends on the answer; `trailing` may add members of
    /// its own after the verdict's (the server's `catalog_revision`) before the object closes.
    package func write(to writer: inout JSONWriter, trailing: (inout JSONWriter) -> Void = { _ in }) {
        writer.beginObject()
        writer.key(CodingKeys.valid.stringValue)
        writer.bool(valid)
        writer.key(CodingKeys.partner.stringValue)
        writer.optionalString(partner)
        writer.key(CodingKeys.mediaSource.stringValue)
        writer.optionalString(mediaSource)
        writer.key(CodingKeys.plan.stringValue)
        writer.string(plan.rawValue)
        writer.key(CodingKeys.planBecause.stringValue)
        SourcePlace.write(planBecause, to: &writer)
        writer.key(CodingKeys.errors.stringValue)
        Self.write(errors, to: &writer)
        writer.key(CodingKeys.warnings.stringValue)
        Self.write(warnings, to: &writer)
        writer.key(CodingKeys.credentials.stringValue)
        writer.beginObject()
        for key in credentials.keys.sorted() {
            writer.key(key)
            writer.string(credentials[key] ?? "")
        }
        writer.endObject()
        writer.key(CodingKeys.candidates.stringValue)
        writer.beginObject()
        for key in candidates.keys.sorted() {
            writer.key(key)
            writer.stringArray(candidates[key] ?? [])
        }
        writer.endObject()
        writer.key(CodingKeys.adLevelOnly.stringValue)
        if let adLevelOnly { adLevelOnly.write(to: &writer) } else { writer.null() }
        trailing(&writer)
        writer.endObject()
    }

    private static func write(_ issues: [Issue], to writer: inout JSONWriter) {
        writer.beginArray()
        for issue in issues { issue.write(to: &writer) }
        writer.endArray()
    }

    /// Reads a verdict as ``jsonBytes(pretty:)`` writes it.
    public static func decode(json: [UInt8]) throws(JSONInputError) -> Verdict {
        try json.withUnsafeBufferPointer { buffer throws(JSONInputError) in
            var scanner = JSONScanner(buffer)
            let verdict = try read(from: &scanner)
            try scanner.expectEnd()
            return verdict
        }
    }

    static func read(from scanner: inout JSONScanner) throws(JSONInputError) -> Verdict {
        var verdict = Verdict(valid: false, partner: nil, mediaSource: nil, plan: .create)
        var seen: Set<CodingKeys> = []
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(&first) {
            guard let member = CodingKeys(rawValue: key) else {
                throw scanner.unknownKey(key, known: CodingKeys.allCases.map(\.stringValue))
            }
            seen.insert(member)
            switch member {
            case .valid: verdict.valid = try scanner.readBool()
            case .partner: verdict.partner = try scanner.readOptionalString()
            case .mediaSource: verdict.mediaSource = try scanner.readOptionalString()
            case .plan: verdict.plan = try scanner.readEnum(IntegrationPlan.self)
            case .planBecause: verdict.planBecause = try SourcePlace.readList(from: &scanner)
            case .errors: verdict.errors = try Issue.readList(from: &scanner)
            case .warnings: verdict.warnings = try Issue.readList(from: &scanner)
            case .credentials: verdict.credentials = try scanner.readOptionalStringMap() ?? [:]
            case .candidates:
                try scanner.beginObject()
                var first = true
                while let field = try scanner.nextKey(&first) { verdict.candidates[field] = try scanner.readOptionalStringArray() ?? [] }
            case .adLevelOnly: verdict.adLevelOnly = try scanner.readNull() ? nil : AdLevelOnly.read(from: &scanner)
            }
        }
        for required in [CodingKeys.valid, .plan] where !seen.contains(required) {
            throw scanner.fail("the verdict has no \"\(required.stringValue)\"; add it")
        }
        return verdict
    }
}

extension Verdict.Issue {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key(CodingKeys.code.stringValue)
        writer.string(code.rawValue)
        writer.key(CodingKeys.path.stringValue)
        writer.string(path)
        writer.key(CodingKeys.message.stringValue)
        writer.string(message)
        writer.key(CodingKeys.because.stringValue)
        SourcePlace.write(because, to: &writer)
        writer.endObject()
    }

    static func readList(from scanner: inout JSONScanner) throws(JSONInputError) -> [Verdict.Issue] {
        var issues: [Verdict.Issue] = []
        try scanner.beginArray()
        var index = 0
        while try scanner.nextElement(&index) { issues.append(try read(from: &scanner)) }
        return issues
    }

    static func read(from scanner: inout JSONScanner) throws(JSONInputError) -> Verdict.Issue {
        var code: RuleCode?
        var path = ""
        var message = ""
        var because: [SourcePlace] = []
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(&first) {
            switch CodingKeys(rawValue: key) {
            case .code:
                let start = scanner.valueStart()
                let value = try scanner.readEnum(RuleCode.self)
                guard value.family == .request else {
                    throw scanner.fail("'\(value.rawValue)' is a lint code, not a verdict code", at: start)
                }
                code = value
            case .path: path = try scanner.readString()
            case .message: message = try scanner.readString()
            case .because: because = try SourcePlace.readList(from: &scanner)
            case nil: throw scanner.unknownKey(key, known: CodingKeys.allCases.map(\.stringValue))
            }
        }
        guard let code else { throw scanner.fail("the issue has no \"code\"; add it") }
        return Verdict.Issue(code: code, path: path, message: message, because: because)
    }
}

extension SourcePlace {
    /// The members of a place in JSON, in the order they are written.
    enum Member: String, CaseIterable {
        case file, line, column
    }

    /// `[{"file", "line", "column"}, …]`.
    package static func write(_ places: [SourcePlace], to writer: inout JSONWriter) {
        writer.beginArray()
        for place in places { place.write(to: &writer) }
        writer.endArray()
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key(Member.file.rawValue)
        writer.string(file)
        writer.key(Member.line.rawValue)
        writer.int(line)
        writer.key(Member.column.rawValue)
        writer.int(column)
        writer.endObject()
    }

    static func readList(from scanner: inout JSONScanner) throws(JSONInputError) -> [SourcePlace] {
        var places: [SourcePlace] = []
        try scanner.beginArray()
        var index = 0
        while try scanner.nextElement(&index) { places.append(try read(from: &scanner)) }
        return places
    }

    static func read(from scanner: inout JSONScanner) throws(JSONInputError) -> SourcePlace {
        var file: String?
        var line: Int?
        var column: Int?
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(&first) {
            switch Member(rawValue: key) {
            case .file: file = try scanner.readString()
            case .line: line = try scanner.readPositiveInteger()
            case .column: column = try scanner.readPositiveInteger()
            case nil: throw scanner.unknownKey(key, known: Member.allCases.map(\.rawValue))
            }
        }
        guard let file, let line, let column else { throw scanner.fail("a place needs \"file\", \"line\" and \"column\"; add them") }
        return SourcePlace(file: file, location: SourceLocation(line: line, column: column))
    }
}

extension AdLevelOnly {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        switch self {
        case .unsupported(let names):
            writer.key(CodingKeys.unsupported.stringValue)
            writer.stringArray(names)
        case .supported(let names):
            writer.key(CodingKeys.supported.stringValue)
            writer.stringArray(names)
        }
        writer.endObject()
    }

    static func read(from scanner: inout JSONScanner) throws(JSONInputError) -> AdLevelOnly {
        var rule: AdLevelOnly?
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(&first) {
            guard let member = CodingKeys(rawValue: key) else {
                throw scanner.unknownKey(key, known: CodingKeys.allCases.map(\.stringValue))
            }
            guard rule == nil else { throw scanner.fail("give either \"unsupported\" or \"supported\", not both") }
            let names = try scanner.readOptionalStringArray() ?? []
            rule = member == .unsupported ? .unsupported(names) : .supported(names)
        }
        guard let rule else { throw scanner.fail("give \"unsupported\" or \"supported\"") }
        return rule
    }
}

extension JSONScanner {
    /// A whole number of at least 1 (a line or a column).
    mutating func readPositiveInteger() throws(JSONInputError) -> Int {
        let start = valueStart()
        guard let value = Int(try readNumber()), value >= 1 else { throw fail("expected a whole number of at least 1", at: start) }
        return value
    }

    /// A string that must be one of `T`'s raw values.
    mutating func readEnum<T: RawRepresentable & CaseIterable>(_ type: T.Type) throws(JSONInputError) -> T where T.RawValue == String {
        let start = valueStart()
        let text = try readString()
        guard let value = T(rawValue: text) else {
            let choices = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw fail("expected one of \(choices)", at: start)
        }
        return value
    }
}

// MARK: Codable, derived from the reader and the writer

extension Verdict: Codable {
    public init(from decoder: any Decoder) throws { self = try JSONBridge.decode(from: decoder, Self.read) }
    public func encode(to encoder: any Encoder) throws { try JSONBridge.encode(to: encoder) { write(to: &$0) } }
}

extension Verdict.Issue: Codable {
    public init(from decoder: any Decoder) throws { self = try JSONBridge.decode(from: decoder, Self.read) }
    public func encode(to encoder: any Encoder) throws { try JSONBridge.encode(to: encoder, write) }
}

extension AdLevelOnly: Codable {
    public init(from decoder: any Decoder) throws { self = try JSONBridge.decode(from: decoder, Self.read) }
    public func encode(to encoder: any Encoder) throws { try JSONBridge.encode(to: encoder, write) }
}
