/// Requests and existing integrations as JSON: the one reader (strict and fast: the member names
/// are the types' coding keys, unknown and duplicate keys are refused, and every error carries its
/// line, column and JSON path) and the one writer. The `Codable` conformances are derived from
/// these two (``JSONBridge``), so they accept and write exactly the same.
extension IntegrationRequest {
    /// Reads one request from a JSON document.
    ///
    /// - Parameters:
    ///   - json: the document's bytes.
    ///   - firstLine: the line number of the first byte, for a line of an NDJSON stream.
    public static func decode(json: UnsafeBufferPointer<UInt8>, firstLine: Int = 1) throws(JSONInputError) -> IntegrationRequest {
        var scanner = JSONScanner(json, firstLine: firstLine)
        let request = try read(from: &scanner)
        try scanner.expectEnd()
        return request
    }

    /// Reads one request from a JSON document.
    public static func decode(json: [UInt8]) throws(JSONInputError) -> IntegrationRequest {
        try json.withUnsafeBufferPointer { buffer throws(JSONInputError) in try decode(json: buffer) }
    }

    static func read(from scanner: inout JSONScanner) throws(JSONInputError) -> IntegrationRequest {
        var request = IntegrationRequest(partner: "", apps: [])
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(&first) {
            guard let member = CodingKeys.member(key) else {
                throw scanner.unknownKey(key, known: CodingKeys.allCases.map(\.stringValue))
            }
            try request.read(member, from: &scanner)
        }
        return request
    }

    /// Reads the value of one member; the scanner is at the value.
    @inline(__always)
    mutating func read(_ member: CodingKeys, from scanner: inout JSONScanner) throws(JSONInputError) {
        switch member {
        case .operation:
            let start = scanner.valueStart()
            if let text = try scanner.readOptionalString() {
                guard let operation = IntegrationOperation(rawValue: text) else {
                    throw scanner.fail("operation must be 'create' or 'update'", at: start)
                }
                self.operation = operation
            }
        case .partner: partner = try scanner.readOptionalString() ?? ""
        case .apps: apps = try scanner.readOptionalStringArray() ?? []
        case .user: user = try scanner.readOptionalString()
        case .credentials: credentials = try scanner.readOptionalStringMap() ?? [:]
        case .oauth: oauth = try scanner.readNull() ? nil : OAuthGrant.read(from: &scanner)
        case .partnerMetrics: partnerMetrics = try scanner.readOptionalStringMap()
        case .agency: agency = try scanner.readNull() ? nil : AgencyReference.read(from: &scanner)
        case .roles: roles = try scanner.readOptionalStringArray()
        case .roi360: roi360 = try scanner.readNull() ? nil : ROI360Status.read(from: &scanner)
        }
    }
}

extension OAuthGrant {
    static func read(from scanner: inout JSONScanner) throws(JSONInputError) -> OAuthGrant {
        var grant = OAuthGrant()
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(&first) {
            switch CodingKeys(rawValue: key) {
            case .granted: grant.granted = try scanner.readOptionalBool()
            case .fullPermissions: grant.fullPermissions = try scanner.readOptionalBool()
            case nil: throw scanner.unknownKey(key, known: CodingKeys.allCases.map(\.stringValue))
            }
        }
        return grant
    }
}

extension AgencyReference {
    static func read(from scanner: inout JSONScanner) throws(JSONInputError) -> AgencyReference {
        var id: String?
        var transparent: Bool?
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(&first) {
            switch CodingKeys(rawValue: key) {
            case .id: id = try scanner.readString()
            case .transparent: transparent = try scanner.readOptionalBool()
            case nil: throw scanner.unknownKey(key, known: CodingKeys.allCases.map(\.stringValue))
            }
        }
        guard let id else { throw scanner.fail("the agency has no id; add \"id\" with the agency's id") }
        return AgencyReference(id: id, transparent: transparent)
    }
}

extension ROI360Status {
    static func read(from scanner: inout JSONScanner) throws(JSONInputError) -> ROI360Status {
        var status = ROI360Status()
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(&first) {
            switch CodingKeys(rawValue: key) {
            case .subscribed: status.subscribed = try scanner.readOptionalBool()
            case .integratedBy: status.integratedBy = try scanner.readOptionalString()
            case nil: throw scanner.unknownKey(key, known: CodingKeys.allCases.map(\.stringValue))
            }
        }
        return status
    }
}

extension ExistingIntegration {
    /// Reads a JSON array of active integrations (the `--existing` file).
    public static func decodeList(json: [UInt8]) throws(JSONInputError) -> [ExistingIntegration] {
        try json.withUnsafeBufferPointer { buffer throws(JSONInputError) in
            var scanner = JSONScanner(buffer)
            let list = try readList(from: &scanner)
            try scanner.expectEnd()
            return list
        }
    }

    static func readList(from scanner: inout JSONScanner) throws(JSONInputError) -> [ExistingIntegration] {
        var list: [ExistingIntegration] = []
        try scanner.beginArray()
        var index = 0
        while try scanner.nextElement(&index) { list.append(try read(from: &scanner)) }
        return list
    }

    static func read(from scanner: inout JSONScanner) throws(JSONInputError) -> ExistingIntegration {
        var integration = ExistingIntegration(apps: [])
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(&first) {
            switch CodingKeys(rawValue: key) {
            case .partner: integration.partner = try scanner.readOptionalString()
            case .mediaSource: integration.mediaSource = try scanner.readOptionalString()
            case .apps: integration.apps = try scanner.readOptionalStringArray() ?? []
            case .user: integration.user = try scanner.readOptionalString()
            case .agency: integration.agency = try scanner.readOptionalString()
            case nil: throw scanner.unknownKey(key, known: CodingKeys.allCases.map(\.stringValue))
            }
        }
        return integration
    }
}

