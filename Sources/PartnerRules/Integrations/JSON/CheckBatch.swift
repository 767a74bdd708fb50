/// A batch of checks (the body of `serve`'s `POST /v1/check/batch`, SPEC section 22):
/// `{"common": {…}?, "items": [{"id": "…", "request": {…}, "existing": […]?, "today": "…"?}]}`.
///
/// Read in two passes over the same bytes, so nothing is decided before the batch as a whole is known to be
/// answerable: the first checks the JSON's structure, `common`, the number of items and that every id is given once;
/// the second reads the items one at a time and hands each to the caller, which decides it and lets it go (the items
/// are never all held). `common` holds request members given to every item; an item's own members win, key by key.
/// An item that cannot be read gets its error (with its JSON path, `items[3].request.apps[0]`) and the others are
/// still read.
package enum CheckBatch {
    /// The most items a batch may hold.
    package static let maximumItems = 10_000
    /// The largest batch body, in bytes.
    package static let maximumBytes = 16 << 20

    /// One item as read: its id (`nil` when it has none that is a string) and its body, or why it cannot be read.
    package struct Item {
        package var index: Int
        package var id: String?
        package var body: Result<CheckBody, JSONInputError>
    }

    /// Why a batch is refused as a whole.
    package enum Refusal: Error {
        /// The body is not a batch: bad JSON, a `common` that is not an object of request members, no items,
        /// two items with one id.
        case invalid(JSONInputError)
        /// More than ``maximumItems`` items.
        case tooManyItems(JSONInputError)
    }

    private enum Key: String, CaseIterable {
        case common, items
    }

    private enum ItemKey: String, CaseIterable {
        case id, request, existing, today
    }

    /// Reads the batch and calls `each` with every item in order. Throws before any item is handed over when the
    /// batch as a whole is refused.
    package static func read(json: UnsafeBufferPointer<UInt8>, _ each: (Item) -> Void) throws(Refusal) {
        var scanner = JSONScanner(json)
        let outline: Outline
        do throws(JSONInputError) {
            outline = try Outline.read(from: &scanner)
        } catch {
            throw .invalid(error)
        }
        if outline.ids.count > maximumItems {
            throw .tooManyItems(JSONInputError(
                line: 1, column: 1, path: "items",
                message: "the batch has more than \(maximumItems) items; send at most \(maximumItems) items a batch"))
        }
        var items = outline.items
        do throws(JSONInputError) {
            try items.beginArray()
            var index = 0
            while try items.nextElement(&index) {
                let saved = items
                let id = outline.ids[index - 1]
                do throws(JSONInputError) {
                    let body = try readItem(from: &items, common: outline.common, hasID: id != nil)
                    each(Item(index: index - 1, id: id, body: .success(body)))
                } catch {
                    items = saved
                    try items.skipValue()
                    each(Item(index: index - 1, id: id, body: .failure(error)))
                }
            }
        } catch {
            // The first pass read every item through, so the second cannot fail on the JSON itself.
            throw .invalid(error)
        }
    }

    /// What the first pass learns: the shared request members, where the items start, and every item's id.
    private struct Outline {
        var common: IntegrationRequest
        var items: JSONScanner
        var ids: [String?]

        static func read(from scanner: inout JSONScanner) throws(JSONInputError) -> Outline {
            var common = IntegrationRequest(partner: "", apps: [])
            var items: JSONScanner?
            var ids: [String?] = []
            try scanner.beginObject()
            var first = true
            while let key = try scanner.nextKey(&first) {
                switch Key(rawValue: key) {
                case .common:
                    if try scanner.readNull() { continue }
                    guard scanner.atObject() else {
                        throw scanner.mismatch("an object of request members every item shares, such as {\"partner\": \"…\"}")
                    }
                    try scanner.beginObject()
                    var firstMember = true
                    while let member = try scanner.nextKey(&firstMember) {
                        guard let known = IntegrationRequest.CodingKeys.member(member) else {
                            throw scanner.unknownKey(member, known: IntegrationRequest.CodingKeys.allCases.map(\.stringValue))
                        }
                        try common.read(known, from: &scanner)
                    }
                case .items:
                    items = scanner
                    ids = try readIDs(from: &scanner)
                case nil:
                    throw scanner.unknownKey(key, known: Key.allCases.map(\.rawValue))
                }
            }
            try scanner.expectEnd()
            guard let items else {
                throw JSONInputError(
                    line: 1, column: 1, path: "",
                    message: "the batch has no \"items\"; put the checks in \"items\": [{\"id\": \"…\", \"request\": {…}}]")
            }
            guard !ids.isEmpty else {
                throw JSONInputError(line: 1, column: 1, path: "items", message: "the batch has no items; send at least one in \"items\"")
            }
            return Outline(common: common, items: items, ids: ids)
        }

        /// Passes over the items, keeping each one's id and refusing an id given twice.
        private static func readIDs(from scanner: inout JSONScanner) throws(JSONInputError) -> [String?] {
            var ids: [String?] = []
            var seen: [String: Int] = [:]
            guard scanner.atArray() else { throw scanner.mismatch("an array of items, each {\"id\": \"…\", \"request\": {…}}") }
            try scanner.beginArray()
            var index = 0
            while try scanner.nextElement(&index) {
                var id: String?
                if scanner.atObject() {
                    try scanner.beginObject()
                    var first = true
                    while let key = try scanner.nextKey(&first) {
                        guard key == ItemKey.id.rawValue, scanner.atString() else {
                            try scanner.skipValue()
                            continue
                        }
                        let start = scanner.valueStart()
                        let text = try scanner.readString()
                        if let earlier = seen.updateValue(index - 1, forKey: text) {
                            throw scanner.fail(
                                "items \(earlier) and \(index - 1) have the same id; give each item an id of its own", at: start)
                        }
                        id = text
                    }
                } else {
                    try scanner.skipValue()
                }
                ids.append(id)
            }
            return ids
        }
    }

    /// One item, its request read over `common`.
    private static func readItem(
        from scanner: inout JSONScanner, common: IntegrationRequest, hasID: Bool
    ) throws(JSONInputError) -> CheckBody {
        var body = CheckBody(request: common)
        var hasRequest = false
        var sawID = false
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(&first) {
            switch ItemKey(rawValue: key) {
            case .id:
                guard hasID else { throw scanner.mismatch("the item's id as a string") }
                sawID = true
                try scanner.skipValue()
            case .request:
                guard !(try scanner.readNull()) else { continue }
                try scanner.beginObject()
                var firstMember = true
                while let member = try scanner.nextKey(&firstMember) {
                    guard let known = IntegrationRequest.CodingKeys.member(member) else {
                        throw scanner.unknownKey(member, known: IntegrationRequest.CodingKeys.allCases.map(\.stringValue))
                    }
                    try body.request.read(known, from: &scanner)
                }
                hasRequest = true
            case .existing:
                body.existing = try scanner.readNull() ? [] : ExistingIntegration.readList(from: &scanner)
            case .today:
                body.today = try CalendarDate.readOptional(from: &scanner)
            case nil:
                throw scanner.unknownKey(key, known: ItemKey.allCases.map(\.rawValue))
            }
        }
        guard sawID else { throw scanner.fail("the item has no \"id\"; give each item an id of your choosing") }
        guard hasRequest else { throw scanner.fail("the item has no \"request\"; put the request to check under \"request\"") }
        return body
    }
}
