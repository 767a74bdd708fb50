/// Reading requests and existing integrations from JSON bytes, strictly and fast: the member
/// names are the types' coding keys, unknown and duplicate keys are refused, and every error
/// carries its line, column and JSON path. Accepts exactly what the `Codable` conformances accept.
extension IntegrationRequest {
    /// Reads one request from a JSON document.
    ///
    /// - Parameter firstLine: the line number of the first byte, for a line of an NDJSON stream.
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
            switch member {
            case .operation:
                let start = scanner.valueStart()
                if let text = try scanner.readOptionalString() {
                    guard let operation = IntegrationOperation(rawValue: text) else {
                        throw scanner.fail("operation must be 'create' or 'update'", at: start)
                    }
                    request.operation = operation
                }
            case .partner: request.partner = try scanner.readOptionalString() ?? ""
            case .apps: request.apps = try scanner.readOptionalStringArray() ?? []
            case .user: request.user = try scanner.readOptionalString()
            case .credentials: request.credentials = try scanner.readOptionalStringMap() ?? [:]
            case .oauth: request.oauth = try scanner.readNull() ? nil : OAuthGrant.read(from: &scanner)
            case .partnerMetrics: request.partnerMetrics = try scanner.readOptionalStringMap()
            case .agency: request.agency = try scanner.readNull() ? nil : AgencyReference.read(from: &scanner)
            case .roles: request.roles = try scanner.readOptionalStringArray()
            case .roi360: request.roi360 = try scanner.readNull() ? nil : ROI360Status.read(from: &scanner)
            }
        }
        return request
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
            var list: [ExistingIntegration] = []
            try scanner.beginArray()
            var index = 0
            while try scanner.nextElement(&index) { list.append(try read(from: &scanner)) }
            try scanner.expectEnd()
            return list
        }
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
