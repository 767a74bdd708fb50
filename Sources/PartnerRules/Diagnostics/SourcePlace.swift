/// Where a fact stands in a partner file: the file as the catalog was loaded
/// (`partners/acme.yaml`) and the 1-based line and column of its node.
public struct SourcePlace: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file, as the catalog was loaded (`partners/acme.yaml`).
    public var file: String
    /// The line, from 1.
    public var line: Int
    /// The column, from 1.
    public var column: Int

    /// A place in `file` at `location`.
    public init(file: String, location: SourceLocation) {
        self.file = file
        self.line = location.line
        self.column = location.column
    }

    /// The line and column together.
    public var location: SourceLocation { SourceLocation(line: line, column: column) }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}
