/// The staff playground's files (SPEC 15), embedded in the binary so the static release needs no resource folder
/// and the page works with the network unplugged.
///
/// `serve` answers `GET /` with ``index`` and `GET /playground/{name}` with ``file(named:)``. The files are written as
/// plain HTML, CSS and JavaScript in `Playground/page/` and turned into ``PlaygroundPage`` by
/// `tools/playground-assets`; a test holds the two equal.
enum PlaygroundAssets {
    /// One embedded file: its media type and bytes.
    struct File: Sendable {
        let contentType: String
        let bytes: [UInt8]
    }

    /// The page itself.
    static let index = File(contentType: "text/html; charset=utf-8", bytes: Array(PlaygroundPage.indexHTML.utf8))

    /// The files the page loads beside itself, by the name it asks for.
    private static let files: [String: File] = [
        "playground.css": File(contentType: "text/css; charset=utf-8", bytes: Array(PlaygroundPage.styleSheet.utf8)),
        "playground.js": File(contentType: "text/javascript; charset=utf-8", bytes: Array(PlaygroundPage.script.utf8)),
    ]

    /// A file the page loads beside itself (style sheet, script), or `nil` for a name that is not one.
    static func file(named name: String) -> File? {
        files[name]
    }
}
