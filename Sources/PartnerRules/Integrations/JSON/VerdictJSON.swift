extension Verdict {
    /// The verdict as JSON text in the key order of SPEC section 5, with `credentials` and
    /// `candidates` sorted by key: the same verdict always gives the same bytes.
    ///
    /// - Parameter pretty: one member a line, indented by two spaces; otherwise one line.
    public func jsonBytes(pretty: Bool = false) -> [UInt8] {
        var writer = ByteJSONWriter(indent: pretty ? 2 : 0)
        write(to: &writer)
        return writer.bytes
    }

    func write(to writer: inout ByteJSONWriter) {
        writer.beginObject()
        writer.key(CodingKeys.valid.stringValue)
        writer.bool(valid)
        writer.key(CodingKeys.partner.stringValue)
        writer.optionalString(partner)
        writer.key(CodingKeys.mediaSource.stringValue)
        writer.optionalString(mediaSource)
        writer.key(CodingKeys.plan.stringValue)
        writer.string(plan.rawValue)
        writer.key(CodingKeys.errors.stringValue)
        Self.write(errors, to: &writer)
        writer.key(CodingKeys.warnings.stringValue)
        Self.write(warnings, to: &writer)
        writer.key(CodingKeys.credentials.stringValue)
        writer.beginObject()
        for key in credentials.keys.sorted() {
            writer.key(key)
            writer.string(credentials[key] ?? "")
        }
        writer.endObject()
        writer.key(CodingKeys.candidates.stringValue)
        writer.beginObject()
        for key in candidates.keys.sorted() {
            writer.key(key)
            writer.stringArray(candidates[key] ?? [])
        }
        writer.endObject()
        writer.key(CodingKeys.adLevelOnly.stringValue)
        switch adLevelOnly {
        case nil:
            writer.null()
        case .unsupported(let names):
            writer.beginObject()
            writer.key(AdLevelOnly.CodingKeys.unsupported.stringValue)
            writer.stringArray(names)
            writer.endObject()
        case .supported(let names):
            writer.beginObject()
            writer.key(AdLevelOnly.CodingKeys.supported.stringValue)
            writer.stringArray(names)
            writer.endObject()
        }
        writer.endObject()
    }

    private static func write(_ issues: [Issue], to writer: inout ByteJSONWriter) {
        writer.beginArray()
        for issue in issues {
            writer.beginObject()
            writer.key(Issue.CodingKeys.code.stringValue)
            writer.string(issue.code.rawValue)
            writer.key(Issue.CodingKeys.path.stringValue)
            writer.string(issue.path)
            writer.key(Issue.CodingKeys.message.stringValue)
            writer.string(issue.message)
            writer.endObject()
        }
        writer.endArray()
    }
}
