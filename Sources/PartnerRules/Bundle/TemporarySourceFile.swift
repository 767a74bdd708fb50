// TEMPORARY until the lead's Catalog.revision and Catalog.sourceFiles land on main.

/// One file the catalog was loaded from.
public struct CatalogSourceFile: Sendable, Hashable {
    public let name: String
    public let bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    /// SPEC 17's revision of `files`.
    public static func revision(of files: [CatalogSourceFile]) -> String {
        var message: [UInt8] = []
        for file in files.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            message += Array(file.name.utf8) + [0] + Array(String(file.bytes.count).utf8) + [0] + file.bytes
        }
        return "sha256:" + SHA256Digest.hex(of: message)
    }
}
