/// Decodes `partners/_catalog.yaml`, the catalog-wide settings.
package enum SettingsDecoder {
    package static let shapes: [String: ObjectShape] = ["catalog": catalog, "dataAvailability": dataAvailability]

    static let catalog = ObjectShape(name: "the catalog settings", keys: ["data_availability", "notes"])
    static let dataAvailability = ObjectShape(
        name: "data_availability",
        keys: ["backfill_days", "first_data_within_hours", "creative_pulls_per_day", "performance_refresh_hours", "dashboard_refresh_utc"])

    package static func decode(_ root: YAMLNode, file: String) -> (settings: CatalogSettings?, findings: [Finding]) {
        var reader = NodeReader(file: file)
        reader.reportComposed(root)
        guard let fields = reader.object(root, path: "", shape: catalog) else { return (nil, reader.findings) }
        var settings = CatalogSettings()
        if let notes = fields["notes"].flatMap({ reader.strings($0.value, path: "notes") }) { settings.notes = notes }
        if let node = fields["data_availability"], let values = reader.object(node.value, path: "data_availability", shape: dataAvailability) {
            var data = DataAvailability()
            func number(_ key: String, minimum: Int) -> Int? {
                values[key].flatMap { reader.integer($0.value, path: "data_availability.\(key)", minimum: minimum) }
            }
            if let value = number("backfill_days", minimum: 0) { data.backfillDays = value }
            if let value = number("first_data_within_hours", minimum: 0) { data.firstDataWithinHours = value }
            if let value = number("creative_pulls_per_day", minimum: 1) { data.creativePullsPerDay = value }
            if let value = number("performance_refresh_hours", minimum: 1) { data.performanceRefreshHours = value }
            if let node = values["dashboard_refresh_utc"], let text = reader.string(node.value, path: "data_availability.dashboard_refresh_utc") {
                if isClockTime(text) {
                    data.dashboardRefreshUTC = text
                } else {
                    reader.report(node.value.location, code: .invalidValue, "'\(text)' is not a time of day; write it as HH:MM, for example \"10:00\"")
                }
            }
            settings.dataAvailability = data
        }
        return (reader.findings.contains { $0.severity == .error } ? nil : settings, reader.findings)
    }

    static func isClockTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]) else { return false }
        return (0..<24).contains(hour) && (0..<60).contains(minute)
    }
}
