import Hummingbird
import PartnerRules

/// `POST /v1/diff`: what partner files as edited would change (SPEC 20), against the active catalog. The body is
/// `/v1/lint`'s (`{"files": {"NAME.yaml": "text"}}`); the answer is `partner-rules diff --format json`'s, or 422 with
/// lint's json findings when the catalog with the files in place has errors (nothing is compared then).
extension RulesServer {
    func addDiffRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/diff") { request, _ in
            let body: DraftBody
            switch await Answer.readBody(request, limit: options.jsonBodyLimit) {
            case .failure(let tooLarge): return tooLarge.response
            case .success(let bytes):
                do throws(JSONInputError) {
                    body = try DraftBody.decode(json: bytes, allowsRequest: false)
                } catch {
                    return Answer.error(.badRequest, error)
                }
            }
            guard let catalog = catalog.current else { return Answer.notReady() }
            let draft = CatalogDraft(files: body.files, context: catalog)
            guard let edited = draft.catalog else {
                return Answer.bytes(
                    .unprocessableContent, Array(FindingFormatter.render(draft.findings, as: .json).utf8), headers: Self.revisionHeader(catalog))
            }
            let diff = CatalogDiff(baseline: catalog, current: edited, today: .todayUTC())
            return Answer.bytes(.ok, Array(diff.render(as: .json).utf8), headers: Self.revisionHeader(catalog))
        }
    }
}
