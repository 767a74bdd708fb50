import Foundation
import PartnerRulesTestSupport
import Testing
@testable import PartnerRules

@Suite("Data availability (SPEC 12)")
struct AvailabilityTests {
    /// The seed's settings: 90 days of history, first data within 24 hours, dashboards at 10:00 UTC.
    static let seed = DataAvailability()

    static func timeline(_ created: String, _ settings: DataAvailability = seed) throws -> AvailabilityTimeline {
        settings.timeline(created: try UTCTimestamp.parse(created))
    }

    @Test("SPEC 12's example, member for member and in order")
    func specExample() throws {
        let json = String(decoding: try Self.timeline("2026-11-20T08:00:00Z").jsonBytes(), as: UTF8.self)
        #expect(
            json
                == #"{"created":"2026-11-20T08:00:00Z","backfill_from":"2026-08-22","first_data_by":"2026-11-21T08:00:00Z","#
                + #""creative_pulls_per_day":2,"performance_refresh_hours":1,"next_dashboard_refresh":"2026-11-20T10:00:00Z","#
                + #""first_dashboard_with_data":"2026-11-21T10:00:00Z"}"#)
    }

    @Test(
        "the next refresh for creation times before, at and after the refresh hour",
        arguments: [
            ("2026-11-20T09:59:59Z", "2026-11-20T10:00:00Z", "2026-11-21T10:00:00Z"),
            ("2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z", "2026-11-21T10:00:00Z"),
            ("2026-11-20T10:00:00.001Z", "2026-11-21T10:00:00Z", "2026-11-22T10:00:00Z"),
            ("2026-11-20T10:00:01Z", "2026-11-21T10:00:00Z", "2026-11-22T10:00:00Z"),
            ("2026-11-20T00:00:00Z", "2026-11-20T10:00:00Z", "2026-11-21T10:00:00Z"),
            ("2026-11-20T23:59:59Z", "2026-11-21T10:00:00Z", "2026-11-22T10:00:00Z"),
        ])
    func refreshHour(created: String, next: String, firstWithData: String) throws {
        let timeline = try Self.timeline(created)
        #expect(timeline.nextDashboardRefresh.description == next)
        #expect(timeline.firstDashboardWithData.description == firstWithData)
    }

    @Test(
        "day, month, year and leap-year boundaries",
        arguments: [
            // created, backfill_from, first_data_by
            ("2026-12-31T23:00:00Z", "2026-10-02", "2027-01-01T23:00:00Z"),
            ("2027-01-01T00:00:00Z", "2026-10-03", "2027-01-02T00:00:00Z"),
            ("2024-02-28T12:00:00Z", "2023-11-30", "2024-02-29T12:00:00Z"),
            ("2024-02-29T12:00:00Z", "2023-12-01", "2024-03-01T12:00:00Z"),
            ("2023-02-28T12:00:00Z", "2022-11-30", "2023-03-01T12:00:00Z"),
            ("2000-02-28T12:00:00Z", "1999-11-30", "2000-02-29T12:00:00Z"),
            ("2100-02-28T12:00:00Z", "2099-11-30", "2100-03-01T12:00:00Z"),
            ("2024-05-30T12:00:00Z", "2024-03-01", "2024-05-31T12:00:00Z"),
            ("2026-04-30T23:59:59Z", "2026-01-30", "2026-05-01T23:59:59Z"),
        ])
    func boundaries(created: String, backfillFrom: String, firstDataBy: String) throws {
        let timeline = try Self.timeline(created)
        #expect(timeline.backfillFrom.description == backfillFrom)
        #expect(timeline.firstDataBy.description == firstDataBy)
    }

    @Test("offsets are converted to UTC, and the UTC day decides the backfill")
    func offsets() throws {
        let timeline = try Self.timeline("2024-02-28T23:30:00-01:00")
        #expect(timeline.created.description == "2024-02-29T00:30:00Z")
        #expect(timeline.backfillFrom.description == "2023-12-01")
        #expect(timeline.nextDashboardRefresh.description == "2024-02-29T10:00:00Z")
        #expect(try UTCTimestamp.parse("2026-01-01T05:30:00+05:30").description == "2026-01-01T00:00:00Z")
        #expect(try UTCTimestamp.parse("2026-01-01t00:00:00z").description == "2026-01-01T00:00:00Z")
        #expect(try UTCTimestamp.parse("2026-01-01 00:00:00.250+00:00").description == "2026-01-01T00:00:00.25Z")
        #expect(try UTCTimestamp.parse("1969-12-31T23:59:59Z").seconds == -1)
    }

