internal import CByteKernels

/// SHA-256 over bytes in memory, through the package's own implementation (`CByteKernels`): the core library links
/// no cryptography package.
enum SHA256Digest {
    /// The 32-byte digest of `bytes`.
    static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            digest.withUnsafeMutableBufferPointer { pr_sha256(buffer.baseAddress, buffer.count, $0.baseAddress) }
        }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBufferPointer { buffer in
                digest.withUnsafeMutableBufferPointer { pr_sha256(buffer.baseAddress, buffer.count, $0.baseAddress) }
            }
        }
        return digest
    }

    /// The 64 lower-case hex digits of the digest of `bytes`.
    static func hex(of bytes: some Collection<UInt8>) -> String {
        let digest = digest(bytes)
        return String(unsafeUninitializedCapacity: 64) { buffer in
            digest.withUnsafeBufferPointer { pr_hex_encode_32($0.baseAddress, buffer.baseAddress) }
            return 64
        }
    }
}
