internal import CByteKernels
import Foundation

/// One file a catalog was built from, as it was read: the partner files and `_catalog.yaml`.
///
/// A catalog keeps its files so that a service can show a partner's file, lint an edit with the other files as
/// context, and put the same bytes in a bundle.
public struct CatalogSourceFile: Sendable, Hashable {
    /// The file's name without its folder (`acme.yaml`, `_catalog.yaml`).
    public let name: String
    /// The file's bytes.
    public let bytes: [UInt8]

    /// A file of the catalog by its name in the folder and its bytes as read.
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    /// The bytes as text (malformed UTF-8 replaced, which a loaded catalog never has).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// The revision of a catalog: which files, exactly, it was built from (SPEC 17).
///
/// `sha256:` and the lower-case hex SHA-256 over the files in byte order of their names, each as its name, NUL, its
/// length in decimal, NUL, and its bytes. The same files give the same revision whatever folder they are in, the
/// order they were listed or their times; loading a folder or a bundle of the same files gives the same revision.
public enum CatalogRevision {
    /// The prefix every revision starts with.
    public static let prefix = "sha256:"

    /// The revision of `files`.
    public static func of(_ files: [CatalogSourceFile]) -> String {
        var message: [UInt8] = []
        message.reserveCapacity(files.reduce(0) { $0 + $1.name.utf8.count + $1.bytes.count + 24 })
        for file in inNameOrder(files) {
            message += file.name.utf8
            message.append(0)
            message += String(file.bytes.count).utf8
            message.append(0)
            message += file.bytes
        }
        return prefix + SHA256Digest.hex(of: message)
    }

    /// The revision of a catalog built from definitions, which has no files (``Catalog/init(definitions:settings:)``):
    /// the revision of each definition's JSON encoding (keys sorted) as `ID.json`, and the settings' as
    /// `_catalog.json`. Different definitions give different revisions; the order they are given in does not matter.
    static func of(definitions: [PartnerDefinition], settings: CatalogSettings) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let encoded = definitions.map { definition in
            CatalogSourceFile(name: "\(definition.id).json", bytes: Array((try? encoder.encode(definition)) ?? Data()))
        }
        let settingsFile = CatalogSourceFile(name: "_catalog.json", bytes: Array((try? encoder.encode(settings)) ?? Data()))
        return of(encoded + [settingsFile])
    }

    /// `files` in byte order of their names, the order a revision hashes and a bundle stores them in.
    public static func inNameOrder(_ files: [CatalogSourceFile]) -> [CatalogSourceFile] {
        files.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }
}

/// SHA-256 of a whole message, from the C kernels (the CPU's SHA instructions where it has them). For catalog
/// revisions and bundle integrity; the audience hashing has its own allocation-free path for short identifiers.
package enum SHA256Digest {
    /// The 32 digest bytes of `message`.
    package static func bytes(of message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        message.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                pr_sha256(input.baseAddress, input.count, output.baseAddress)
            }
        }
        return digest
    }

    /// The 64 lower-case hex digits of `message`'s digest.
    package static func hex(of message: [UInt8]) -> String {
        let digest = bytes(of: message)
        var digits = [UInt8](repeating: 0, count: 64)
        digest.withUnsafeBufferPointer { input in
            digits.withUnsafeMutableBufferPointer { output in
                pr_hex_encode_32(input.baseAddress, output.baseAddress)
            }
        }
        return String(decoding: digits, as: UTF8.self)
    }
}
