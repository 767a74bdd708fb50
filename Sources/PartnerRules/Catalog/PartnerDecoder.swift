/// Turns a partner file's node tree into a ``PartnerDocument``: a typed definition plus where each
/// value stands. Every key the decoder takes is listed in ``PartnerDecoder/shapes``, which the schema
/// test holds equal to `schemas/partner.schema.json`.
package enum PartnerDecoder {
    /// Every kind of mapping a partner file contains, by the name the schema's `$defs` use.
    package static let shapes: [String: ObjectShape] = [
        "partner": partner, "roles": roles, "credentialField": credentialField, "fallback": fallback,
        "partnerMetrics": partnerMetrics, "adTypes": adTypes, "adType": adType, "supersededSource": supersededSource,
        "roi360": roi360, "setup": setup, "audiences": audiences, "apiKey": apiKey,
    ]

    static let partner = ObjectShape(
        name: "a partner file",
        keys: [
            "id", "name", "media_sources", "aliases", "auth", "per_user", "credentials_mutable", "agency", "roles",
            "credentials", "partner_metrics", "ad_types", "supersedes", "roi360", "setup", "audiences",
        ],
        required: ["id", "name", "media_sources", "auth", "ad_types"],
        hints: [
            "id": "'id: <file name without .yaml>'",
            "name": "'name:' with the display name",
            "media_sources": "'media_sources: [<media source id>]'",
            "auth": "'auth: credentials' or 'auth: oauth'",
            "ad_types": "'ad_types: {unsupported: []}' when every ad type reaches creative level",
        ],
        example: "'id: acme'")
    static let roles = ObjectShape(name: "roles", keys: ["all_of", "any_of"], example: "{any_of: [Admin]}")
    static let credentialField = ObjectShape(
        name: "a credential field",
        keys: [
            "key", "label", "kind", "required", "secret", "pattern", "min_length", "max_length", "normalize",
            "variants", "fallback", "help", "not_secret_because", "examples",
        ],
        required: ["key", "label", "kind"],
        hints: [
            "key": "'key:' with the name the service sends",
            "label": "'label:' as the form shows it",
            "kind": "'kind:' with one of \(CredentialKind.allCases.map(\.rawValue).joined(separator: ", "))",
        ],
        example: "{key: token, label: Token, kind: token}")
    static let fallback = ObjectShape(
        name: "fallback", keys: ["key", "label"], required: ["key", "label"], example: "{key: account_title, label: Account Title}")
    static let partnerMetrics = ObjectShape(name: "partner_metrics", keys: ["required", "credentials"], example: "{required: false, credentials: []}")
    static let adTypes = ObjectShape(name: "ad_types", keys: ["unsupported", "supported"], example: "{unsupported: [ctv]}")
    static let adType = ObjectShape(
        name: "an ad type", keys: ["name", "aliases"], required: ["name"], example: "{name: catalog, aliases: [dpa]}")
    static let supersededSource = ObjectShape(
        name: "a superseded media source", keys: ["media_source", "name", "introduced", "deprecated", "duplicates"],
        required: ["media_source", "name"],
        hints: ["media_source": "'media_source:' with the legacy media-source id", "name": "'name:' with the legacy integration's display name"])
    static let roi360 = ObjectShape(name: "roi360", keys: ["same_user"], example: "{same_user: recommended}")
    static let setup = ObjectShape(name: "setup", keys: ["prerequisites", "notes"], example: "{prerequisites: [], notes: []}")
    static let audiences = ObjectShape(
        name: "audiences", keys: ["identifiers", "endpoint", "api_key"], required: ["identifiers", "endpoint"],
        hints: ["identifiers": "'identifiers: [adid]'", "endpoint": "'endpoint: https://…'"])
    static let apiKey = ObjectShape(name: "api_key", keys: ["pattern"], example: "{pattern: '^[0-9a-f]{32}$'}")

    /// Decodes a composed partner file. Returns the document when every required part could be read,
    /// and the findings in either case.
    package static func decode(_ root: YAMLNode, file: String) -> (document: PartnerDocument?, findings: [Finding]) {
        var reader = NodeReader(file: file)
        reader.reportComposed(root)
        let definition = decodePartner(root, reader: &reader)
        let document = definition.map { PartnerDocument(definition: $0, file: file, locations: reader.locations) }
        return (document, reader.findings)
    }

    private static func decodePartner(_ root: YAMLNode, reader: inout NodeReader) -> PartnerDefinition? {
        guard let pairs = reader.object(root, path: "", shape: partner) else { return nil }
        func value(_ key: String) -> YAMLNode? { pairs[key]?.value }

        let id = value("id").flatMap { node -> String? in
            guard let text = reader.string(node, path: "id", role: .code, what: "id") else { return nil }
            guard !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }) else {
                // An invisible character, or a letter outside ASCII, has had its own finding, which names it.
                if hasHiddenCharacter(text) || !text.isAllASCII { return nil }
                let fixed = String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
                reader.report(
                    node.location, code: .invalidValue,
                    "id '\(text)' may use only lower-case letters, digits and '-'; write '\(fixed)' (the file name without .yaml)", suggestion: fixed)
                return nil
            }
            return text
        }
        let name = value("name").flatMap { reader.string($0, path: "name", role: .name, what: "name") }
        let mediaSources = value("media_sources").flatMap { node -> [String]? in
            guard let list = reader.strings(node, path: "media_sources", role: .code, what: "media source") else { return nil }
            if list.isEmpty {
                reader.report(node.location, code: .emptyValue, "'media_sources' is empty; list at least one media-source id")
            }
            return list
        }
        let auth = value("auth").flatMap { reader.choice($0, path: "auth", as: AuthStyle.self) }
        let adTypes = value("ad_types").flatMap { decodeAdTypes($0, reader: &reader) }

        var definition = PartnerDefinition(
            id: id ?? "", name: name ?? "", mediaSources: mediaSources ?? [], auth: auth ?? .credentials)
        if let node = value("aliases"), let aliases = reader.strings(node, path: "aliases", role: .identifier, what: "alias") {
            definition.aliases = aliases
        }
        if let node = value("per_user"), let flag = reader.bool(node, path: "per_user") { definition.perUser = flag }
        if let node = value("credentials_mutable"), let flag = reader.bool(node, path: "credentials_mutable") {
            definition.credentialsMutable = flag
        }
        if let node = value("agency"), let flag = reader.bool(node, path: "agency") { definition.agency = flag }
        if let node = value("roles"), let fields = reader.object(node, path: "roles", shape: roles) {
            if let list = fields["all_of"].flatMap({ reader.strings($0.value, path: "roles.all_of", role: .roleName, what: "role") }) { definition.roles.allOf = list }
            if let list = fields["any_of"].flatMap({ reader.strings($0.value, path: "roles.any_of", role: .roleName, what: "role") }) { definition.roles.anyOf = list }
        }
        if let node = value("credentials"), let fields = decodeFields(node, path: "credentials", reader: &reader) {
            definition.credentials = fields
        }
        if let node = value("partner_metrics"), let fields = reader.object(node, path: "partner_metrics", shape: partnerMetrics) {
            if let flag = fields["required"].flatMap({ reader.bool($0.value, path: "partner_metrics.required") }) {
                definition.partnerMetrics.required = flag
            }
            if let list = fields["credentials"].flatMap({ decodeFields($0.value, path: "partner_metrics.credentials", reader: &reader) }) {
                definition.partnerMetrics.credentials = list
            }
            if definition.partnerMetrics.required && definition.partnerMetrics.credentials.isEmpty {
                reader.report(
                    node.location, code: .emptyValue,
                    "partner_metrics is required but lists no credentials; add the fields or set required: false")
            }
        }
        if let adTypes { definition.adTypes = adTypes }
        if let node = value("supersedes"),
            let list = reader.list(node, path: "supersedes", item: { reader, child, path in decodeSuperseded(child, path: path, reader: &reader) })
        {
            definition.supersedes = list
        }
        if let node = value("roi360"), let fields = reader.object(node, path: "roi360", shape: roi360),
            let policy = fields["same_user"].flatMap({ reader.choice($0.value, path: "roi360.same_user", as: SameUserPolicy.self) })
        {
            definition.roi360.sameUser = policy
        }
        if let node = value("setup"), let fields = reader.object(node, path: "setup", shape: setup) {
            if let list = fields["prerequisites"].flatMap({ reader.strings($0.value, path: "setup.prerequisites") }) {
                definition.setup.prerequisites = list
            }
            if let list = fields["notes"].flatMap({ reader.strings($0.value, path: "setup.notes") }) { definition.setup.notes = list }
        }
        if let node = value("audiences"), !node.isNull {
            definition.audiences = decodeAudiences(node, reader: &reader)
        }
        guard id != nil, name != nil, mediaSources != nil, auth != nil, adTypes != nil else { return nil }
        return definition
    }

    /// `true` when the text holds a character ``InvisibleCharacterRule`` has already named.
    private static func hasHiddenCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: SourceCharacters.isHidden) || text.first?.isWhitespace == true || text.last?.isWhitespace == true
    }

    private static func decodeFields(_ node: YAMLNode, path: String, reader: inout NodeReader) -> [CredentialField]? {
        reader.list(node, path: path) { reader, child, childPath in decodeField(child, path: childPath, reader: &reader) }
    }

    private static func decodeField(_ node: YAMLNode, path: String, reader: inout NodeReader) -> CredentialField? {
        guard let fields = reader.object(node, path: path, shape: credentialField) else { return nil }
        func value(_ key: String) -> YAMLNode? { fields[key]?.value }
        let key = value("key").flatMap { node -> String? in
            guard let text = reader.string(node, path: "\(path).key", role: .code, what: "credential key") else { return nil }
            let valid = text.utf8.first.map { $0 >= 97 && $0 <= 122 } == true
                && text.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
            if !valid {
                if hasHiddenCharacter(text) || !text.isAllASCII { return nil }
                let fixed = String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
                reader.report(
                    node.location, code: .invalidValue,
                    "credential key '\(text)' may use only lower-case letters, digits and '_', starting with a letter; write '\(fixed)'",
                    suggestion: fixed)
                return nil
            }
            return text
        }
        let label = value("label").flatMap { reader.string($0, path: "\(path).label") }
        let kind = value("kind").flatMap { reader.choice($0, path: "\(path).kind", as: CredentialKind.self) }
        guard let key, let label, let kind else {
            // Still read the rest, so every problem in the field is reported in one run.
            for name in ["required", "secret"] { if let node = value(name) { _ = reader.bool(node, path: "\(path).\(name)") } }
            return nil
        }
        var field = CredentialField(key: key, label: label, kind: kind)
        if let flag = value("required").flatMap({ reader.bool($0, path: "\(path).required") }) { field.required = flag }
        if let flag = value("secret").flatMap({ reader.bool($0, path: "\(path).secret") }) { field.secret = flag }
        field.pattern = value("pattern").flatMap { reader.string($0, path: "\(path).pattern", optional: true) }
        field.minLength = value("min_length").flatMap { reader.integer($0, path: "\(path).min_length", minimum: 0) }
        field.maxLength = value("max_length").flatMap { reader.integer($0, path: "\(path).max_length", minimum: 1) }
        if let list = value("normalize").flatMap({ reader.choices($0, path: "\(path).normalize", as: Normalizer.self) }) {
            field.normalize = list
        }
        if let list = value("variants").flatMap({ reader.choices($0, path: "\(path).variants", as: Normalizer.self) }) {
            field.variants = list
        }
        if let node = value("fallback"), let pairs = reader.object(node, path: "\(path).fallback", shape: fallback),
            let fallbackKey = pairs["key"].flatMap({
                reader.string($0.value, path: "\(path).fallback.key", role: .code, what: "credential key")
            }),
            let fallbackLabel = pairs["label"].flatMap({ reader.string($0.value, path: "\(path).fallback.label") })
        {
            field.fallback = CredentialFallback(key: fallbackKey, label: fallbackLabel)
        }
        field.help = value("help").flatMap { reader.string($0, path: "\(path).help", optional: true) }
        field.notSecretBecause = value("not_secret_because").flatMap {
            reader.string($0, path: "\(path).not_secret_because", optional: true)
        }
        if let list = value("examples").flatMap({ reader.strings($0, path: "\(path).examples") }) { field.examples = list }
        return field
    }

    private static func decodeAdTypes(_ node: YAMLNode, reader: inout NodeReader) -> AdTypeRule? {
        guard let fields = reader.object(node, path: "ad_types", shape: adTypes) else { return nil }
        switch (fields["unsupported"], fields["supported"]) {
        case (let unsupported?, nil):
            return decodeAdTypeList(unsupported.value, path: "ad_types.unsupported", reader: &reader).map(AdTypeRule.unsupported)
        case (nil, let supported?):
            return decodeAdTypeList(supported.value, path: "ad_types.supported", reader: &reader).map(AdTypeRule.supported)
        case (_?, let supported?):
            reader.report(
                supported.keyLocation, code: .adTypesChoice,
                "ad_types takes only one of 'unsupported' (the ad types that stay ad-level) and 'supported' (the only ones that reach creative level); they mean opposite things, so delete the one that does not describe this partner")
            return nil
        case (nil, nil):
            reader.report(
                node.location, code: .adTypesChoice,
                "ad_types needs one of 'unsupported' (the ad types that stay ad-level) or 'supported' (the only ones that reach creative level); write {unsupported: []} when every ad type reaches creative level")
            return nil
        }
    }

    private static func decodeAdTypeList(_ node: YAMLNode, path: String, reader: inout NodeReader) -> [AdTypeName]? {
        reader.list(node, path: path) { reader, child, childPath -> AdTypeName? in
            if case .mapping = child.content {
                guard let fields = reader.object(child, path: childPath, shape: adType),
                    let name = fields["name"].flatMap({ reader.string($0.value, path: "\(childPath).name", role: .identifier, what: "ad type") })
                else { return nil }
                let aliases = fields["aliases"].flatMap { reader.strings($0.value, path: "\(childPath).aliases", role: .identifier, what: "ad type") } ?? []
                return AdTypeName(name: name, aliases: aliases)
            }
            return reader.string(child, path: childPath, role: .identifier, what: "ad type").map { AdTypeName(name: $0) }
        }
    }

    private static func decodeSuperseded(_ node: YAMLNode, path: String, reader: inout NodeReader) -> SupersededSource? {
        guard let fields = reader.object(node, path: path, shape: supersededSource) else { return nil }
        let source = fields["media_source"].flatMap { reader.string($0.value, path: "\(path).media_source", role: .code, what: "media source") }
        let name = fields["name"].flatMap { reader.string($0.value, path: "\(path).name") }
        let introduced = fields["introduced"].flatMap { reader.date($0.value, path: "\(path).introduced") }
        let deprecated = fields["deprecated"].flatMap { reader.date($0.value, path: "\(path).deprecated") }
        let duplicates = fields["duplicates"].flatMap { reader.choices($0.value, path: "\(path).duplicates", as: DuplicatedData.self) }
        guard let source, let name else { return nil }
        return SupersededSource(
            mediaSource: source, name: name, introduced: introduced, deprecated: deprecated, duplicates: duplicates ?? [])
    }

    private static func decodeAudiences(_ node: YAMLNode, reader: inout NodeReader) -> AudienceEndpoint? {
        guard let fields = reader.object(node, path: "audiences", shape: audiences) else { return nil }
        let identifiers = fields["identifiers"].flatMap { reader.choices($0.value, path: "audiences.identifiers", as: AudienceIdentifier.self) }
        let endpoint = fields["endpoint"].flatMap { reader.string($0.value, path: "audiences.endpoint") }
        var pattern: String?
        if let keyNode = fields["api_key"], let keyFields = reader.object(keyNode.value, path: "audiences.api_key", shape: apiKey) {
            pattern = keyFields["pattern"].flatMap { reader.string($0.value, path: "audiences.api_key.pattern") }
        }
        guard let identifiers, let endpoint else { return nil }
        return AudienceEndpoint(identifiers: identifiers, endpoint: endpoint, apiKeyPattern: pattern)
    }
}
