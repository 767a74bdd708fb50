/// A decoded partner definition together with where each of its values stands in its file.
///
/// Paths are written as in the file: `credentials[1].pattern`, `media_sources[0]`. A rule asks for
/// the place of the value it is about, so its finding points at the line to edit.
public struct PartnerDocument: Sendable, Hashable {
    /// What the file says, decoded and typed.
    public var definition: PartnerDefinition
    /// The file as given on the command line (`partners/acme.yaml`).
    public var file: String
    /// Where each decoded value starts, keyed by path.
    public var locations: [String: SourceLocation]

    /// A decoded partner with the file it came from and the places of its values.
    public init(definition: PartnerDefinition, file: String, locations: [String: SourceLocation] = [:]) {
        self.definition = definition
        self.file = file
        self.locations = locations
    }

    /// The file name without folder and extension; a partner's `id` must equal it.
    package var fileStem: String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        if let dot = name.lastIndex(of: ".") { return String(name[..<dot]) }
        return name
    }

    /// Where the value at `path` starts; the nearest enclosing value known, or the start of the file.
    package func location(_ path: String) -> SourceLocation {
        var current = Substring(path)
        while true {
            if let location = locations[String(current)] { return location }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            current = current[..<cut]
        }
        return locations[""] ?? .start
    }

    /// Where the key of the value at `path` stands (the `pattern:` of `credentials[1].pattern`).
    package func keyLocation(_ path: String) -> SourceLocation {
        locations["\(path)#key"] ?? location(path)
    }

    /// A finding about the value at `path`, as serious as its code is.
    package func finding(
        at path: String, code: RuleCode, _ message: String, suggestion: String? = nil, onKey: Bool = false,
        related: [SourcePlace] = []
    ) -> Finding {
        Finding(
            file: file, location: onKey ? keyLocation(path) : location(path), code: code, message: message,
            suggestion: suggestion, related: related)
    }

    /// The place of the value at `path`, for a finding elsewhere that names it.
    package func place(_ path: String) -> SourcePlace { SourcePlace(file: file, location: location(path)) }
}
