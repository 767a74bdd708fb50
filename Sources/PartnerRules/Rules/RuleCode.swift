/// Every code the engine reports, typed: lint's findings (kebab-case) and a verdict's errors and
/// warnings (snake_case). Each code carries its one-line summary, its default severity and the
/// family of input it is found in; `lint --explain`, the README's tables and the schemas' code
/// lists all come from here (tests hold them equal).
///
/// An emitting site names a case (`.unknownKey`), never a string, so a misspelt code does not compile.
public enum RuleCode: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    // MARK: One file: YAML, reading, and the schema

    /// the file is not well-formed YAML: the typing slip (a missing space after ':', an unclosed bracket or quote, …), where it was typed, and the fix
    case yamlSyntax = "yaml-syntax"
    /// a tab where YAML needs spaces: in the indentation or after '-'
    case yamlTab = "yaml-tab"
    /// the file has bytes that are not UTF-8 (the byte offset is named)
    case yamlEncoding = "yaml-encoding"
    /// the file holds no document
    case yamlEmpty = "yaml-empty"
    /// the file is over the size limit (1 MiB)
    case yamlTooLarge = "yaml-too-large"
    /// lists and keys are nested more than 64 levels deep
    case yamlTooDeep = "yaml-too-deep"
    /// the file holds more than one YAML document
    case yamlMultipleDocuments = "yaml-multiple-documents"
    /// an anchor (&name) is used; partner files are explicit
    case yamlAnchor = "yaml-anchor"
    /// an alias (*name) is used; partner files are explicit
    case yamlAlias = "yaml-alias"
    /// a tag (!!str, !custom) is used; the schema decides types
    case yamlTag = "yaml-tag"
    /// a key is quoted, or is a list or a group of keys instead of a word
    case yamlKey = "yaml-key"
    /// a mapping has the same key twice (both places are named)
    case duplicateKey = "duplicate-key"
    /// a key the schema does not know, with the nearest known key
    case unknownKey = "unknown-key"
    /// a required key is missing
    case missingKey = "missing-key"
    /// a value has the wrong type (text, boolean, number, list or mapping)
    case typeMismatch = "type-mismatch"
    /// a value is not one of the allowed choices, with the nearest one
    case unknownValue = "unknown-value"
    /// a value has the right type but a wrong form (id, credential key, date, time)
    case invalidValue = "invalid-value"
    /// a value that must not be empty is empty
    case emptyValue = "empty-value"
    /// ad_types gives both or neither of 'unsupported' and 'supported'
    case adTypesChoice = "ad-types-choice"
    /// a file could not be read
    case unreadable = "unreadable"
    /// the first line is not the yaml-language-server schema comment
    case schemaComment = "schema-comment"
    /// a file starting with '_' that is not _catalog.yaml
    case unknownSettingsFile = "unknown-settings-file"
    /// a file in the partners folder ends in .yml, .YAML or another spelling than .yaml, and is not read
    case fileExtension = "file-extension"
    /// a folder given to lint holds no partner files, so no catalog can be loaded from it
    case noPartners = "no-partners"

    // MARK: One file: text that reads differently from how it looks

    /// an id, media source, alias, credential key or ad type holds an invisible character or starts or ends with a space
    case invisibleCharacter = "invisible-character"
    /// a word mixes alphabets, such as a Cyrillic 'а' among Latin letters, so it looks right but does not match (a warning in text people read), or an id, media source or credential key is not ASCII
    case mixedScript = "mixed-script"
    /// a value is wrapped in curly quotes (“ ” ‘ ’), which YAML keeps as part of the text
    case curlyQuotes = "curly-quotes"
    /// ' #' inside a plain value starts a comment, so the rest of the line is not part of the value
    case commentInValue = "comment-in-value"
    /// a line starts where the list item above starts its text, so it joins that item: the '- ' of a new item is missing
    case joinedListItem = "joined-list-item"

    // MARK: One file: rules over a decoded partner

    /// a partner's id must equal its file name without .yaml
    case idMismatch = "id-mismatch"
    /// a superseded source is deprecated before its replacement was introduced
    case supersessionDates = "supersession-dates"
    /// a pattern has a mistake, so it cannot check any value
    case invalidPattern = "invalid-pattern"
    /// a credential field's min_length is above its max_length
    case lengthRange = "length-range"
    /// two credential fields (or a field and a fallback) share a key
    case duplicateCredentialKey = "duplicate-credential-key"
    /// an alias, role or duplicated data is listed twice in one list (both places are named)
    case duplicateItem = "duplicate-item"
    /// auth and credentials disagree: a credentials partner without fields, or an OAuth partner with them
    case authCredentials = "auth-credentials"
    /// an ad type or alias is listed twice once case, spaces, -, _ and / are ignored
    case duplicateAdType = "duplicate-ad-type"
    /// an ad type has a non-ASCII letter whose case matters, and its other spelling is not an alias
    case adTypeCase = "ad-type-case"
    /// a credential field looks secret (password, token, key, auth, …) but says neither secret: true nor secret: false
    case secretNotMarked = "secret-not-marked"
    /// a secret-looking field says secret: false: a password, token or secret field (always masked), or a key or label that reads like a secret without not_secret_because
    case secretUnmasked = "secret-unmasked"
    /// an audiences section with a non-https endpoint, no identifiers, or an identifier listed twice
    case audienceEndpoint = "audience-endpoint"
    /// a credential field's example is refused by the field's own normalization, pattern or lengths
    case exampleRejected = "example-rejected"

    // MARK: The catalog: rules across files

    /// two partner files declare the same id (each file names the others)
    case duplicateID = "duplicate-id"
    /// a media source is listed twice, in one file or across the catalog (each place names the others)
    case duplicateMediaSource = "duplicate-media-source"
    /// an alias or display name resolves to more than one partner (each file names the others)
    case aliasCollision = "alias-collision"
    /// a superseded media source is still a live media source of a partner (both places are named)
    case supersededLiveSource = "superseded-live-source"
    /// docs/partners.md beside the partners folder differs from what `guide` renders
    case guideStale = "guide-stale"
    /// against --baseline: a change that would break existing integrations
    case breakingChange = "breaking-change"
    /// text in a partner file names another partner of the catalog, as text copied from its file would
    case namesOtherPartner = "names-other-partner"

    // MARK: A request: verdict errors

    /// the request names no partner the catalog knows
    case unknownPartner = "unknown_partner"
    /// the request lists no apps
    case missingApps = "missing_apps"
    /// an app is neither an Android package name nor an iOS app id, or is listed twice
    case invalidApp = "invalid_app"
    /// a required credential field is missing or empty
    case missingCredential = "missing_credential"
    /// a credential key the partner's form does not have, with the nearest one
    case unknownCredential = "unknown_credential"
    /// a credential value breaks its field's kind, length or pattern
    case invalidCredential = "invalid_credential"
    /// an OAuth partner's login has not been granted
    case oauthRequired = "oauth_required"
    /// the integrating user lacks a role the partner needs
    case missingRole = "missing_role"
    /// the agency is not transparent
    case agencyNotTransparent = "agency_not_transparent"
    /// the partner cannot be integrated through an agency
    case agencyNotSupported = "agency_not_supported"
    /// the app already has such an integration
    case duplicateIntegration = "duplicate_integration"
    /// the legacy media source takes no new integrations
    case deprecatedIntegration = "deprecated_integration"
    /// the partner's credentials cannot change in place; delete and recreate
    case credentialsImmutable = "credentials_immutable"

    // MARK: A request: verdict warnings

    /// a legacy integration and its replacement would both pull the same data
    case legacyDuplication = "legacy_duplication"
    /// not every OAuth permission was granted, so some data may be missing
    case partialPermissions = "partial_permissions"
    /// another user integrated ROI360 where the partner recommends the same user
    case roi360UserMismatch = "roi360_user_mismatch"
    /// cost data such as ROAS needs an ROI360 subscription
    case costDataRequiresROI360 = "cost_data_requires_roi360"

    /// The input a code is found in.
    public var family: RuleFamily {
        switch self {
        case .duplicateID, .duplicateMediaSource, .aliasCollision, .supersededLiveSource, .guideStale, .breakingChange,
            .namesOtherPartner:
            return .catalog
        case .unknownPartner, .missingApps, .invalidApp, .missingCredential, .unknownCredential, .invalidCredential,
            .oauthRequired, .missingRole, .agencyNotTransparent, .agencyNotSupported, .duplicateIntegration,
            .deprecatedIntegration, .credentialsImmutable, .legacyDuplication, .partialPermissions, .roi360UserMismatch,
            .costDataRequiresROI360:
            return .request
        default:
            return .file
        }
    }

    /// Whether the code is one of YAML itself (`yaml-…`): the file's text cannot be read as YAML, or uses what partner
    /// files refuse (anchors, aliases, tags, several documents).
    package var isYAML: Bool { rawValue.hasPrefix("yaml-") }

    /// How serious the code is by default: errors fail `lint` and make a request invalid.
    public var severity: Severity {
        switch self {
        case .curlyQuotes, .commentInValue, .joinedListItem:
            return .warning
        case .schemaComment, .unknownSettingsFile, .adTypeCase, .guideStale, .namesOtherPartner,
            .breakingChange, .legacyDuplication, .partialPermissions, .roi360UserMismatch, .costDataRequiresROI360:
            return .warning
        default:
            return .error
        }
    }

    /// One line on what the code means, for `lint --explain`, the README and the schemas.
    public var summary: String {
        switch self {
        case .yamlSyntax:
            return "the file is not well-formed YAML: the typing slip (a missing space after ':', an unclosed bracket or quote, …), where it was typed, and the fix"
        case .yamlTab: return "a tab where YAML needs spaces: in the indentation or after '-'"
        case .yamlEncoding: return "the file has bytes that are not UTF-8 (the byte offset is named)"
        case .yamlEmpty: return "the file holds no document"
        case .yamlTooLarge: return "the file is over the size limit (1 MiB)"
        case .yamlTooDeep: return "lists and keys are nested more than 64 levels deep"
        case .yamlMultipleDocuments: return "the file holds more than one YAML document"
        case .yamlAnchor: return "an anchor (&name) is used; partner files are explicit"
        case .yamlAlias: return "an alias (*name) is used; partner files are explicit"
        case .yamlTag: return "a tag (!!str, !custom) is used; the schema decides types"
        case .yamlKey: return "a key is quoted, or is a list or a group of keys instead of a word"
        case .duplicateKey: return "a mapping has the same key twice (both places are named)"
        case .unknownKey: return "a key the schema does not know, with the nearest known key"
        case .missingKey: return "a required key is missing"
        case .typeMismatch: return "a value has the wrong type (text, boolean, number, list or mapping)"
        case .unknownValue: return "a value is not one of the allowed choices, with the nearest one"
        case .invalidValue: return "a value has the right type but a wrong form (id, credential key, date, time)"
        case .emptyValue: return "a value that must not be empty is empty"
        case .adTypesChoice: return "ad_types gives both or neither of 'unsupported' and 'supported'"
        case .unreadable: return "a file could not be read"
        case .schemaComment: return "the first line is not the yaml-language-server schema comment"
        case .unknownSettingsFile: return "a file starting with '_' that is not _catalog.yaml"
        case .fileExtension: return "a file in the partners folder ends in .yml, .YAML or another spelling than .yaml, and is not read"
        case .noPartners: return "a folder given to lint holds no partner files, so no catalog can be loaded from it"
        case .invisibleCharacter:
            return "an id, media source, alias, credential key or ad type holds an invisible character or starts or ends with a space"
        case .mixedScript:
            return "a word mixes alphabets, such as a Cyrillic 'а' among Latin letters, so it looks right but does not match (a warning in text people read), or an id, media source or credential key is not ASCII"
        case .curlyQuotes: return "a value is wrapped in curly quotes (“ ” ‘ ’), which YAML keeps as part of the text"
        case .commentInValue: return "' #' inside a plain value starts a comment, so the rest of the line is not part of the value"
        case .joinedListItem: return "a line starts where the list item above starts its text, so it joins that item: the '- ' of a new item is missing"
        case .idMismatch: return "a partner's id must equal its file name without .yaml"
        case .supersessionDates: return "a superseded source is deprecated before its replacement was introduced"
        case .invalidPattern: return "a pattern has a mistake, so it cannot check any value"
        case .lengthRange: return "a credential field's min_length is above its max_length"
        case .duplicateCredentialKey: return "two credential fields (or a field and a fallback) share a key"
        case .duplicateItem: return "an alias, role or duplicated data is listed twice in one list (both places are named)"
        case .authCredentials:
            return "auth and credentials disagree: a credentials partner without fields, or an OAuth partner with them"
        case .duplicateAdType: return "an ad type or alias is listed twice once case, spaces, -, _ and / are ignored"
        case .adTypeCase: return "an ad type has a non-ASCII letter whose case matters, and its other spelling is not an alias"
        case .secretNotMarked:
            return "a credential field looks secret (password, token, key, auth, …) but says neither secret: true nor secret: false"
        case .secretUnmasked:
            return "a secret-looking field says secret: false: a password, token or secret field (always masked), or a key or label that reads like a secret without not_secret_because"
        case .audienceEndpoint:
            return "an audiences section with a non-https endpoint, no identifiers, or an identifier listed twice"
        case .exampleRejected: return "a credential field's example is refused by the field's own normalization, pattern or lengths"
        case .namesOtherPartner: return "text in a partner file names another partner of the catalog, as text copied from its file would"
        case .duplicateID: return "two partner files declare the same id (each file names the others)"
        case .duplicateMediaSource: return "a media source is listed twice, in one file or across the catalog (each place names the others)"
        case .aliasCollision: return "an alias or display name resolves to more than one partner (each file names the others)"
        case .supersededLiveSource: return "a superseded media source is still a live media source of a partner (both places are named)"
        case .guideStale: return "docs/partners.md beside the partners folder differs from what `guide` renders"
        case .breakingChange: return "against --baseline: a change that would break existing integrations"
        case .unknownPartner: return "the request names no partner the catalog knows"
        case .missingApps: return "the request lists no apps"
        case .invalidApp: return "an app is neither an Android package name nor an iOS app id, or is listed twice"
        case .missingCredential: return "a required credential field is missing or empty"
        case .unknownCredential: return "a credential key the partner's form does not have, with the nearest one"
        case .invalidCredential: return "a credential value breaks its field's kind, length or pattern"
        case .oauthRequired: return "an OAuth partner's login has not been granted"
        case .missingRole: return "the integrating user lacks a role the partner needs"
        case .agencyNotTransparent: return "the agency is not transparent"
        case .agencyNotSupported: return "the partner cannot be integrated through an agency"
        case .duplicateIntegration: return "the app already has such an integration"
        case .deprecatedIntegration: return "the legacy media source takes no new integrations"
        case .credentialsImmutable: return "the partner's credentials cannot change in place; delete and recreate"
        case .legacyDuplication: return "a legacy integration and its replacement would both pull the same data"
        case .partialPermissions: return "not every OAuth permission was granted, so some data may be missing"
        case .roi360UserMismatch: return "another user integrated ROI360 where the partner recommends the same user"
        case .costDataRequiresROI360: return "cost data such as ROAS needs an ROI360 subscription"
        }
    }

    /// The code as it is written in output: `unknown-key`, `missing_credential`.
    public var description: String { rawValue }

    /// Codes sort by their spelling, so output ordered by code is the same as when codes were text.
    public static func < (lhs: RuleCode, rhs: RuleCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a rule reads: one partner file, the whole catalog, or one integration request (SPEC 17).
public enum RuleFamily: String, Sendable, Hashable, CaseIterable {
    /// One partner file on its own (YAML, schema, and the rules over its decoded partner).
    case file
    /// Every partner file together.
    case catalog
    /// An integration request, checked against the compiled catalog.
    case request
}

/// The name the library used for verdict codes; every verdict code is a ``RuleCode`` of family `request`.
public typealias IssueCode = RuleCode
