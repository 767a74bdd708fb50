import Foundation
import HTTPTypes
import Hummingbird
import PartnerRules

/// `GET /v1/partners`, `GET /v1/partners/{id}` (the credential form), `GET /v1/partners/{id}/source`.
extension RulesServer {
    func addCatalogRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/partners") { _, _ in
            guard let catalog = catalog.current else { return Answer.notReady() }
            return Answer.bytes(.ok, Self.partnersJSON(catalog), headers: Self.revisionHeader(catalog))
        }
        router.get("/v1/partners/{id}") { _, context in
            guard let catalog = catalog.current else { return Answer.notReady() }
            let id = Self.partnerParameter(context)
            guard let partner = catalog.partner(named: id) else { return Self.unknownPartner(id, in: catalog) }
            var bytes = PartnerForm(partner.definition).jsonBytes()
            bytes.append(Answer.newline)
            return Answer.bytes(.ok, bytes, headers: Self.revisionHeader(catalog))
        }
        router.get("/v1/partners/{id}/source") { _, context in
            guard let catalog = catalog.current else { return Answer.notReady() }
            let id = Self.partnerParameter(context)
            guard let partner = catalog.partner(named: id) else { return Self.unknownPartner(id, in: catalog) }
            guard let file = catalog.sourceFile(ofPartner: partner.id) else {
                return Answer.error(.notFound, path: "id", "the catalog holds no source text for '\(partner.id)'")
            }
            var headers = Self.revisionHeader(catalog)
            headers[.contentDisposition] = "inline; filename=\"\(file.name)\""
            return Answer.bytes(.ok, contentType: "application/yaml; charset=utf-8", file.bytes, headers: headers)
        }
    }

    /// The `{id}` of the path, percent-decoded (`Acme%20Media` is the alias `Acme Media`).
    static func partnerParameter(_ context: BasicRequestContext) -> String {
        let raw = context.parameters.get("id") ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    /// 404 for a partner the catalog does not know, with the nearest name it does.
    static func unknownPartner(_ id: String, in catalog: Catalog) -> Response {
        let hint = Suggestions.nearest(to: id, in: catalog.partners.flatMap { [$0.id] + $0.definition.aliases })
            .map { "; did you mean '\($0)'?" } ?? "; GET /v1/partners lists every partner"
        return Answer.error(.notFound, path: "id", "no partner '\(id)'\(hint)")
    }

    static func revisionHeader(_ catalog: Catalog) -> HTTPFields {
        var headers = HTTPFields()
        headers[.catalogRevision] = catalog.revision
        return headers
    }

    /// The partners, their media sources and how they authenticate.
    static func partnersJSON(_ catalog: Catalog) -> [UInt8] {
        var writer = JSONWriter()
        writer.array(catalog.partners) { writer, partner in
            let definition = partner.definition
            writer.object { object in
                PartnerForm.writeIdentity(of: definition, to: &object)
                object.member("credentials_mutable", bool: definition.credentialsMutable)
                object.key("credentials")
                object.stringArray(definition.credentials.map(\.key))
            }
        }
        return writer.bytes + [Answer.newline]
    }
}
