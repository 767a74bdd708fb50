import CByteKernels
import PartnerRulesTestSupport
import Testing

/// The SSE2 byte kernels against their plain C definitions, on every byte value and on random blocks weighted
/// towards the bytes each kernel treats specially.
@Suite("byte kernels")
struct ByteKernelTests {
    /// 256 blocks that put every byte value at every position, then random ones.
    static func blocks(weighting interesting: [UInt8], seed: UInt64) -> [[UInt8]] {
        var random = SeededRandom(seed: seed)
        var blocks: [[UInt8]] = (0..<256).map { value in (0..<64).map { UInt8(truncatingIfNeeded: value &+ $0 &* 4) } }
        for _ in 0..<2_000 {
            blocks.append(
                (0..<64).map { _ in
                    random.next() % 2 == 0
                        ? interesting[Int(random.next() % UInt64(interesting.count))] : UInt8(truncatingIfNeeded: random.next())
                })
        }
        return blocks
    }

    @Test func csvBlockMasks() {
        let interesting: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D, 0x7F, 0x80, 0xFF, UInt8(ascii: "a")]
        for block in Self.blocks(weighting: interesting, seed: 7) {
            let (fast, reference) = block.withUnsafeBufferPointer { bytes in
                (pr_csv_block_masks(bytes.baseAddress), pr_csv_block_masks_reference(bytes.baseAddress))
            }
            #expect(fast.comma == reference.comma && fast.line_feed == reference.line_feed && fast.special == reference.special)
        }
    }

    @Test func asciiLowercaseBlock() {
        // The letters' neighbours ('@', '[', '`', '{') must not change; bytes from 0x80 fail only inside `count`.
        let interesting: [UInt8] = Array("@AZ[`az{".utf8) + [0x7F, 0x80, 0xC3, 0xFF]
        var random = SeededRandom(seed: 11)
        for source in Self.blocks(weighting: interesting, seed: 8) {
            let count = Int(random.next() % 65)
            var fast = [UInt8](repeating: 0xEE, count: 64)
            var reference = [UInt8](repeating: 0xEE, count: 64)
            let (fastASCII, referenceASCII) = source.withUnsafeBufferPointer { bytes in
                (
                    pr_ascii_lowercase_block(bytes.baseAddress, count, &fast),
                    pr_ascii_lowercase_block_reference(bytes.baseAddress, count, &reference)
                )
            }
            #expect(fastASCII == referenceASCII, "count \(count)")
            if referenceASCII != 0 { #expect(fast == reference, "count \(count)") }
        }
    }

    @Test func hexEncode32() {
        for bytes in Self.blocks(weighting: [0x00, 0x09, 0x0A, 0x0F, 0x90, 0xA0, 0xF0, 0xFF], seed: 9) {
            var fast = [UInt8](repeating: 0, count: 64)
            var reference = [UInt8](repeating: 0, count: 64)
            pr_hex_encode_32(bytes, &fast)
            pr_hex_encode_32_reference(bytes, &reference)
            #expect(fast == reference)
        }
    }
}
