import HTTPTypes
import Hummingbird
import PartnerRules

/// `GET /healthz`, `GET /readyz`, `GET /metrics`, `GET /openapi.yaml`, `POST /v1/reload`.
extension RulesServer {
    func addOperationRoutes(to router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in
            Answer.bytes(.ok, contentType: "text/plain; charset=utf-8", Array("ok\n".utf8))
        }
        router.get("/readyz") { _, _ in
            guard let catalog = catalog.current else { return Answer.notReady() }
            return Answer.json { $0.object { $0.member("revision", string: catalog.revision) } }
        }
        router.get("/metrics") { _, _ in
            Answer.bytes(.ok, contentType: "text/plain; version=0.0.4; charset=utf-8", metrics.text())
        }
        router.get("/openapi.yaml") { _, _ in
            Answer.bytes(.ok, contentType: "application/yaml; charset=utf-8", OpenAPIDocument.bytes)
        }
        router.post("/v1/reload") { request, _ in
            if let token = options.reloadToken, !Self.authorizes(request.headers[.authorization], token: token) {
                var headers = HTTPFields()
                headers[.wwwAuthenticate] = "Bearer"
                return Answer.error(
                    .unauthorized, path: "Authorization", "reloading needs the header 'Authorization: Bearer' and the server's reload token",
                    headers: headers)
            }
            if let failure = reload(trigger: "http") {
                let findings: [Finding]
                switch failure {
                case .invalid(let found): findings = found
                case .unreadable(let path, let reason):
                    findings = [Finding(file: path, location: .start, code: .unreadable, message: reason)]
                }
                return Answer.bytes(.conflict, Array(FindingFormatter.render(findings, as: .json).utf8))
            }
            return Answer.json { writer in
                writer.object { object in
                    object.member("reloaded", bool: true)
                    object.member("revision", string: catalog.current?.revision ?? "")
                }
            }
        }
    }

    /// Whether `header` is `Bearer TOKEN` for exactly `token`. The scheme's name may be in any case (RFC 9110,
    /// 11.1); the token is compared byte for byte, in time that does not depend on where it differs.
    static func authorizes(_ header: String?, token: String) -> Bool {
        let given = Array((header ?? "").utf8)
        let scheme = Array("bearer".utf8)
        guard given.count > scheme.count, given[scheme.count] == UInt8(ascii: " "),
            zip(given, scheme).allSatisfy({ byte, lower in byte == lower || byte == lower - 0x20 })
        else { return false }
        let presented = given[(scheme.count + 1)...]
        let expected = Array(token.utf8)
        var difference: UInt8 = presented.count == expected.count ? 0 : 1
        for (index, byte) in expected.enumerated() {
            let offset = presented.startIndex + index
            difference |= byte ^ (offset < presented.endIndex ? presented[offset] : 0)
        }
        return difference == 0
    }
}
