/// One rule of the engine, whatever it checks: a partner file, the whole catalog, or an
/// integration request.
///
/// A rule is one type in one file: the codes it reports (each a ``RuleCode`` that carries its
/// summary and severity), a one-line summary, examples on which it passes and fails that the tests
/// run, and one `apply` over its family's input. The registry (``Rules``) drives both execution
/// and documentation, so what `lint --explain` and the README say cannot drift from what runs.
///
/// Adding a rule: write the type (with its examples) next to its family's other rules, give its
/// code(s) a case and a summary in ``RuleCode``, and list it in ``Rules``.
package protocol Rule: Sendable {
    /// What the rule reads.
    associatedtype Input
    /// Where the rule writes what it finds.
    associatedtype Output

    /// The codes this rule reports, its main one first.
    static var codes: [RuleCode] { get }
    /// One line on what the rule checks.
    static var summary: String { get }
    /// Inputs on which the rule reports none of its codes, and inputs on which it reports one.
    static var examples: RuleExamples { get }

    /// Checks `input` and writes every violation to `output`.
    func apply(_ input: Input, into output: inout Output)
}

/// A rule over one decoded partner file.
package protocol FileRule: Rule where Input == PartnerDocument, Output == [Finding] {}

/// A rule over every partner file together (uniqueness, collisions across files).
package protocol CatalogRule: Rule where Input == [PartnerDocument], Output == [Finding] {}

/// A rule over a file's composed YAML: what the composer went past (duplicate keys, anchors, …).
/// Runs while the file is read, before its partner is decoded.
package protocol ComposedRule: Rule where Input == ComposedFile, Output == [Finding] {}

/// A rule over one text value as the decoder reads it (an id, a media source, a label): checks of
/// how the text is written, which need the value's exact place and style in the file.
package protocol ValueRule: Rule where Input == ReadValue, Output == [Finding] {}

/// A file's composed YAML, for ``ComposedRule``s.
package struct ComposedFile: Sendable {
    package var file: String
    package var root: YAMLNode
}

/// One text value as it stands in a file, for ``ValueRule``s.
package struct ReadValue: Sendable {
    /// What the value is for, which decides the checks it gets.
    package enum Role: Sendable, Hashable {
        /// Matched exactly by other tools, and written in ASCII: ids, media sources, credential keys.
        case code
        /// Matched against other text: partner aliases, ad types.
        case identifier
        /// A role name, matched against the roles a user holds.
        case roleName
        /// A name people and requests use to find a partner: its display name.
        case name
        /// Shown to people: labels, help, notes.
        case text

        /// Whether the value is matched as written, so a character that cannot be seen must not be in it.
        package var isMatched: Bool { self == .code || self == .identifier }
    }

    package var file: String
    package var text: String
    package var style: ScalarStyle
    package var location: SourceLocation
    /// Where the value stands: `media_sources[0]`.
    package var path: String
    /// What the value is, when the reader names it: "media source".
    var named: String?
    package var role: Role

    /// What the value is, in words for a message: "media source", or the key it stands under.
    /// Worked out only when a rule reports, so reading a good file never builds it.
    package var what: String { named ?? NodeReader.keyName(path) }

    /// The column of the character at `offset` (in characters) of the value, past an opening quote.
    func column(ofCharacter offset: Int) -> Int {
        location.column + offset + (style == .singleQuoted || style == .doubleQuoted ? 1 : 0)
    }
}

/// A rule of the integration check. Compiled once per catalog: whatever depends on the partner
/// alone (a message, a folded name) is worked out by ``init(compiling:)``, never per request.
protocol RequestRule: Rule where Input == CheckInput, Output == CheckOutput {
    init(compiling partners: [CompiledPartner])
}

