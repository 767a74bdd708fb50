/// When a new integration's data appears (SPEC 12), worked out from `_catalog.yaml`'s `data_availability`.
public struct AvailabilityTimeline: Sendable, Hashable {
    /// When the integration was created, in UTC.
    public let created: UTCTimestamp
    /// The first day of history pulled: the created date minus `backfill_days`.
    public let backfillFrom: CalendarDate
    /// When the first data is there at the latest: created plus `first_data_within_hours`.
    public let firstDataBy: UTCTimestamp
    /// How many times a day creative data is pulled.
    public let creativePullsPerDay: Int
    /// How often performance data is refreshed, in hours.
    public let performanceRefreshHours: Int
    /// The first daily dashboard refresh at or after ``created``.
    public let nextDashboardRefresh: UTCTimestamp
    /// The first daily dashboard refresh at or after ``firstDataBy``: the first dashboard that shows data.
    public let firstDashboardWithData: UTCTimestamp

    /// `{"created", "backfill_from", "first_data_by", "creative_pulls_per_day", "performance_refresh_hours",
    /// "next_dashboard_refresh", "first_dashboard_with_data"}`, in that order.
    public func jsonBytes(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(indent: pretty ? 2 : 0)
        write(to: &writer)
        return writer.bytes
    }

    /// The same object, written into a larger document.
    package func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.member("created", string: created.description)
            object.member("backfill_from", string: backfillFrom.description)
            object.member("first_data_by", string: firstDataBy.description)
            object.member("creative_pulls_per_day", int: creativePullsPerDay)
            object.member("performance_refresh_hours", int: performanceRefreshHours)
            object.member("next_dashboard_refresh", string: nextDashboardRefresh.description)
            object.member("first_dashboard_with_data", string: firstDashboardWithData.description)
        }
    }

    /// The timeline as lines for a person.
    public var text: String {
        let pulls = creativePullsPerDay == 1 ? "once a day" : creativePullsPerDay == 2 ? "twice a day" : "\(creativePullsPerDay) times a day"
        let refresh = performanceRefreshHours == 1 ? "every hour" : "every \(performanceRefreshHours) hours"
        return """
            Created:                    \(created)
            History pulled from:        \(backfillFrom)
            First data by:              \(firstDataBy)
            Next dashboard refresh:     \(nextDashboardRefresh)
            First dashboard with data:  \(firstDashboardWithData)
            Creative data is pulled \(pulls); performance data is refreshed \(refresh).

            """
    }
}

extension DataAvailability {
    /// The timeline of an integration created at `created`.
    public func timeline(created: UTCTimestamp) -> AvailabilityTimeline {
        let firstDataBy = created.adding(seconds: firstDataWithinHours * 3600)
        return AvailabilityTimeline(
            created: created,
            backfillFrom: created.date.adding(days: -backfillDays),
            firstDataBy: firstDataBy,
            creativePullsPerDay: creativePullsPerDay,
            performanceRefreshHours: performanceRefreshHours,
            nextDashboardRefresh: nextRefresh(atOrAfter: created),
            firstDashboardWithData: nextRefresh(atOrAfter: firstDataBy))
    }

    /// Seconds after midnight UTC of the daily refresh (`dashboard_refresh_utc`, `HH:MM`; the settings decoder refuses
    /// any other form, and a value built in code that is not one counts as midnight).
    var refreshSecondOfDay: Int {
        let parts = dashboardRefreshUTC.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return 0 }
        return hour * 3600 + minute * 60
    }

    /// The first daily refresh at or after `moment`.
    func nextRefresh(atOrAfter moment: UTCTimestamp) -> UTCTimestamp {
        let dayStart = moment.seconds - moment.secondOfDay
        var refresh = UTCTimestamp(seconds: dayStart + refreshSecondOfDay)
        if refresh < moment { refresh = refresh.adding(seconds: 86_400) }
        return refresh
    }
}
