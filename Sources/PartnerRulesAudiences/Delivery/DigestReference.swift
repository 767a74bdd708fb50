public import PartnerRulesAudiencesCore
import Crypto

extension Digest32 {
    /// The same digest through swift-crypto's public API; the reference the fast path is tested against.
    public static func reference(_ bytes: [UInt8]) -> Digest32 {
        let digest = SHA256.hash(data: bytes)
        return digest.withUnsafeBytes { raw in
            Digest32(
                a: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                b: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                c: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
                d: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }
}
