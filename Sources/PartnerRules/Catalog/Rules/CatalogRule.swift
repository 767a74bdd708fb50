/// A check over the whole catalog that no single file can make alone (or that reads best as a rule).
///
/// Each rule has a stable code, a one-line summary, a default severity, and example catalogs that
/// pass and fail it; the tests run every example, so the documentation cannot drift from the code.
public protocol CatalogRule: Sendable {
    /// Stable, kebab-case: `duplicate-media-source`.
    var code: String { get }
    /// One line, for `README.md` and `lint --explain`.
    var summary: String { get }
    var severity: Severity { get }
    /// Catalogs (file name → YAML) on which the rule reports nothing, and on which it reports at least once.
    var examples: RuleExamples { get }
    /// Appends a finding for every violation.
    func check(_ documents: [PartnerDocument], into findings: inout [Finding])
}

/// Example catalogs for a rule, each a set of files by name.
public struct RuleExamples: Sendable {
    public var passing: [[String: String]]
    public var failing: [[String: String]]

    public init(passing: [[String: String]], failing: [[String: String]]) {
        self.passing = passing
        self.failing = failing
    }
}

/// The registry of catalog rules, in the order they run.
public enum CatalogRules {
    public static let all: [any CatalogRule] = [
        IDMatchesFileRule(),
        DuplicateIDRule(),
        DuplicateMediaSourceRule(),
        NameCollisionRule(),
        SupersededLiveSourceRule(),
        SupersessionDatesRule(),
        InvalidPatternRule(),
        LengthRangeRule(),
        DuplicateCredentialKeyRule(),
        AuthCredentialsRule(),
        DuplicateAdTypeRule(),
        SecretNotMarkedRule(),
        AudienceEndpointRule(),
    ]

    /// Runs every rule and returns the findings in file, line, column order.
    public static func check(_ documents: [PartnerDocument]) -> [Finding] {
        var findings: [Finding] = []
        for rule in all { rule.check(documents, into: &findings) }
        return findings.sorted()
    }
}

/// A minimal valid partner file for rule examples: `partner("acme", "acme_int")` plus extra lines.
func examplePartner(_ id: String, _ mediaSource: String, _ extra: String = "") -> String {
    """
    id: \(id)
    name: Partner \(id)
    media_sources: [\(mediaSource)]
    auth: oauth
    ad_types:
      unsupported: []
    \(extra)
    """
}

/// A minimal valid credentials partner for rule examples, with `fields` (YAML lines of list items) as its form.
func exampleCredentialsPartner(_ fields: String) -> String {
    """
    id: acme
    name: Acme
    media_sources: [acme_int]
    auth: credentials
    credentials:
    \(fields)
    ad_types:
      unsupported: []
    """
}
