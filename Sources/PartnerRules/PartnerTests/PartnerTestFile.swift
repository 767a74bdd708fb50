/// One file of partner behaviour tests (`partners/tests/*.yaml`, SPEC section 11): cases that product
/// staff write next to the partner files, each with the outcome the catalog must give.
package struct PartnerTestFile: Sendable, Hashable {
    /// The file as given on the command line (`partners/tests/acme.yaml`).
    package var file: String
    package var cases: [PartnerTestCase]

    package init(file: String, cases: [PartnerTestCase]) {
        self.file = file
        self.cases = cases
    }
}

/// One case: an integration request with the verdict it must get, performance rows with the level each
/// must reach, or both.
package struct PartnerTestCase: Sendable, Hashable {
    package var name: String
    /// Where the case starts in its file.
    package var place: SourcePlace
    /// The day deprecation is judged against; `nil`: the day the tests run.
    package var today: CalendarDate?
    package var request: IntegrationRequest?
    package var existing: [ExistingIntegration]
    package var expect: VerdictExpectation
    package var rows: [RowExpectation]
    /// Names the case uses that the catalog must know, with their places, for the test file's lint.
    var references: [Reference]

    package init(
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
package struct VerdictExpectation: Sendable, Hashable {
    package var valid: Bool?
    package var plan: IntegrationPlan?
    package var errors: [RuleCode]?
    package var warnings: [RuleCode]?
    /// Normalized values by key; secret fields as `***`.
    package var credentials: [String: String]?
    package var candidates: [String: [String]]?

    package init(
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
package enum RowOutcome: String, Sendable, Hashable, CaseIterable {
    /// Reaches creative level.
    case creative
    /// Stays at ad level.
    case ad
    /// A legacy row whose data a superseding source's row for the same app and date already brings.
    case duplicate
}

/// One performance row of a case and the outcome it must get.
package struct RowExpectation: Sendable, Hashable {
    package var mediaSource: String
    package var adType: String
    /// `nil`: the case's one default app id.
    package var appID: String?
    /// `nil`: the case's one default date.
    package var date: String?
    package var expect: RowOutcome
    /// Where the row stands in its file.
    package var location: SourceLocation

    package init(mediaSource: String, adType: String, appID: String? = nil, date: String? = nil, expect: RowOutcome, location: SourceLocation) {
        self.mediaSource = mediaSource
        self.adType = adType
        self.appID = appID
        self.date = date
        self.expect = expect
        self.location = location
    }
}
