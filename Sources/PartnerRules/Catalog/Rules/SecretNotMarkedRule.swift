internal import ByteIO

/// A field of a non-secret kind whose key or label reads like a secret must say `secret: true` or
/// `secret: false` outright (SPEC 3a): left unmarked, `check` would print its value. A field that says
/// `secret: false` has been thought about; with `not_secret_because` (a key *id*, say) its value is shown in
/// `check`'s output, and without it ``SecretUnmaskedRule`` refuses it.
struct SecretNotMarkedRule: FileRule {
    static let codes: [RuleCode] = [.secretNotMarked]
    static let summary = RuleCode.secretNotMarked.summary
    static var examples: RuleExamples {
        func file(_ key: String, _ kind: String, label: String = "Value") -> String {
            exampleCredentialsPartner("  - key: \(key)\n    label: \(label)\n    kind: \(kind)")
        }
        return RuleExamples(
            passing: [
                ["acme.yaml": file("api_key", "secret")], ["acme.yaml": file("account", "identifier")],
                ["acme.yaml": file("key_id", "identifier\n    secret: false\n    not_secret_because: it names the key")],
                ["acme.yaml": file("apikey", "text\n    secret: true")],
            ],
            failing: [
                ["acme.yaml": file("api_key", "text")], ["acme.yaml": file("refresh_token", "identifier")],
                ["acme.yaml": file("apikey", "text")], ["acme.yaml": file("app_signature", "identifier")],
                ["acme.yaml": file("account", "text", label: "Secret-Key")],
            ])
    }

    func apply(_ document: PartnerDocument, into findings: inout [Finding]) {
        for (prefix, fields) in CredentialSets.of(document.definition) {
            for (index, field) in fields.enumerated() where !field.kind.isSecretByDefault {
                if document.locations["\(prefix)[\(index)].secret"] != nil { continue }
                guard let word = SecretWords.match(field.key) ?? SecretWords.match(field.label) else { continue }
                findings.append(
                    document.finding(
                        at: "\(prefix)[\(index)]", code: .secretNotMarked,
                        "field '\(field.key)' looks secret (it contains '\(word)'); add 'secret: true' under it to hide its value, or 'secret: false' and 'not_secret_because:' with the reason if the value may be shown"))
            }
        }
    }
}

/// The words that make a credential key or label look secret (SPEC 3a), found once case, spaces,
/// `_` and `-` are ignored: `apikey`, `Secret Key`, `app_signature` all look secret.
enum SecretWords {
    static let words = ["password", "passwd", "pwd", "secret", "token", "key", "signature", "credential", "auth"]

    private static let wordBytes = words.map { Array($0.utf8) }

    /// The first secret word inside `text`, or nil.
    static func match(_ text: String) -> String? {
        // Every key and nearly every label is ASCII: folded and searched as bytes, which a catalog load does for
        // every field. Other text takes Unicode's lower case (a Kelvin sign lowers to an ASCII `k`).
        guard text.isAllASCII else {
            let folded = String(text.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" })
            return words.first { folded.contains($0) }
        }
        var folded: [UInt8] = []
        folded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "_") && byte != UInt8(ascii: "-") {
            folded.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
        }
        return wordBytes.firstIndex { folded.firstIndex(ofBytes: $0) != nil }.map { words[$0] }
    }
}
