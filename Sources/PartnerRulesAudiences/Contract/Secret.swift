/// A value that must never be shown: an API key, a pull key, an AWS secret.
///
/// It encodes and decodes as the plain string (it has to travel in request bodies), but every way of printing it
/// (`description`, `debugDescription`, string interpolation, `dump`) shows `***`.
public struct Secret: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable, ExpressibleByStringLiteral
{
    /// The value itself; read it only to send it.
    public let value: String

    public init(_ value: String) { self.value = value }
    public init(stringLiteral value: String) { self.value = value }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// Always `***`.
    public var description: String { Secret.mask }
    public var debugDescription: String { Secret.mask }
    public var customMirror: Mirror { Mirror(reflecting: Secret.mask) }

    /// What is shown instead of a secret.
    public static let mask = "***"

    /// `text` with every occurrence of this secret replaced by `***`, for messages built from text that came back.
    public func redacting(_ text: String) -> String {
        guard !value.isEmpty else { return text }
        return text.replacing(value, with: Secret.mask)
    }
}