extension IntegrationRequest.CodingKeys {
    /// `init(rawValue:)` without comparing the key against every case in turn.
    static func member(_ key: String) -> Self? {
        let candidate: Self
        switch (key.utf8.count, key.utf8.first) {
        case (9, UInt8(ascii: "o")): candidate = .operation
        case (7, UInt8(ascii: "p")): candidate = .partner
        case (4, UInt8(ascii: "a")): candidate = .apps
        case (4, UInt8(ascii: "u")): candidate = .user
        case (11, UInt8(ascii: "c")): candidate = .credentials
        case (5, UInt8(ascii: "o")): candidate = .oauth
        case (15, UInt8(ascii: "p")): candidate = .partnerMetrics
        case (6, UInt8(ascii: "a")): candidate = .agency
        case (5, UInt8(ascii: "r")): candidate = .roles
        case (6, UInt8(ascii: "r")): candidate = .roi360
        default: return nil
        }
        return candidate.stringValue == key ? candidate : nil
    }
}

// MARK: Writing

extension IntegrationRequest {
    /// The request as JSON; members that are `nil` are left out, maps are sorted by key.
    public func jsonBytes() -> [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member(CodingKeys.operation.stringValue, string: operation.rawValue)
        writer.member(CodingKeys.partner.stringValue, string: partner)
        writer.key(CodingKeys.apps.stringValue)
        writer.stringArray(apps)
        if let user { writer.member(CodingKeys.user.stringValue, string: user) }
        writer.key(CodingKeys.credentials.stringValue)
        writer.stringMap(credentials)
        if let oauth { writer.member(CodingKeys.oauth.stringValue) { oauth.write(to: &$0) } }
        if let partnerMetrics {
            writer.key(CodingKeys.partnerMetrics.stringValue)
            writer.stringMap(partnerMetrics)
        }
        if let agency { writer.member(CodingKeys.agency.stringValue) { agency.write(to: &$0) } }
        if let roles {
            writer.key(CodingKeys.roles.stringValue)
            writer.stringArray(roles)
        }
        if let roi360 { writer.member(CodingKeys.roi360.stringValue) { roi360.write(to: &$0) } }
        writer.endObject()
    }
}

extension OAuthGrant {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let granted { writer.member(CodingKeys.granted.stringValue, bool: granted) }
        if let fullPermissions { writer.member(CodingKeys.fullPermissions.stringValue, bool: fullPermissions) }
        writer.endObject()
    }
}

extension AgencyReference {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member(CodingKeys.id.stringValue, string: id)
        if let transparent { writer.member(CodingKeys.transparent.stringValue, bool: transparent) }
        writer.endObject()
    }
}

extension ROI360Status {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let subscribed { writer.member(CodingKeys.subscribed.stringValue, bool: subscribed) }
        if let integratedBy { writer.member(CodingKeys.integratedBy.stringValue, string: integratedBy) }
        writer.endObject()
    }
}

extension ExistingIntegration {
    /// A list of active integrations as JSON (the `--existing` file).
    public static func jsonBytes(_ list: [ExistingIntegration]) -> [UInt8] {
        var writer = JSONWriter()
        writer.array(list) { writer, integration in integration.write(to: &writer) }
        return writer.bytes
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let partner { writer.member(CodingKeys.partner.stringValue, string: partner) }
        if let mediaSource { writer.member(CodingKeys.mediaSource.stringValue, string: mediaSource) }
        writer.key(CodingKeys.apps.stringValue)
        writer.stringArray(apps)
        if let user { writer.member(CodingKeys.user.stringValue, string: user) }
        if let agency { writer.member(CodingKeys.agency.stringValue, string: agency) }
        writer.endObject()
    }
}

extension JSONWriter {
    /// An object of strings, sorted by key.
    mutating func stringMap(_ values: [String: String]) {
        beginObject()
        for key in values.keys.sorted() {
            self.key(key)
            string(values[key] ?? "")
        }
        endObject()
    }
}

// MARK: Codable, derived from the reader and the writer

extension IntegrationRequest: Codable {
    public init(from decoder: any Decoder) throws { self = try JSONBridge.decode(from: decoder, Self.read) }
    public func encode(to encoder: any Encoder) throws { try JSONBridge.encode(to: encoder, write) }
}

extension OAuthGrant: Codable {
    public init(from decoder: any Decoder) throws { self = try JSONBridge.decode(from: decoder, Self.read) }
    public func encode(to encoder: any Encoder) throws { try JSONBridge.encode(to: encoder, write) }
}

extension AgencyReference: Codable {
    public init(from decoder: any Decoder) throws { self = try JSONBridge.decode(from: decoder, Self.read) }
    public func encode(to encoder: any Encoder) throws { try JSONBridge.encode(to: encoder, write) }
}

extension ROI360Status: Codable {
    public init(from decoder: any Decoder) throws { self = try JSONBridge.decode(from: decoder, Self.read) }
    public func encode(to encoder: any Encoder) throws { try JSONBridge.encode(to: encoder, write) }
}

extension ExistingIntegration: Codable {
    public init(from decoder: any Decoder) throws { self = try JSONBridge.decode(from: decoder, Self.read) }
    public func encode(to encoder: any Encoder) throws { try JSONBridge.encode(to: encoder, write) }
}
