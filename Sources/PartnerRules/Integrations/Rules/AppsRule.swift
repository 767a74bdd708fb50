/// At least one app; each an Android package name (`com.acme.game`) or an iOS app id
/// (`id1234567890`); each listed once.
struct AppsRule: RequestRule {
    static let codes: [RuleCode] = [.missingApps, .invalidApp]
    static let summary = "at least one app, each an Android package name or an iOS app id, none listed twice"
    static var examples: RuleExamples {
        let files = ["acme.yaml": examplePartner("acme", "acme_int")]
        func request(_ apps: String) -> String { #"{"partner": "acme", "apps": "# + apps + "}" }
        return RuleExamples(
            passing: [RuleExample(files: files, request: request(#"["com.acme.game", "id1234567890"]"#))],
            failing: [
                RuleExample(files: files, request: request("[]"), reports: .missingApps),
                RuleExample(files: files, request: request(#"["acme game"]"#), reports: .invalidApp),
                RuleExample(files: files, request: request(#"["com.acme.game", "com.acme.game"]"#), reports: .invalidApp),
            ])
    }

    init(compiling partners: [CompiledPartner]) {}

    func apply(_ input: CheckInput, into issues: inout CheckOutput) {
        let apps = input.request.apps
        let root = IntegrationRequest.CodingKeys.apps.stringValue
        guard !apps.isEmpty else {
            issues.add(
                Verdict.Issue(
                    code: .missingApps, path: root,
                    message: "no apps are listed; add the apps to integrate to apps, such as com.acme.game or id1234567890"))
            return
        }
        // Repeats: a scan for the usual handful of apps, an index for long lists.
        let indexed = apps.count > 32
        var seen: [String: Int] = [:]
        for (index, app) in apps.enumerated() {
            if !Self.isAppID(app) {
                issues.add(
                    Verdict.Issue(
                        code: .invalidApp, path: JSONPath.index(root, index),
                        message: text(
                            "app ", quoted(app), " is neither an Android package name such as com.acme.game ",
                            "nor an iOS app id such as id1234567890; enter the app id as the store lists it")))
            } else if let first = indexed ? seen[app] : apps[..<index].firstIndex(of: app) {
                issues.add(
                    Verdict.Issue(
                        code: .invalidApp, path: JSONPath.index(root, index),
                        message: text("app ", quoted(app), " is listed twice (also at ", JSONPath.index(root, first), "); list each app once")))
            } else if indexed {
                seen[app] = index
            }
        }
    }

    /// Whether the text is an iOS app id (`id` and digits) or an Android package name
    /// (two or more dot-separated parts, each a letter followed by letters, digits or `_`).
    static func isAppID(_ app: String) -> Bool {
        app.utf8.withContiguousStorageIfAvailable(isAppID) ?? Array(app.utf8).withUnsafeBufferPointer(isAppID)
    }

    private static func isAppID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.count > 2, bytes.starts(with: "id".utf8),
            bytes.dropFirst(2).allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        {
            return true
        }
        var parts = 0
        var atPartStart = true
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if atPartStart { parts += 1 }
                atPartStart = false
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                if atPartStart { return false }
            case UInt8(ascii: "."):
                if atPartStart { return false }
                atPartStart = true
            default:
                return false
            }
        }
        return !atPartStart && parts >= 2
    }
}
