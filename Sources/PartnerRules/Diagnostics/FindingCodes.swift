/// Every code `lint` can report, with a one-line summary and its severity: the YAML layer's, the
/// decoder's, and each catalog rule's. `README.md` documents the same list, and a test keeps them equal.
public enum FindingCodes {
    /// Codes that the YAML layer, the file reader and the decoder report.
    public static let fileCodes: [(code: String, summary: String, severity: Severity)] = [
        ("yaml-syntax", "the file is not well-formed YAML (libyaml's message and position)", .error),
        ("yaml-tab", "a tab character is used for indentation", .error),
        ("yaml-encoding", "the file has bytes that are not UTF-8 (the byte offset is named)", .error),
        ("yaml-empty", "the file holds no document", .error),
        ("yaml-too-large", "the file is over the size limit (1 MiB)", .error),
        ("yaml-too-deep", "sequences and mappings are nested deeper than the limit (64)", .error),
        ("yaml-multiple-documents", "the file holds more than one YAML document", .error),
        ("yaml-anchor", "an anchor (&name) is used; partner files are explicit", .error),
        ("yaml-alias", "an alias (*name) is used; partner files are explicit", .error),
        ("yaml-tag", "a tag (!!str, !custom) is used; the schema decides types", .error),
        ("yaml-key", "a key is not a plain scalar (quoted, a list or a mapping)", .error),
        ("duplicate-key", "a mapping has the same key twice (both places are named)", .error),
        ("unknown-key", "a key the schema does not know, with the nearest known key", .error),
        ("missing-key", "a required key is missing", .error),
        ("type-mismatch", "a value has the wrong type (text, boolean, number, list or mapping)", .error),
        ("unknown-value", "a value is not one of the allowed choices, with the nearest one", .error),
        ("invalid-value", "a value has the right type but a wrong form (id, credential key, date, time)", .error),
        ("empty-value", "a value that must not be empty is empty", .error),
        ("ad-types-choice", "ad_types gives both or neither of 'unsupported' and 'supported'", .error),
        ("unreadable", "a file could not be read", .error),
        ("schema-comment", "the first line is not the yaml-language-server schema comment", .warning),
        ("unknown-settings-file", "a file starting with '_' that is not _catalog.yaml", .warning),
        ("file-extension", "a .yml file in the partners folder, which is not read", .warning),
        ("no-partners", "a folder given to lint holds no partner files", .warning),
        ("breaking-change", "against --baseline: a change that would break existing integrations", .warning),
    ]

    /// Every code with its summary and severity, file codes first, then the catalog rules.
    public static var all: [(code: String, summary: String, severity: Severity)] {
        fileCodes + CatalogRules.all.map { ($0.code, $0.summary, $0.severity) }
    }

    public static func summary(of code: String) -> String {
        all.first { $0.code == code }?.summary ?? code
    }

    public static func severity(of code: String) -> Severity {
        all.first { $0.code == code }?.severity ?? .error
    }
}
