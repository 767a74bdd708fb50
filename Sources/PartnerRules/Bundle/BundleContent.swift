internal import ByteIO

/// A bundle's payload: the revision, the files, the settings and the partners, in the form ``BinaryWriter`` writes.
///
/// In order (format version 2; version 1 had no `not_secret_because` and `examples` on credential fields): the revision (a text); the files (a count, then each name and its bytes, in byte
/// order of name as ``Catalog/sourceFiles`` holds them; none for a catalog built from definitions); the
/// settings; the partners (a count, then each partner file: its name as loaded, its definition, and the place of
/// each decoded value, by path, in path order). Enumerations are written as their YAML spellings, so reordering
/// cases in the code never changes what a bundle means; an optional value is a `0` byte, or `1` and the value.
/// Adding a key to the partner format changes this layout and needs a new ``CatalogBundle/formatVersion``
/// (`BundleTests` holds the number of stored properties of each type written here).
struct BundleContent {
    var revision: String
    var files: [CatalogSourceFile]
    var settings: CatalogSettings
    var documents: [PartnerDocument]

    static func write(_ catalog: Catalog, into writer: inout BinaryWriter) {
        writer.string(catalog.revision)
        writer.count(catalog.sourceFiles.count)
        for file in catalog.sourceFiles {
            writer.string(file.name)
            writer.bytes(file.bytes)
        }
        writer.settings(catalog.settings)
        writer.count(catalog.compiled.partners.count)
        for partner in catalog.compiled.partners { writer.document(partner.document) }
    }

    static func read(_ reader: inout BinaryReader, version: Int) throws(BinaryReader.Failure) -> BundleContent {
        let revision = try reader.string("the revision")
        let files = try reader.array("the files") { reader throws(BinaryReader.Failure) in
            CatalogSourceFile(name: try reader.string("a file name"), bytes: Array(try reader.bytes("a file's bytes")))
        }
        let settings = try reader.settings()
        let documents = try reader.array("the partners") { reader throws(BinaryReader.Failure) in try reader.document(version: version) }
        try reader.expectEnd("the end of the payload")
        return BundleContent(revision: revision, files: files, settings: settings, documents: documents)
    }
}

// MARK: - Writing

extension BinaryWriter {
    mutating func strings(_ values: [String]) {
        count(values.count)
        for value in values { string(value) }
    }

    mutating func optional<Value>(_ value: Value?, _ write: (inout BinaryWriter, Value) -> Void) {
        guard let value else { return byte(0) }
        byte(1)
        write(&self, value)
    }

    mutating func spellings<Value: RawRepresentable<String>>(_ values: [Value]) {
        strings(values.map(\.rawValue))
    }

    mutating func settings(_ settings: CatalogSettings) {
        let availability = settings.dataAvailability
        integer(availability.backfillDays)
        integer(availability.firstDataWithinHours)
        integer(availability.creativePullsPerDay)
        integer(availability.performanceRefreshHours)
        string(availability.dashboardRefreshUTC)
        strings(settings.notes)
    }

    mutating func document(_ document: PartnerDocument) {
        string(document.file)
        definition(document.definition)
        let paths = document.locations.keys.sorted()
        count(paths.count)
        for path in paths {
            let location = document.locations[path] ?? .start
            string(path)
            count(location.line)
            count(location.column)
        }
    }

    mutating func definition(_ definition: PartnerDefinition) {
        string(definition.id)
        string(definition.name)
        strings(definition.mediaSources)
        strings(definition.aliases)
        string(definition.auth.rawValue)
        bool(definition.perUser)
        bool(definition.credentialsMutable)
        bool(definition.agency)
        strings(definition.roles.allOf)
        strings(definition.roles.anyOf)
        fields(definition.credentials)
        bool(definition.partnerMetrics.required)
        fields(definition.partnerMetrics.credentials)
        string(definition.adTypes.fileKey)
        count(definition.adTypes.names.count)
        for adType in definition.adTypes.names {
            string(adType.name)
            strings(adType.aliases)
        }
        count(definition.supersedes.count)
        for superseded in definition.supersedes {
            string(superseded.mediaSource)
            string(superseded.name)
            optional(superseded.introduced) { $0.date($1) }
            optional(superseded.deprecated) { $0.date($1) }
            spellings(superseded.duplicates)
        }
        string(definition.roi360.sameUser.rawValue)
        strings(definition.setup.prerequisites)
        strings(definition.setup.notes)
        optional(definition.audiences) { writer, audiences in
            writer.spellings(audiences.identifiers)
            writer.string(audiences.endpoint)
            writer.optional(audiences.apiKeyPattern) { $0.string($1) }
        }
    }

