// TEMPORARY: stands in for what the lead lands on main (Catalog.revision, sourceFiles); removed at the merge.
public struct CatalogSourceFile: Sendable, Hashable {
    public let name: String
    public let bytes: [UInt8]
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

extension Catalog {
    public var revision: String { "sha256:pending" }
    public var sourceFiles: [CatalogSourceFile] { [] }
    public func sourceFile(ofPartner id: String) -> CatalogSourceFile? { nil }
}
