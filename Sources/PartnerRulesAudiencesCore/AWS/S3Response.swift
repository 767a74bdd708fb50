internal import ByteIO

/// What an S3-compatible store answered; error details come only from `<Code>` and `<Message>`, never the echoed
/// request.
public struct S3Response: Sendable {
    public var status: Int
    public var body: [UInt8]
    public var etag: String?

    public init(status: Int, body: [UInt8], etag: String? = nil) {
        self.status = status
        self.body = body
        self.etag = etag
    }

    /// The text of `<Code>`, empty when there is none.
    public var code: String { element("Code") ?? "" }

    /// The text between the first `<name>` and the `</name>` after it; `nil` when either is missing.
    ///
    /// Found in the UTF-8 bytes, as XML defines its markup: a search by Swift characters would miss a tag whose `>`
    /// the element's first character (a combining mark) joins into one grapheme.
    public func element(_ name: String) -> String? {
        let open = Array("<\(name)>".utf8)
        let close = Array("</\(name)>".utf8)
        guard let start = body.firstIndex(ofBytes: open).map({ $0 + open.count }),
            let end = body.firstIndex(ofBytes: close, from: start)
        else { return nil }
        return String(decoding: body[start..<end], as: UTF8.self)
    }

    /// `&`, `<`, `>` and `"` escaped for an XML element's text, code point by code point (a combining mark after
    /// `<` makes one Swift character of the two, which a replacement by characters would leave unescaped).
    public static func escapeXML(_ text: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
            case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
            case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": escaped.append(contentsOf: "&quot;".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