    mutating func fields(_ fields: [CredentialField]) {
        count(fields.count)
        for field in fields {
            string(field.key)
            string(field.label)
            string(field.kind.rawValue)
            bool(field.required)
            bool(field.secret)
            optional(field.pattern) { $0.string($1) }
            optional(field.minLength) { $0.integer($1) }
            optional(field.maxLength) { $0.integer($1) }
            spellings(field.normalize)
            spellings(field.variants)
            optional(field.fallback) { writer, fallback in
                writer.string(fallback.key)
                writer.string(fallback.label)
            }
            optional(field.help) { $0.string($1) }
            optional(field.notSecretBecause) { $0.string($1) }
            strings(field.examples)
        }
    }

    mutating func date(_ date: CalendarDate) {
        integer(date.year)
        count(date.month)
        count(date.day)
    }
}

// MARK: - Reading

extension BinaryReader {
    mutating func strings(_ what: String) throws(Failure) -> [String] {
        try array(what) { reader throws(Failure) in try reader.string(what) }
    }

    mutating func optional<Value>(
        _ what: String, _ read: (inout BinaryReader) throws(Failure) -> Value
    ) throws(Failure) -> Value? {
        let start = offset
        switch try byte(what) {
        case 0: return nil
        case 1: return try read(&self)
        default: throw .invalid(what: what, offset: start)
        }
    }

    /// A value of an enumeration, by its spelling.
    mutating func spelling<Value: RawRepresentable<String>>(_ what: String, as type: Value.Type) throws(Failure) -> Value {
        let start = offset
        guard let value = Value(rawValue: try string(what)) else { throw .invalid(what: what, offset: start) }
        return value
    }

    mutating func spellings<Value: RawRepresentable<String>>(_ what: String, as type: Value.Type) throws(Failure) -> [Value] {
        try array(what) { reader throws(Failure) in try reader.spelling(what, as: type) }
    }

    mutating func settings() throws(Failure) -> CatalogSettings {
        let availability = DataAvailability(
            backfillDays: try integer("the backfill days"),
            firstDataWithinHours: try integer("the hours to the first data"),
            creativePullsPerDay: try integer("the creative pulls a day"),
            performanceRefreshHours: try integer("the performance refresh hours"),
            dashboardRefreshUTC: try string("the dashboard refresh time"))
        return CatalogSettings(dataAvailability: availability, notes: try strings("the settings' notes"))
    }

    mutating func document(version: Int) throws(Failure) -> PartnerDocument {
        let file = try string("a partner's file name")
        let definition = try definition(version: version)
        let count = try count("the places of a partner's values")
        var locations: [String: SourceLocation] = [:]
        locations.reserveCapacity(count)
        for _ in 0..<count {
            let start = offset
            let path = try string("a value's path")
            let line = try self.count("a line", limit: Int(UInt32.max))
            let column = try self.count("a column", limit: Int(UInt32.max))
            guard locations.updateValue(SourceLocation(line: line, column: column), forKey: path) == nil else {
                throw .invalid(what: "a value's path (given twice)", offset: start)
            }
        }
        return PartnerDocument(definition: definition, file: file, locations: locations)
    }

