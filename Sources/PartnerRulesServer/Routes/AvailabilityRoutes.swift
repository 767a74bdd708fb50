import Hummingbird
import PartnerRules

/// `GET /v1/availability?created=TIMESTAMP`: SPEC 12's timeline, computed by the library from the active catalog's
/// settings.
extension RulesServer {
    func addAvailabilityRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/availability") { request, _ in
            guard let created = request.uri.queryParameters["created"].map(String.init) else {
                return Answer.error(.badRequest, path: "created", "give the creation time as ?created=2026-11-20T08:00:00Z (RFC 3339)")
            }
            guard let catalog = catalog.current else { return Answer.notReady() }
            _ = created
            _ = catalog
            return Answer.error(.notImplemented, path: "created", "pending")
        }
    }
}
