import FuzzSupport
import PartnerRules

/// The JSON request reader (`check`'s body: request, existing integrations, today) and the checker over the
/// repository's catalog. Checks: a refused body gives an error with a place; an accepted request's verdict is
/// valid JSON that reads back as the same verdict, and every credential the partner marks secret is `***` in it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    let body: CheckBody
    do { body = try CheckBody.decode(json: bytes) } catch {
        require(error.line >= 1 && error.column >= 1, "an error without a place: \(error)")
        require(!error.message.isEmpty, "an error without a message")
        return 0
    }
    let checker = IntegrationChecker(catalog: Fuzz.catalog)
    let verdict = checker.check(body.request, existing: body.existing, today: body.today ?? Fuzz.today)
    for pretty in [false, true] {
        let json = verdict.jsonBytes(pretty: pretty)
        require(Fuzz.isJSON(json), "the verdict is not JSON: \(String(decoding: json, as: UTF8.self).prefix(300))")
        do {
            let again = try Verdict.decode(json: json)
            require(again == verdict, "the verdict does not read back as itself")
        } catch {
            require(false, "the verdict's JSON does not read back: \(error)")
        }
    }
    if let partner = verdict.partner.flatMap({ Fuzz.catalog.partner(named: $0) }) {
        let fields = partner.definition.credentials + partner.definition.partnerMetrics.credentials
        for field in fields where field.isMasked {
            if let shown = verdict.credentials[field.key] {
                require(shown == "***", "secret \(field.key) shown as \(shown.prefix(40))")
            }
            if let fallback = field.fallback, let shown = verdict.credentials[fallback.key] {
                require(shown == "***", "secret fallback \(fallback.key) shown")
            }
        }
        let text = String(decoding: verdict.jsonBytes(), as: UTF8.self)
        // What the request may show: everything but the values of its secret fields.
        let maskedKeys = Set(fields.filter(\.isMasked).flatMap { [$0.key] + ($0.fallback.map { [$0.key] } ?? []) })
        let request = body.request
        var shown = request.apps + [request.user ?? "", request.partner, request.agency?.id ?? ""] + (request.roles ?? [])
        shown += request.credentials.filter { !maskedKeys.contains($0.key) }.map(\.value)
        shown += (request.partnerMetrics ?? [:]).filter { !maskedKeys.contains($0.key) }.map(\.value)
        for field in fields where field.isMasked {
            for value in [body.request.credentials[field.key], body.request.partnerMetrics?[field.key]] {
                // A value long enough not to occur by chance in a message, and not one the request shows elsewhere.
                guard let value, value.count >= 12, value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0 != "\\" && $0 != "\"" }),
                    !shown.contains(where: { $0.contains(value) })
                else { continue }
                require(!text.contains(value), "secret \(field.key) appears in the verdict")
            }
        }
    }
    return 0
}
