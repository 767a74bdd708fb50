public import PartnerRules

/// An audience name as the advertiser typed it: 2 to 100 characters, any language, any symbol.
///
/// Characters are counted as a person sees them (Swift `Character`s, extended grapheme clusters): `"👩‍👩‍👧"` is one
/// character, `"é"` is one whether composed or not. Control characters (new lines, tabs, …) are refused: they are
/// not something a person sees or types into a name field.
public struct AudienceName: ValidatedText {
    public let value: String

    /// The fewest and most characters a name may have.
    public static let lengthRange = 2...100

    /// Checks `value` and keeps it as given (no trimming, no case folding).
    public init(_ value: String) throws(AudienceContractError) {
        let count = value.count
        guard AudienceName.lengthRange.contains(count) else { throw .nameLength(count: count) }
        if let control = value.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw .nameControlCharacter(scalar: control.value)
        }
        self.value = value
    }

}

/// The audience names one advertiser already has, to keep new names unique.
///
/// Names compare as a person reads them: canonically equivalent strings (`"é"` composed or decomposed) are the
/// same name; case differs (`"Buyers"` and `"buyers"` are two names), as the UI shows them.
public struct AudienceNameRegistry: Sendable, Hashable {
    public private(set) var names: Set<String>

    public init(existing: some Sequence<String> = []) {
        names = Set(existing)
    }

    /// Checks `name` (length, characters, uniqueness) without adding it.
    public func validate(_ name: String) throws(AudienceContractError) -> AudienceName {
        let checked = try AudienceName(name)
        guard !names.contains(checked.value) else { throw .nameTaken(name) }
        return checked
    }

    /// Checks `name` and adds it.
    @discardableResult
    public mutating func register(_ name: String) throws(AudienceContractError) -> AudienceName {
        let checked = try validate(name)
        names.insert(checked.value)
        return checked
    }
}

/// A partner's id for one audience container: ASCII letters and digits, at least one.
public struct ContainerID: ValidatedText {
    public let value: String

    public init(_ value: String) throws(AudienceContractError) {
        guard !value.isEmpty, value.utf8.allSatisfy({ byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        })
        else { throw .badContainerID(String(value.prefix(80))) }
        self.value = value
    }

    private init(unchecked value: String) { self.value = value }

    /// A new id of `length` random lower-case letters and digits.
    public static func random(length: Int = 16) -> ContainerID {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return ContainerID(unchecked: String((0..<max(1, length)).map { _ in alphabet.randomElement() ?? "a" }))
    }

}

/// A value that breaks the audience contract.
public enum AudienceContractError: Error, Sendable, Hashable, CustomStringConvertible {
    case nameLength(count: Int)
    case nameControlCharacter(scalar: UInt32)
    case nameTaken(String)
    case badContainerID(String)
    case syncURLs(missing: [AudienceIdentifier], unsupported: [AudienceIdentifier])

    public var description: String {
        switch self {
        case .nameLength(let count):
            return "audience name has \(count) characters; use 2 to 100"
        case .nameControlCharacter(let scalar):
            return "audience name contains the control character U+\(String(scalar, radix: 16, uppercase: true)); remove it"
        case .nameTaken(let name):
            return "audience name '\(name)' is already used by this advertiser; choose another"
        case .badContainerID(let value):
            return "container id '\(value)' must be ASCII letters and digits, at least one"
        case .syncURLs(let missing, let unsupported):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(missing.map(\.syncKey).joined(separator: ", "))") }
            if !unsupported.isEmpty {
                parts.append("\(unsupported.map(\.syncKey).joined(separator: ", ")) not supported by the partner")
            }
            return "sync body needs exactly one URL per identifier the partner supports: " + parts.joined(separator: "; ")
        }
    }
}

/// Text that is checked when it is made: audience names, container ids. Decoding runs the same
/// check, so a value of such a type is valid however it arrived; it encodes as its plain text.
public protocol ValidatedText: Sendable, Hashable, Codable, CustomStringConvertible {
    var value: String { get }
    init(_ value: String) throws(AudienceContractError)
}

extension ValidatedText {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Self(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public var description: String { value }
}
