import Hummingbird
import PartnerRules

/// `POST /v1/check`: the verdict, with the revision of the one catalog that computed it.
extension RulesServer {
    func addCheckRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/check") { request, _ in
            let bytes: [UInt8]
            switch await Answer.readBody(request, limit: options.jsonBodyLimit) {
            case .success(let read): bytes = read
            case .failure(let tooLarge): return tooLarge.response
            }
            let body: CheckBody
            do throws(JSONInputError) {
                body = try CheckBody.decode(json: bytes)
            } catch {
                return Answer.error(.badRequest, error)
            }
            guard let catalog = catalog.current else { return Answer.notReady() }
            let checker = IntegrationChecker(catalog: catalog)
            let verdict = checker.check(body.request, existing: checker.activeIntegrations(body.existing), today: body.today ?? .todayUTC())
            metrics.verdict(verdict)
            return Answer.bytes(.ok, Self.verdictJSON(verdict, revision: catalog.revision), headers: Self.revisionHeader(catalog))
        }
    }

    /// The verdict's JSON with `"catalog_revision"` as its last member, and a newline, written in one pass.
    static func verdictJSON(_ verdict: Verdict, revision: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(1024)
        verdict.write(to: &writer) { writer in
            writer.key("catalog_revision")
            writer.string(revision)
        }
        writer.bytes.append(Answer.newline)
        return writer.bytes
    }
}
