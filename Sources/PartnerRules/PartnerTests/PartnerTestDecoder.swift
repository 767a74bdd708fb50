/// Turns a test file's node tree into a ``PartnerTestFile``, with a finding for every key, value and
/// code that does not fit. Every key it takes is listed in ``PartnerTestDecoder/shapes``, which the
/// schema test holds equal to `schemas/partner-test.schema.json`; the request's keys are the request
/// JSON's own (``IntegrationRequest``'s coding keys), so a test says what `check` would be sent.
package enum PartnerTestDecoder {
    /// Every kind of mapping a test file contains, by the name the schema's `$defs` use.
    package static let shapes: [String: ObjectShape] = [
        "file": file, "case": testCase, "request": request, "oauth": oauth, "agency": agency, "roi360": roi360,
        "existing": existing, "expect": expect, "row": row,
    ]

    /// The codes `expect.errors` takes: every verdict error code.
    package static var errorCodes: [RuleCode] { RuleCode.allCases.filter { $0.family == .request && $0.severity == .error } }
    /// The codes `expect.warnings` takes: every verdict warning code.
    package static var warningCodes: [RuleCode] { RuleCode.allCases.filter { $0.family == .request && $0.severity == .warning } }

    static let file = ObjectShape(name: "a test file", keys: ["cases"], required: ["cases"], hints: ["cases": "'cases:' with a list of cases"])
    static let testCase = ObjectShape(
        name: "a case", keys: ["name", "today", "request", "existing", "expect", "rows"], required: ["name"],
        hints: ["name": "'name:' saying what the case shows"], example: "{name: CTV stays at ad level, rows: [...]}")
    static let request = ObjectShape(
        name: "request", keys: IntegrationRequest.CodingKeys.allCases.map(\.stringValue), required: ["partner"],
        hints: ["partner": "'partner:' with the partner's id, name, alias or media source"],
        example: "{partner: acme, apps: [com.acme.game]}")
    static let oauth = ObjectShape(
        name: "oauth", keys: OAuthGrant.CodingKeys.allCases.map(\.stringValue), example: "{granted: true, full_permissions: true}")
    static let agency = ObjectShape(
        name: "agency", keys: AgencyReference.CodingKeys.allCases.map(\.stringValue), required: ["id"],
        hints: ["id": "'id:' with the agency's id"], example: "{id: blue-agency, transparent: true}")
    static let roi360 = ObjectShape(
        name: "roi360", keys: ROI360Status.CodingKeys.allCases.map(\.stringValue), example: "{subscribed: true, integrated_by: ana@acme.example}")
    static let existing = ObjectShape(
        name: "an existing integration", keys: ExistingIntegration.CodingKeys.allCases.map(\.stringValue), required: ["apps"],
        hints: ["apps": "'apps:' with the apps it covers"], example: "{partner: acme, apps: [com.acme.game]}")
    static let expect = ObjectShape(
        name: "expect", keys: ["valid", "plan", "errors", "warnings", "credentials", "candidates"], example: "{valid: true, errors: []}")
    static let row = ObjectShape(
        name: "a row", keys: ["media_source", "ad_type", "app_id", "date", "expect"], required: ["media_source", "ad_type", "expect"],
        hints: [
            "media_source": "'media_source:' as the row carries it", "ad_type": "'ad_type:' as the row carries it",
            "expect": "'expect:' with creative, ad or duplicate",
        ],
        example: "{media_source: acme_int, ad_type: CTV, expect: ad}")

    /// Decodes a composed test file. Returns the file when it could be read, and the findings in either case.
    package static func decode(_ root: YAMLNode, file name: String) -> (file: PartnerTestFile?, findings: [Finding]) {
        var reader = NodeReader(file: name)
        guard let pairs = reader.object(root, path: "", shape: file), let casesNode = pairs["cases"]?.value else {
            return (nil, reader.findings)
        }
        let cases = reader.list(casesNode, path: "cases") { reader, node, path in decodeCase(node, path: path, file: name, reader: &reader) }
        if let cases, cases.isEmpty, case .sequence(let items) = casesNode.content, items.isEmpty {
            reader.report(casesNode.location, code: .emptyValue, "'cases' is empty; write at least one case")
        }
        return (cases.map { PartnerTestFile(file: name, cases: $0) }, reader.findings)
    }

    private static func decodeCase(_ node: YAMLNode, path: String, file: String, reader: inout NodeReader) -> PartnerTestCase? {
        guard let fields = reader.object(node, path: path, shape: testCase) else { return nil }
        let name = fields["name"].flatMap { reader.string($0.value, path: "\(path).name") }
        var references: [PartnerTestCase.Reference] = []
        var testCase = PartnerTestCase(name: name ?? "", place: SourcePlace(file: file, location: node.location))
        testCase.today = fields["today"].flatMap { reader.date($0.value, path: "\(path).today") }
        if let pair = fields["request"] {
            testCase.request = decodeRequest(pair.value, path: "\(path).request", reader: &reader, references: &references)
        }
        if let pair = fields["existing"] {
            testCase.existing =
                reader.list(pair.value, path: "\(path).existing") { reader, child, childPath in
                    decodeExisting(child, path: childPath, reader: &reader, references: &references)
                } ?? []
        }
        if let pair = fields["expect"] {
            if fields["request"] == nil {
                reader.report(
                    pair.keyLocation, code: .missingKey,
                    "'expect' says what a request's verdict must be, but the case has no 'request'; add one, or give each row its own 'expect'")
            }
            let partner = testCase.request?.partner
            testCase.expect = decodeExpect(pair.value, path: "\(path).expect", partner: partner, reader: &reader, references: &references)
        }
        if let pair = fields["rows"] {
            testCase.rows =
                reader.list(pair.value, path: "\(path).rows") { reader, child, childPath in
                    decodeRow(child, path: childPath, reader: &reader, references: &references)
                } ?? []
        }
        if fields["request"] == nil && fields["rows"] == nil {
            reader.report(node.location, code: .missingKey, "a case needs a 'request' (with 'expect') or 'rows' to test; add one")
        }
        testCase.references = references
        guard name != nil else { return nil }
        return testCase
    }

    private static func decodeRequest(
        _ node: YAMLNode, path: String, reader: inout NodeReader, references: inout [PartnerTestCase.Reference]
    ) -> IntegrationRequest? {
        guard let fields = reader.object(node, path: path, shape: request) else { return nil }
        typealias Key = IntegrationRequest.CodingKeys
        func value(_ key: Key) -> YAMLNode? { fields[key.stringValue]?.value }
        func at(_ key: Key) -> String { "\(path).\(key.stringValue)" }
        guard let partnerNode = value(.partner), let partner = reader.string(partnerNode, path: at(.partner)) else { return nil }
        references.append(.init(kind: .partner, text: partner, location: partnerNode.location))
        var result = IntegrationRequest(partner: partner, apps: [])
        if let node = value(.operation), let operation = reader.choice(node, path: at(.operation), as: IntegrationOperation.self) {
            result.operation = operation
        }
        if let node = value(.apps), let apps = reader.list(node, path: at(.apps), item: { $0.string($1, path: $2, allowEmpty: true) }) {
            result.apps = apps
        }
        result.user = value(.user).flatMap { reader.string($0, path: at(.user), allowEmpty: true) }
        if let node = value(.credentials), let map = stringMap(node, path: at(.credentials), reader: &reader) {
            result.credentials = Dictionary(map.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        }
        if let node = value(.partnerMetrics), let map = stringMap(node, path: at(.partnerMetrics), reader: &reader) {
            result.partnerMetrics = Dictionary(map.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        }
        if let node = value(.oauth), let pairs = reader.object(node, path: at(.oauth), shape: oauth) {
            var grant = OAuthGrant()
            grant.granted = pairs["granted"].flatMap { reader.bool($0.value, path: "\(at(.oauth)).granted") }
            grant.fullPermissions = pairs["full_permissions"].flatMap { reader.bool($0.value, path: "\(at(.oauth)).full_permissions") }
            result.oauth = grant
        }
        if let node = value(.agency), let pairs = reader.object(node, path: at(.agency), shape: agency),
            let id = pairs["id"].flatMap({ reader.string($0.value, path: "\(at(.agency)).id") })
        {
            result.agency = AgencyReference(id: id, transparent: pairs["transparent"].flatMap { reader.bool($0.value, path: "\(at(.agency)).transparent") })
        }
        if let node = value(.roles) { result.roles = reader.strings(node, path: at(.roles)) }
        if let node = value(.roi360), let pairs = reader.object(node, path: at(.roi360), shape: roi360) {
            result.roi360 = ROI360Status(
                subscribed: pairs["subscribed"].flatMap { reader.bool($0.value, path: "\(at(.roi360)).subscribed") },
                integratedBy: pairs["integrated_by"].flatMap { reader.string($0.value, path: "\(at(.roi360)).integrated_by") })
        }
        return result
    }

    private static func decodeExisting(
        _ node: YAMLNode, path: String, reader: inout NodeReader, references: inout [PartnerTestCase.Reference]
    ) -> ExistingIntegration? {
        guard let fields = reader.object(node, path: path, shape: existing) else { return nil }
        func text(_ key: ExistingIntegration.CodingKeys) -> String? {
            fields[key.stringValue].flatMap { reader.string($0.value, path: "\(path).\(key.stringValue)") }
        }
        var integration = ExistingIntegration(partner: text(.partner), mediaSource: text(.mediaSource), apps: [], user: text(.user), agency: text(.agency))
        if let apps = fields["apps"].flatMap({ reader.strings($0.value, path: "\(path).apps") }) { integration.apps = apps }
        for key in [ExistingIntegration.CodingKeys.partner, .mediaSource] {
            if let pair = fields[key.stringValue], let name = pair.value.scalar {
                references.append(.init(kind: .partner, text: name, location: pair.value.location))
            }
        }
        if integration.partner == nil && integration.mediaSource == nil {
            reader.report(node.location, code: .missingKey, "an existing integration needs 'partner' or 'media_source' to say whose it is; add one")
        }
        return integration
    }

    private static func decodeExpect(
        _ node: YAMLNode, path: String, partner: String?, reader: inout NodeReader, references: inout [PartnerTestCase.Reference]
    ) -> VerdictExpectation {
        var expectation = VerdictExpectation()
        guard let fields = reader.object(node, path: path, shape: expect) else { return expectation }
        expectation.valid = fields["valid"].flatMap { reader.bool($0.value, path: "\(path).valid") }
        expectation.plan = fields["plan"].flatMap { reader.choice($0.value, path: "\(path).plan", as: IntegrationPlan.self) }
        expectation.errors = fields["errors"].flatMap { codes($0.value, path: "\(path).errors", severity: .error, reader: &reader) }
        expectation.warnings = fields["warnings"].flatMap { codes($0.value, path: "\(path).warnings", severity: .warning, reader: &reader) }
        if let pair = fields["credentials"], let map = stringMap(pair.value, path: "\(path).credentials", reader: &reader) {
            expectation.credentials = Dictionary(map.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            if let partner {
                references += map.map { .init(kind: .expectedCredential(partner: partner, value: $0.value), text: $0.key, location: $0.location) }
            }
        }
        if let pair = fields["candidates"], case .mapping(let pairs) = pair.value.content {
            var candidates: [String: [String]] = [:]
            for entry in pairs {
                if let list = reader.strings(entry.value, path: "\(path).candidates.\(entry.key)") { candidates[entry.key] = list }
                if let partner { references.append(.init(kind: .expectedCredential(partner: partner, value: nil), text: entry.key, location: entry.keyLocation)) }
            }
            expectation.candidates = candidates
        } else if let pair = fields["candidates"] {
            _ = reader.object(pair.value, path: "\(path).candidates", shape: ObjectShape(name: "candidates", keys: []))
        }
        return expectation
    }

    private static func decodeRow(
        _ node: YAMLNode, path: String, reader: inout NodeReader, references: inout [PartnerTestCase.Reference]
    ) -> RowExpectation? {
        guard let fields = reader.object(node, path: path, shape: row) else { return nil }
        func text(_ key: String, allowEmpty: Bool = false) -> String? {
            guard let node = fields[key]?.value, let value = reader.string(node, path: "\(path).\(key)", allowEmpty: allowEmpty) else { return nil }
            if value.contains(where: { $0 == "\n" || $0 == "\r" }) {
                reader.report(node.location, code: .invalidValue, "a row's '\(key)' cannot hold a line break; write it on one line")
                return nil
            }
            return value
        }
        let mediaSource = text("media_source")
        let adType = text("ad_type", allowEmpty: true)
        let outcome = fields["expect"].flatMap { reader.choice($0.value, path: "\(path).expect", as: RowOutcome.self) }
        if let pair = fields["media_source"], let mediaSource {
            references.append(.init(kind: .rowMediaSource, text: mediaSource, location: pair.value.location))
        }
        guard let mediaSource, let adType, let outcome else { return nil }
        return RowExpectation(
            mediaSource: mediaSource, adType: adType, appID: text("app_id"), date: text("date"), expect: outcome, location: node.location)
    }

    /// A mapping of free keys to text (credential values), in file order with each value's place.
    private static func stringMap(
        _ node: YAMLNode, path: String, reader: inout NodeReader
    ) -> [(key: String, value: String, location: SourceLocation)]? {
        guard case .mapping(let pairs) = node.content else {
            _ = reader.object(node, path: path, shape: ObjectShape(name: path.split(separator: ".").last.map(String.init) ?? path, keys: []))
            return nil
        }
        return pairs.compactMap { pair in
            reader.string(pair.value, path: "\(path).\(pair.key)", allowEmpty: true).map { (pair.key, $0, pair.keyLocation) }
        }
    }

    /// A list of verdict codes of one severity; an unknown code, or one of the other severity, gets a finding with the fix.
    private static func codes(_ node: YAMLNode, path: String, severity: Severity, reader: inout NodeReader) -> [RuleCode]? {
        let allowed = severity == .error ? errorCodes : warningCodes
        return reader.list(node, path: path) { reader, child, childPath -> RuleCode? in
            guard let text = reader.string(child, path: childPath) else { return nil }
            if let code = RuleCode(rawValue: text), allowed.contains(code) { return code }
            if let code = RuleCode(rawValue: text), code.family == .request {
                let other = severity == .error ? "warnings" : "errors"
                reader.report(
                    child.location, code: .unknownValue,
                    "'\(text)' is a verdict \(code.severity.rawValue), not \(severity == .error ? "an error" : "a warning"); list it under '\(other)'")
                return nil
            }
            let names = allowed.map(\.rawValue)
            if let suggestion = Suggestions.nearest(to: text, in: names) {
                reader.report(
                    child.location, code: .unknownValue, "unknown verdict code '\(text)'; did you mean '\(suggestion)'?", suggestion: suggestion)
            } else {
                reader.report(
                    child.location, code: .unknownValue,
                    "unknown verdict code '\(text)'; use one of \(names.map { "'\($0)'" }.joined(separator: ", "))")
            }
            return nil
        }
    }
}
