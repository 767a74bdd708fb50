/// The staff playground's files (SPEC 15), embedded in the binary so the static release needs no resource folder
/// and the page works with the network unplugged.
///
/// `serve` answers `GET /` with ``index`` and `GET /playground/{name}` with ``file(named:)``.
enum PlaygroundAssets {
    /// One embedded file: its media type and bytes.
    struct File: Sendable {
        let contentType: String
        let bytes: [UInt8]
    }

    /// The page itself.
    static let index = File(contentType: "text/html; charset=utf-8", bytes: Array(indexHTML.utf8))

    /// A file the page loads beside itself (style sheet, script), or `nil` for a name that is not one.
    static func file(named name: String) -> File? {
        nil
    }

    private static let indexHTML = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>PartnerRules playground</title></head>
        <body><main><h1>PartnerRules playground</h1><p>The playground is being built.</p></main></body></html>

        """
}
