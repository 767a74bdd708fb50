/// The integrations already active, indexed by media source and app.
///
/// Built by ``IntegrationChecker/activeIntegrations(_:)``. An integration under a superseded
/// media source is indexed under that legacy source, not the one that replaces it.
public struct ActiveIntegrations: Sendable {
    /// Who holds an integration for a slot: a user (folded) and an agency (folded), either absent.
    struct Holder: Sendable {
        let user: String?
        let agency: String?
    }

    /// Media source, then app, then who holds it.
    let holders: [String: [String: [Holder]]]
    /// Positions (0-based) of entries whose partner or media source the catalog does not know;
    /// they cannot clash with anything and are left out.
    public let unresolved: [Int]

    /// No active integrations.
    public static let none = ActiveIntegrations(holders: [:], unresolved: [])

    init(holders: [String: [String: [Holder]]], unresolved: [Int]) {
        self.holders = holders
        self.unresolved = unresolved
    }

    init(_ existing: [ExistingIntegration], resolve: (String?) -> String?) {
        var holders: [String: [String: [Holder]]] = [:]
        var unresolved: [Int] = []
        for (index, integration) in existing.enumerated() {
            guard let source = resolve(integration.mediaSource) ?? resolve(integration.partner) else {
                unresolved.append(index)
                continue
            }
            let holder = Holder(
                user: integration.user.map(NameKey.make),
                agency: integration.agency.map(NameKey.make))
            for app in integration.apps {
                holders[source, default: [:]][app, default: []].append(holder)
            }
        }
        self.holders = holders
        self.unresolved = unresolved
    }

    var isEmpty: Bool { holders.isEmpty }

    /// Who holds integrations under a media source, by app; `nil` when nobody does.
    func apps(under mediaSource: String) -> [String: [Holder]]? {
        holders[mediaSource]
    }
}
