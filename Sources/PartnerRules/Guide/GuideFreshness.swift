import Foundation

/// `guide-stale`: the committed guide (`docs/partners.md` beside a partners folder) must be what
/// `guide` renders from that folder, so a partner edit that changes the guide says so in lint,
/// with the command that brings the guide up to date.
enum GuideFreshness {
    /// Where the guide of a partners folder lives: `docs/partners.md` in the folder's parent.
    static func guidePath(forFolder folder: String) -> String {
        var components = folder.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        while components.count > 1, components.last == "" { components.removeLast() }
        components.removeLast()
        let parent = components.joined(separator: "/")
        if parent.isEmpty { return folder.hasPrefix("/") ? "/docs/partners.md" : "docs/partners.md" }
        return parent + "/docs/partners.md"
    }

    /// A finding when the guide beside `folder` exists and differs from the one the files render.
    static func check(folder: String, documents: [PartnerDocument], settings: CatalogSettings) -> [Finding] {
        let path = guidePath(forFolder: folder)
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let committed = String(decoding: data, as: UTF8.self)
        let rendered = GuideRenderer.markdown(Catalog(checked: documents, settings: settings))
        guard committed != rendered else { return [] }
        let committedLines = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let renderedLines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        let same = zip(committedLines, renderedLines).prefix { $0 == $1 }.count
        let line = min(same, max(committedLines.count - 1, 0)) + 1
        return [
            Finding(
                file: path, location: SourceLocation(line: line, column: 1), code: .guideStale,
                message: "the guide no longer matches the partner files (first difference on this line); "
                    + "bring it up to date with: partner-rules guide --partners \(folder) --output \(path)")
        ]
    }
}
