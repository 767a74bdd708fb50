/// One file of partner behaviour tests (`partners/tests/*.yaml`, SPEC section 11): cases that product
/// staff write next to the partner files, each with the outcome the catalog must give.
public struct PartnerTestFile: Sendable, Hashable {
    /// The file as given on the command line (`partners/tests/acme.yaml`).
    public var file: String
    public var cases: [PartnerTestCase]

    public init(file: String, cases: [PartnerTestCase]) {
        self.file = file
        self.cases = cases
    }
}

/// One case: an integration request with the verdict it must get, performance rows with the level each
/// must reach, or both.
public struct PartnerTestCase: Sendable, Hashable {
    public var name: String
    /// Where the case starts in its file.
    public var place: SourcePlace
    /// The day deprecation is judged against; `nil`: the day the tests run.
    public var today: CalendarDate?
    public var request: IntegrationRequest?
    public var existing: [ExistingIntegration]
    public var expect: VerdictExpectation
    public var rows: [RowExpectation]
    /// Names the case uses that the catalog must know, with their places, for the test file's lint.
    var references: [Reference]

    public init(
        name: String, place: SourcePlace, today: CalendarDate? = nil, request: IntegrationRequest? = nil,
        existing: [ExistingIntegration] = [], expect: VerdictExpectation = VerdictExpectation(), rows: [RowExpectation] = []
    ) {
        self.name = name
        self.place = place
        self.today = today
        self.request = request
        self.existing = existing
        self.expect = expect
        self.rows = rows
        self.references = []
    }

    /// A name in a case that must resolve in the catalog.
    struct Reference: Sendable, Hashable {
        enum Kind: Sendable, Hashable {
            /// A partner by id, display name, alias or media source (a request's or an existing integration's).
            case partner
            /// A row's media source, matched exactly as `classify` matches it.
            case rowMediaSource
            /// A key of `expect.credentials` or `expect.candidates`, for the partner the request names.
            case expectedCredential(partner: String, value: String?)
        }

        let kind: Kind
        let text: String
        let location: SourceLocation
    }
}

/// What a case's verdict must show. Every part is optional; what is given must hold exactly
/// (SPEC 17: `errors` and `warnings` are exact sets of codes, `credentials` and `candidates`
/// match for the keys given).
public struct VerdictExpectation: Sendable, Hashable {
    public var valid: Bool?
    public var plan: IntegrationPlan?
    public var errors: [RuleCode]?
    public var warnings: [RuleCode]?
    /// Normalized values by key; secret fields as `***`.
    public var credentials: [String: String]?
    public var candidates: [String: [String]]?

    public init(
        valid: Bool? = nil, plan: IntegrationPlan? = nil, errors: [RuleCode]? = nil, warnings: [RuleCode]? = nil,
        credentials: [String: String]? = nil, candidates: [String: [String]]? = nil
    ) {
        self.valid = valid
        self.plan = plan
        self.errors = errors
        self.warnings = warnings
        self.credentials = credentials
        self.candidates = candidates
    }
}

/// What a performance row must become when the case's rows are classified together.
public enum RowOutcome: String, Sendable, Hashable, CaseIterable {
    /// Reaches creative level.
    case creative
    /// Stays at ad level.
    case ad
    /// A legacy row whose data a superseding source's row for the same app and date already brings.
    case duplicate
}

/// One performance row of a case and the outcome it must get.
public struct RowExpectation: Sendable, Hashable {
    public var mediaSource: String
    public var adType: String
    /// `nil`: the case's one default app id.
    public var appID: String?
    /// `nil`: the case's one default date.
    public var date: String?
    public var expect: RowOutcome
    /// Where the row stands in its file.
    public var location: SourceLocation

    public init(mediaSource: String, adType: String, appID: String? = nil, date: String? = nil, expect: RowOutcome, location: SourceLocation) {
        self.mediaSource = mediaSource
        self.adType = adType
        self.appID = appID
        self.date = date
        self.expect = expect
        self.location = location
    }
}
