import FuzzSupport
import PartnerRulesAudiencesCore

/// The S3 answer reader (`<Code>`, `<Message>`, `<UploadId>` out of an XML body) and the XML escaping of the
/// multipart completion. Checks: an element's text never holds its own closing tag; escaped text holds no markup
/// and reads back as itself through `element`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    let answer = S3Response(status: 400, body: bytes)
    for name in ["Code", "Message", "UploadId", "ETag"] {
        if let text = answer.element(name) {
            require(!text.contains("</\(name)>"), "<\(name)> holds its closing tag")
        }
    }
    _ = answer.code
    let text = String(decoding: bytes, as: UTF8.self)
    let escaped = S3Response.escapeXML(text)
    require(!escaped.contains("<") && !escaped.contains(">") && !escaped.contains("\""), "escaped text holds markup")
    let unescaped = escaped.replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&quot;", with: "\"")
        .replacing("&amp;", with: "&")
    require(unescaped == text, "escaping does not read back")
    let wrapped = S3Response(status: 200, body: Array("<Error><Code>\(escaped)</Code></Error>".utf8))
    require(wrapped.code == escaped, "an escaped code does not read back")
    return 0
}
