/// Small partner files the rules' examples are built from.

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

/// The minimal partner `acme` with `old` replaced by `new`, as a catalog for a rule example.
func exampleAcme(replacing old: String, with new: String) -> [String: String] {
    ["acme.yaml": examplePartner("acme", "acme_int").replacing(old, with: new)]
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

extension RuleExamples {
    /// Examples for a file or catalog rule: each a catalog, as partner files by name.
    package init(passing: [[String: String]], failing: [[String: String]]) {
        self.init(passing: passing.map { RuleExample($0) }, failing: failing.map { RuleExample($0) })
    }
}
