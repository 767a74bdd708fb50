import Hummingbird
import PartnerRules

/// `POST /v1/lint` and `POST /v1/preview`: partner files edited in the playground (or by a service), read with the
/// active catalog's other files as context (``PartnerRules/CatalogDraft``).
extension RulesServer {
    func addDraftRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/lint") { request, _ in
            let body: DraftBody
            switch await readDraft(request, allowsRequest: false) {
            case .success(let read): body = read
            case .failure(let answer): return answer.response
            }
            guard let catalog = catalog.current else { return Answer.notReady() }
            let draft = CatalogDraft(files: body.files, context: catalog)
            return Answer.bytes(.ok, Array(FindingFormatter.render(draft.findings, as: .json).utf8), headers: Self.revisionHeader(catalog))
        }
        router.post("/v1/preview") { request, _ in
            let body: DraftBody
            switch await readDraft(request, allowsRequest: true) {
            case .success(let read): body = read
            case .failure(let answer): return answer.response
            }
            guard let catalog = catalog.current else { return Answer.notReady() }
            let draft = CatalogDraft(files: body.files, context: catalog)
            return Answer.json(headers: Self.revisionHeader(catalog)) { writer in
                writer.object { object in
                    object.key("findings")
                    FindingFormatter.writeJSON(draft.findings, to: &object)
                    object.key("form")
                    if let form = draft.form { form.write(to: &object) } else { object.null() }
                    if let check = body.check {
                        object.key("verdict")
                        if let edited = draft.catalog {
                            let checker = IntegrationChecker(catalog: edited)
                            let verdict = checker.check(
                                check.request, existing: checker.activeIntegrations(check.existing), today: check.today ?? .todayUTC())
                            verdict.write(to: &object)
                        } else {
                            object.null()
                        }
                    }
                }
            }
        }
    }

    private struct Refusal: Error {
        let response: Response
    }

    private func readDraft(_ request: Request, allowsRequest: Bool) async -> Result<DraftBody, Refusal> {
        switch await Answer.readBody(request, limit: options.jsonBodyLimit) {
        case .failure(let tooLarge): return .failure(Refusal(response: tooLarge.response))
        case .success(let bytes):
            do throws(JSONInputError) {
                return .success(try DraftBody.decode(json: bytes, allowsRequest: allowsRequest))
            } catch {
                return .failure(Refusal(response: Answer.error(.badRequest, error)))
            }
        }
    }
}