    @Test("other settings: no backfill, a refresh at midnight, first data later than a day")
    func otherSettings() throws {
        let settings = DataAvailability(
            backfillDays: 0, firstDataWithinHours: 50, creativePullsPerDay: 4, performanceRefreshHours: 3, dashboardRefreshUTC: "00:00")
        let timeline = try Self.timeline("2026-11-20T08:00:00Z", settings)
        #expect(timeline.backfillFrom.description == "2026-11-20")
        #expect(timeline.firstDataBy.description == "2026-11-22T10:00:00Z")
        #expect(timeline.nextDashboardRefresh.description == "2026-11-21T00:00:00Z")
        #expect(timeline.firstDashboardWithData.description == "2026-11-23T00:00:00Z")
        #expect(timeline.text.contains("4 times a day") && timeline.text.contains("every 3 hours"))
    }

    @Test(
        "timestamps in other forms are refused with the reason and the expected form",
        arguments: [
            ("", "empty"), ("2026-11-20", "time is missing"), ("2026-11-20T08:00:00", "time zone is missing"),
            ("2026-13-01T00:00:00Z", "month 13"), ("2026-02-29T00:00:00Z", "no day 29"), ("2026-11-20T24:00:00Z", "hour 24"),
            ("2026-11-20T08:60:00Z", "minute 60"), ("2026-11-20T08:00:60Z", "leap seconds"), ("2026-11-20T08:00Z", "seconds"),
            ("2026-11-20T08:00:00+1:00", "offset's hours"), ("2026-11-20T08:00:00Z ", "more after"), ("2026-11-20T08:00:00.Z", "fraction"),
            ("20261120T080000Z", "'-' after the year"), ("2026-11-20T08:00:00+24:00", "offset must be"),
        ])
    func refused(text: String, reason: String) {
        do {
            let parsed = try UTCTimestamp.parse(text)
            Issue.record("'\(text)' was read as \(parsed)")
        } catch {
            #expect(error.description.contains(reason), "\(error)")
            #expect(error.description.contains(UTCTimestamp.expectedForm))
        }
    }

    @Test("days since the epoch and civil dates agree over eight centuries")
    func daysRoundTrip() {
        for days in stride(from: -150_000, through: 150_000, by: 7) {
            #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CalendarDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
        #expect(CalendarDate(year: 2000, month: 3, day: 1).daysSinceEpoch == 11_017)
    }
}

@Suite("Catalog revision (SPEC 17)")
struct CatalogRevisionTests {
    @Test("name, NUL, decimal length, NUL, bytes, in byte order of name (vector computed with Python's hashlib)")
    func knownVector() {
        let files = [
            CatalogSourceFile(name: "b.yaml", bytes: Array("B".utf8)),
            CatalogSourceFile(name: "_catalog.yaml", bytes: Array("x".utf8)),
            CatalogSourceFile(name: "a.yaml", bytes: Array("hello".utf8)),
            CatalogSourceFile(name: "Z.yaml", bytes: []),
        ]
        let expected = "sha256:0f636048b5988206c26882666113d85b4b5f4e5a8856a46721b6f731ea785bef"
        #expect(CatalogRevision.of(files) == expected)
        #expect(CatalogRevision.of(files.reversed()) == expected)
    }

    @Test("the same files in another folder give the same revision; one changed byte gives another")
    func folderAndContent() throws {
        let text = CatalogStoreTests.good
        let first = try temporaryFolder(["acme.yaml": text])
        let second = try temporaryFolder(["acme.yaml": text])
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        let one = try CatalogLoader.load(directory: first)
        let two = try CatalogLoader.load(directory: second)
        #expect(one.revision == two.revision)
        #expect(one.revision == CatalogRevision.of([CatalogSourceFile(name: "acme.yaml", bytes: Array(text.utf8))]))
        #expect(one.sourceFile(ofPartner: "ACME")?.text == text)
        #expect(one.sourceFile(ofPartner: "nobody") == nil)
        try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: "\(second)/acme.yaml"))
        #expect(try CatalogLoader.load(directory: second).revision != one.revision)
    }

    @Test("the repository's catalog holds every partner file and _catalog.yaml, and its revision is theirs")
    func repositoryCatalog() throws {
        let catalog = try CatalogLoader.load(directory: Repository.partners)
        let names = try Repository.partnerFileNames()
        #expect(Set(catalog.sourceFiles.map(\.name)) == Set(names + ["_catalog.yaml"]))
        for partner in catalog.partners {
            #expect(catalog.sourceFile(ofPartner: partner.id)?.name == "\(partner.id).yaml")
        }
        #expect(catalog.revision.hasPrefix("sha256:") && catalog.revision.count == 71)
    }

    @Test("catalogs built from definitions differ in revision when their definitions do")
    func definitions() throws {
        let acme = try #require(CatalogLoader.decodePartner(Array(CatalogStoreTests.good.utf8), file: "acme.yaml").0?.definition)
        var other = acme
        other.id = "other"
        other.name = "Other"
        other.mediaSources = ["other_int"]
        let all = [acme, other]
        let fewer = try Catalog(definitions: [acme])
        let every = try Catalog(definitions: all)
        #expect(fewer.revision != every.revision)
        #expect(every.revision == (try Catalog(definitions: all)).revision)
        #expect(every.sourceFiles.isEmpty)
    }
}