/// An input a rule is shown on: a catalog (partner files by name) and, for request rules, a
/// request with the integrations that exist and the day it is judged on.
package struct RuleExample: Sendable, Hashable {
    /// Partner files by file name (`acme.yaml`), as YAML text.
    package var files: [String: String]
    /// For request rules: the request, as JSON.
    package var request: String?
    /// For request rules: the active integrations, as a JSON array.
    package var existing: String?
    /// For request rules: the day deprecation is judged against (`YYYY-MM-DD`).
    package var today: String?
    /// For a failing example: the code it makes the rule report.
    package var reports: RuleCode?

    /// A catalog example for a file or catalog rule.
    package init(_ files: [String: String], reports: RuleCode? = nil) {
        self.files = files
        self.reports = reports
    }

    /// A request example for a request rule.
    package init(
        files: [String: String], request: String, existing: String? = nil, today: String? = nil,
        reports: RuleCode? = nil
    ) {
        self.files = files
        self.request = request
        self.existing = existing
        self.today = today
        self.reports = reports
    }
}

/// The examples a rule is documented and tested by.
package struct RuleExamples: Sendable {
    /// Inputs on which the rule reports none of its codes.
    package var passing: [RuleExample]
    /// Inputs on which it reports the code each names (its main code when none is named).
    package var failing: [RuleExample]

    package init(passing: [RuleExample], failing: [RuleExample]) {
        self.passing = passing
        self.failing = failing
    }
}

/// The registry: every rule, by family, in the order they run.
package enum Rules {
    /// Rules over one decoded partner file.
    package static let file: [any FileRule] = [
        IDMatchesFileRule(),
        SupersessionDatesRule(),
        InvalidPatternRule(),
        LengthRangeRule(),
        ExampleRejectedRule(),
        DuplicateCredentialKeyRule(),
        DuplicateItemRule(),
        AuthCredentialsRule(),
        DuplicateAdTypeRule(),
        AdTypeCaseRule(),
        SecretNotMarkedRule(),
        SecretUnmaskedRule(),
        AudienceEndpointRule(),
    ]

    /// Rules across partner files.
    package static let catalog: [any CatalogRule] = [
        DuplicateIDRule(),
        DuplicateMediaSourceRule(),
        NameCollisionRule(),
        SupersededLiveSourceRule(),
        NamesOtherPartnerRule(),
    ]

    /// Rules over a file's composed YAML, run as each file is read.
    package static let composed: [any ComposedRule] = [YAMLProblemsRule()]

    /// Rules over each text value as it is read.
    package static let value: [any ValueRule] = [
        InvisibleCharacterRule(),
        MixedScriptRule(),
        CurlyQuotesRule(),
    ]

    /// Rules of the integration check, in the order a check runs them (and reports their issues).
    static let request: [any RequestRule.Type] = [
        PartnerRule.self,
        AppsRule.self,
        CredentialsRule.self,
        OAuthRule.self,
        RolesRule.self,
        AgencyRule.self,
        UpdateRule.self,
        SupersessionRule.self,
        UniquenessRule.self,
        ROI360Rule.self,
    ]

    /// Every rule type, for documentation and for the tests that run the examples.
    package static var all: [any Rule.Type] {
        composed.map { type(of: $0) as any Rule.Type } + value.map { type(of: $0) as any Rule.Type }
            + file.map { type(of: $0) as any Rule.Type } + catalog.map { type(of: $0) as any Rule.Type }
            + request.map { $0 as any Rule.Type }
    }

    /// Runs every file and catalog rule over decoded partner files; findings in file, line, column order.
    package static func check(_ documents: [PartnerDocument]) -> [Finding] {
        var findings: [Finding] = []
        for document in documents {
            for rule in file { rule.apply(document, into: &findings) }
        }
        for rule in catalog { rule.apply(documents, into: &findings) }
        return findings.sorted()
    }

    /// ``check(_:)``'s findings about `file` alone, without running the file rules on the other files: what proving a
    /// fix needs, once per fix, with the whole catalog as context.
    package static func check(_ documents: [PartnerDocument], about file: String) -> [Finding] {
        var findings: [Finding] = []
        for document in documents where document.file == file {
            for rule in self.file { rule.apply(document, into: &findings) }
        }
        var across: [Finding] = []
        for rule in catalog { rule.apply(documents, into: &across) }
        return (findings + across.filter { $0.file == file }).sorted()
    }

    /// The rule that reports `code`, when a rule does (the YAML layer and the decoder report the others).
    package static func rule(reporting code: RuleCode) -> (any Rule.Type)? {
        all.first { $0.codes.contains(code) }
    }
}
