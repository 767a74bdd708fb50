import Hummingbird
import PartnerRules

/// `GET /v1/availability?created=TIMESTAMP`: SPEC 12's timeline, computed by the library from the active catalog's
/// settings.
extension RulesServer {
    func addAvailabilityRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/availability") { request, _ in
            guard let text = request.uri.queryParameters["created"].map(String.init) else {
                return Answer.error(.badRequest, path: "created", "give the creation time as ?created=TIMESTAMP, \(UTCTimestamp.expectedForm)")
            }
            let created: UTCTimestamp
            do throws(TimestampError) {
                created = try UTCTimestamp.parse(text)
            } catch {
                return Answer.error(.badRequest, path: "created", error.description)
            }
            guard let catalog = catalog.current else { return Answer.notReady() }
            var bytes = catalog.settings.dataAvailability.timeline(created: created).jsonBytes()
            bytes.append(Answer.newline)
            return Answer.bytes(.ok, bytes, headers: Self.revisionHeader(catalog))
        }
    }
}
