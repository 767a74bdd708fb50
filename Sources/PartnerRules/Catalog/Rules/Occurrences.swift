/// The places one value (an id, a media source, a name) stands across the catalog, grouped by its
/// key, for the rules that report a value listed more than once.
///
/// A value listed twice is reported at **every** place it stands, each finding naming the others
/// (in its message and in ``Finding/related``), so whoever copied a file sees the finding in the
/// file they edited (SPEC 4a).
struct Occurrences {
    /// One place a value stands: the file, the path of the value in it, and what it is there.
    struct Place {
        /// The value as written at this place.
        var value: String
        var document: PartnerDocument
        var path: String
        /// What the value is at this place.
        var role: Role = .item

        var sourcePlace: SourcePlace { document.place(path) }
    }

    /// What a value is where it stands; the raw value is how a message names it.
    enum Role: String {
        case id
        case displayName = "display name"
        case alias
        case mediaSource = "media source"
        case supersededSource = "superseded media source"
        /// An item of some other list.
        case item

        /// A name a request can use to find a partner by (not an id or a media source).
        var isName: Bool { self == .displayName || self == .alias }
    }

    private var groups: [String: [Place]] = [:]
    private var keys: [String] = []

    /// Records that `value` stands at `path` of `document`; values with the same `key` are one value.
    mutating func add(_ value: String, key: String, _ document: PartnerDocument, at path: String, role: Role = .item) {
        if groups[key] == nil { keys.append(key) }
        groups[key, default: []].append(Place(value: value, document: document, path: path, role: role))
    }

    /// Every group of places that share a key and hold more than one place, in the order first seen.
    var repeated: [[Place]] {
        keys.compactMap { key in
            guard let places = groups[key], places.count > 1 else { return nil }
            return places
        }
    }

    /// Appends a finding at every place of every repeated value, naming the other places of the
    /// value in `message` (given the place and the others as text) and in ``Finding/related``.
    func report(_ code: RuleCode, into findings: inout [Finding], _ message: (_ place: Place, _ others: String) -> String) {
        for group in repeated {
            for place in group {
                let others = Self.others(of: place, in: group)
                findings.append(place.document.finding(at: place.path, code: code, message(place, Self.list(others)), related: others))
            }
        }
    }

    /// The places of `group` other than `place`, as a finding names them.
    static func others(of place: Place, in group: [Place]) -> [SourcePlace] {
        let own = place.sourcePlace
        return group.map(\.sourcePlace).filter { $0 != own }
    }

    /// `a.yaml:4:17` or `a.yaml:4:17 and b.yaml:6:5`, as a message names places.
    static func list(_ places: [SourcePlace]) -> String {
        let names = places.map(\.description)
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
    }
}
