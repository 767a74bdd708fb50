/// Where a fact stands in a partner file: the file as the catalog was loaded
/// (`partners/acme.yaml`) and the 1-based line and column of its node.
public struct SourcePlace: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, location: SourceLocation) {
        self.file = file
        self.line = location.line
        self.column = location.column
    }

    public var location: SourceLocation { SourceLocation(line: line, column: column) }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}