    mutating func definition(version: Int) throws(Failure) -> PartnerDefinition {
        let id = try string("a partner id")
        let name = try string("a partner name")
        let mediaSources = try strings("the media sources")
        let aliases = try strings("the aliases")
        let auth = try spelling("auth", as: AuthStyle.self)
        let perUser = try bool("per_user")
        let credentialsMutable = try bool("credentials_mutable")
        let agency = try bool("agency")
        let roles = RoleRequirement(allOf: try strings("roles.all_of"), anyOf: try strings("roles.any_of"))
        let credentials = try fields("credentials", version: version)
        let partnerMetrics = PartnerMetrics(
            required: try bool("partner_metrics.required"), credentials: try fields("partner_metrics.credentials", version: version))
        let listStart = offset
        let list = try string("ad_types")
        let adTypeNames = try array("ad_types") { reader throws(Failure) in
            AdTypeName(name: try reader.string("an ad type"), aliases: try reader.strings("an ad type's aliases"))
        }
        guard let adTypes = AdTypeRule(fileKey: list, names: adTypeNames) else {
            throw .invalid(what: "ad_types", offset: listStart)
        }
        let supersedes = try array("supersedes") { reader throws(Failure) in
            SupersededSource(
                mediaSource: try reader.string("a superseded media source"),
                name: try reader.string("a superseded source's name"),
                introduced: try reader.optional("introduced") { reader throws(Failure) in try reader.date("introduced") },
                deprecated: try reader.optional("deprecated") { reader throws(Failure) in try reader.date("deprecated") },
                duplicates: try reader.spellings("duplicates", as: DuplicatedData.self))
        }
        let roi360 = ROI360Policy(sameUser: try spelling("roi360.same_user", as: SameUserPolicy.self))
        let setup = Setup(prerequisites: try strings("setup.prerequisites"), notes: try strings("setup.notes"))
        let audiences = try optional("audiences") { reader throws(Failure) in
            AudienceEndpoint(
                identifiers: try reader.spellings("audiences.identifiers", as: AudienceIdentifier.self),
                endpoint: try reader.string("audiences.endpoint"),
                apiKeyPattern: try reader.optional("audiences.api_key") { reader throws(Failure) in try reader.string("audiences.api_key") })
        }
        return PartnerDefinition(
            id: id, name: name, mediaSources: mediaSources, aliases: aliases, auth: auth, perUser: perUser,
            credentialsMutable: credentialsMutable, agency: agency, roles: roles, credentials: credentials,
            partnerMetrics: partnerMetrics, adTypes: adTypes, supersedes: supersedes, roi360: roi360, setup: setup,
            audiences: audiences)
    }

    mutating func fields(_ what: String, version: Int) throws(Failure) -> [CredentialField] {
        try array(what) { reader throws(Failure) in
            var field = CredentialField(
                key: try reader.string("a credential key"),
                label: try reader.string("a credential label"),
                kind: try reader.spelling("a credential kind", as: CredentialKind.self),
                required: try reader.bool("required"),
                secret: try reader.bool("secret"),
                pattern: try reader.optional("pattern") { reader throws(Failure) in try reader.string("pattern") },
                minLength: try reader.optional("min_length") { reader throws(Failure) in try reader.integer("min_length") },
                maxLength: try reader.optional("max_length") { reader throws(Failure) in try reader.integer("max_length") },
                normalize: try reader.spellings("normalize", as: Normalizer.self),
                variants: try reader.spellings("variants", as: Normalizer.self),
                fallback: try reader.optional("fallback") { reader throws(Failure) in
                    CredentialFallback(key: try reader.string("a fallback key"), label: try reader.string("a fallback label"))
                },
                help: try reader.optional("help") { reader throws(Failure) in try reader.string("help") })
            // Version 1 had neither key.
            if version >= 2 {
                field.notSecretBecause = try reader.optional("not_secret_because") { reader throws(Failure) in
                    try reader.string("not_secret_because")
                }
                field.examples = try reader.strings("examples")
            }
            return field
        }
    }

    mutating func date(_ what: String) throws(Failure) -> CalendarDate {
        let start = offset
        let year = try integer(what)
        let month = try count(what, limit: 12)
        let day = try count(what, limit: 31)
        guard (0...9999).contains(year), month >= 1, day >= 1, day <= CalendarDate.days(inMonth: month, year: year) else {
            throw .invalid(what: what, offset: start)
        }
        return CalendarDate(year: year, month: month, day: day)
    }
}
