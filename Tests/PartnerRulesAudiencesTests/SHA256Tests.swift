import CByteKernels
import Crypto
import Foundation
import PartnerRulesTestSupport
import Testing

/// The C kernels' SHA-256, each implementation this CPU runs, against FIPS 180-4's examples and `Crypto.SHA256`.
///
/// The accelerated implementations are tested only where the CPU has them; ``theCPUsInstructionsAreUsed()`` makes
/// sure that a CPU which has them is not quietly given the portable one.
@Suite("SHA-256 kernels")
struct SHA256Tests {
    /// One implementation of the compression function, as the tests name it.
    enum Implementation: String, CaseIterable, Sendable {
        case portable, x86SHA, armv8SHA2

        var kernel: pr_sha256_implementation {
            switch self {
            case .portable: PR_SHA256_PORTABLE
            case .x86SHA: PR_SHA256_X86_SHA
            case .armv8SHA2: PR_SHA256_ARMV8_SHA2
            }
        }

        var isAvailable: Bool { pr_sha256_available(kernel) != 0 }

        /// Every implementation this CPU runs; the portable one always.
        static let available = allCases.filter(\.isAvailable)

        /// The digest of `bytes` in lower-case hex.
        func hex(_ bytes: [UInt8]) -> String {
            var digest = [UInt8](repeating: 0, count: 32)
            let ran = bytes.withUnsafeBufferPointer { input in
                pr_sha256_using(kernel, input.baseAddress, input.count, &digest)
            }
            precondition(ran == 1, "\(self) is not available")
            return hexString(digest)
        }
    }

    static func hexString(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func reference(_ bytes: [UInt8]) -> String { hexString(SHA256.hash(data: bytes)) }

    /// The examples of FIPS 180-4's companion document (NIST, "SHA256.pdf") and the one-million-'a' message.
    @Test(arguments: Implementation.available)
    func fipsExamples(_ implementation: Implementation) {
        #expect(implementation.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(implementation.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            implementation.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            implementation.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every length from 0 to 130 bytes (one block with padding, two, and past the short path's limit of 119), then
    /// random lengths up to 4 KiB, each with random bytes.
    @Test(arguments: Implementation.available)
    func agreesWithSwiftCrypto(_ implementation: Implementation) {
        var random = SeededRandom(seed: 0x5348_4132_3536)
        var lengths = Array(0...130)
        for _ in 0..<200 { lengths.append(Int(random.next() % 4_096)) }
        for length in lengths {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            #expect(implementation.hex(bytes) == Self.reference(bytes), "\(implementation), length \(length)")
        }
    }

    /// The compression function alone, chained over several calls, against the portable one.
    @Test(arguments: Implementation.available)
    func blocksChainAcrossCalls(_ implementation: Implementation) {
        var random = SeededRandom(seed: 99)
        let data = (0..<(64 * 9)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var expected: [UInt32] = [0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19]
        var actual = expected
        data.withUnsafeBufferPointer { bytes in
            _ = pr_sha256_blocks_using(PR_SHA256_PORTABLE, &expected, bytes.baseAddress, 9)
            var offset = 0
            for blocks in [1, 3, 5] {
                _ = pr_sha256_blocks_using(implementation.kernel, &actual, bytes.baseAddress.map { $0 + offset }, blocks)
                offset += 64 * blocks
            }
        }
        #expect(actual == expected)
    }

    /// A CPU that reports SHA instructions gets them: otherwise a detection bug would pass every test above on the
    /// portable implementation and only show as a slow `audiences hash`.
    @Test func theCPUsInstructionsAreUsed() throws {
        #if os(Linux)
            let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
            let flags = Set(
                cpuinfo.split(separator: "\n")
                    .filter { $0.hasPrefix("flags") || $0.hasPrefix("Features") }
                    .flatMap { $0.split(separator: ":").dropFirst().joined().split(separator: " ") }
                    .map(String.init))
            #if arch(x86_64)
                let expected = flags.contains("sha_ni") ? PR_SHA256_X86_SHA : PR_SHA256_PORTABLE
            #elseif arch(arm64)
                let expected = flags.contains("sha2") ? PR_SHA256_ARMV8_SHA2 : PR_SHA256_PORTABLE
            #else
                let expected = PR_SHA256_PORTABLE
            #endif
            #expect(pr_sha256_fastest() == expected)
        #endif
        #expect(Implementation.portable.isAvailable)
    }
}
