/// What a service sends to be checked (the body of `serve`'s `POST /v1/check`): a bare request,
/// or an envelope `{"request": {…}, "existing": […], "today": "YYYY-MM-DD"}`.
///
/// Read in one pass by the same reader as requests, so every error names its line, column and
/// JSON path (`request.apps[1]`, `existing[0].partner`, `today`).
public struct CheckBody: Sendable, Hashable {
    /// The request to check.
    public var request: IntegrationRequest
    /// The integrations already active for the account.
    public var existing: [ExistingIntegration]
    /// The day deprecation is judged against; `nil`: today.
    public var today: CalendarDate?

    /// A body built in code, as the envelope form gives it.
    public init(request: IntegrationRequest, existing: [ExistingIntegration] = [], today: CalendarDate? = nil) {
        self.request = request
        self.existing = existing
        self.today = today
    }

    private enum EnvelopeKey: String, CaseIterable {
        case request, existing, today
    }

    /// Reads a bare request or an envelope; which one is told by its keys.
    public static func decode(json: [UInt8]) throws(JSONInputError) -> CheckBody {
        try json.withUnsafeBufferPointer { buffer throws(JSONInputError) in
            var scanner = JSONScanner(buffer)
            let body = try read(from: &scanner)
            try scanner.expectEnd()
            return body
        }
    }

    static func read(from scanner: inout JSONScanner) throws(JSONInputError) -> CheckBody {
        var body = CheckBody(request: IntegrationRequest(partner: "", apps: []))
        /// `nil` until the first key tells a bare request from an envelope.
        var isEnvelope: Bool?
        var hasRequest = false
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(&first) {
            if isEnvelope != true, let member = IntegrationRequest.CodingKeys.member(key) {
                isEnvelope = false
                try body.request.read(member, from: &scanner)
                continue
            }
            guard isEnvelope != false, let member = EnvelopeKey(rawValue: key) else {
                let known: [String]
                switch isEnvelope {
                case true?: known = EnvelopeKey.allCases.map(\.rawValue)
                case false?: known = IntegrationRequest.CodingKeys.allCases.map(\.stringValue)
                case nil: known = EnvelopeKey.allCases.map(\.rawValue) + IntegrationRequest.CodingKeys.allCases.map(\.stringValue)
                }
                if isEnvelope == false, EnvelopeKey(rawValue: key) != nil {
                    throw scanner.keyError("'\(key)' needs an envelope; put the request's members under \"request\" beside it")
                }
                if isEnvelope == true, IntegrationRequest.CodingKeys.member(key) != nil {
                    throw scanner.keyError("'\(key)' belongs inside \"request\"; an envelope has request, existing and today")
                }
                throw scanner.unknownKey(key, known: known)
            }
            isEnvelope = true
            switch member {
            case .request:
                body.request = try IntegrationRequest.read(from: &scanner)
                hasRequest = true
            case .existing:
                body.existing = try ExistingIntegration.readList(from: &scanner)
            case .today:
                if let day = try CalendarDate.readOptional(from: &scanner) { body.today = day }
            }
        }
        if isEnvelope == true, !hasRequest {
            throw scanner.fail("the envelope has no \"request\"; put the request under \"request\"")
        }
        return body
    }
}

extension CalendarDate {
    /// `today` as JSON gives it: `YYYY-MM-DD`, or `nil` for `null`.
    static func readOptional(from scanner: inout JSONScanner) throws(JSONInputError) -> CalendarDate? {
        let start = scanner.valueStart()
        guard let text = try scanner.readOptionalString() else { return nil }
        guard let day = CalendarDate(text) else { throw scanner.fail("today must be a date written YYYY-MM-DD", at: start) }
        return day
    }
}
