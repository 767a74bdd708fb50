import Foundation

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
    public func element(_ name: String) -> String? {
        let text = String(decoding: body, as: UTF8.self)
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }

    /// `&`, `<`, `>` and `"` escaped for an XML element's text.
    public static func escapeXML(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
    }
}
