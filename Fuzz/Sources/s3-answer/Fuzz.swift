import FuzzSupport
import PartnerRulesAudiencesCore

/// The S3 answer reader (`<Code>`, `<Message>`, `<UploadId>` out of an XML body) and the XML escaping of the
/// multipart completion. Checks: an element's text never holds its own closing tag; escaped text holds no markup
/// and reads back as itself through `element`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    let answer = S3Response(status: 400, body: bytes)
    // Markup is bytes (XML's code points), so every check is made on UTF-8, not on Swift's characters.
    for name in ["Code", "Message", "UploadId", "ETag"] {
        if let text = answer.element(name) {
            require(!contains(Array(text.utf8), Array("</\(name)>".utf8)), "<\(name)> holds its closing tag")
        }
    }
    _ = answer.code
    let text = String(decoding: bytes, as: UTF8.self)
    let escaped = S3Response.escapeXML(text)
    require(!escaped.utf8.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") }, "escaped text holds markup")
    require(unescape(Array(escaped.utf8)) == Array(text.utf8), "escaping does not read back")
    let wrapped = S3Response(status: 200, body: Array("<Error><Code>\(escaped)</Code></Error>".utf8))
    require(wrapped.code.utf8.elementsEqual(escaped.utf8), "an escaped code does not read back")
    return 0
}

/// Whether `needle` occurs in `bytes`.
func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, bytes.count >= needle.count else { return needle.isEmpty }
    return (0...(bytes.count - needle.count)).contains { bytes[$0..<$0 + needle.count].elementsEqual(needle) }
}

/// The four entities `escapeXML` writes, read back byte by byte.
func unescape(_ bytes: [UInt8]) -> [UInt8] {
    let entities: [([UInt8], UInt8)] = [
        (Array("&lt;".utf8), UInt8(ascii: "<")), (Array("&gt;".utf8), UInt8(ascii: ">")),
        (Array("&quot;".utf8), UInt8(ascii: "\"")), (Array("&amp;".utf8), UInt8(ascii: "&")),
    ]
    var out: [UInt8] = []
    var index = 0
    next: while index < bytes.count {
        if bytes[index] == UInt8(ascii: "&") {
            for (entity, byte) in entities where bytes[index...].starts(with: entity) {
                out.append(byte)
                index += entity.count
                continue next
            }
        }
        out.append(bytes[index])
        index += 1
    }
    return out
}
