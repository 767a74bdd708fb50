#ifndef CBYTESCAN_H
#define CBYTESCAN_H

/*
 * Byte classification for the CSV reader: one 64-byte block in, one bit per byte out.
 *
 * Bit i of each mask describes byte i of the block. `comma` marks ',', `line_feed` marks LF, and `special`
 * marks every byte that the reader's block path cannot pass over: '"', CR and every byte of 0x80 or above
 * (which must be checked as UTF-8). A record whose bytes up to its LF are all unmarked is plain: its fields
 * end exactly at the commas.
 *
 * `cbytescan_block` is inline so the Swift caller compiles it into its loop. It uses SSE2, which every x86-64
 * processor has; elsewhere it is `cbytescan_block_reference`, the plain C definition the tests hold it to.
 */

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef struct {
    uint64_t comma;
    uint64_t line_feed;
    uint64_t special;
} cbytescan_masks;

/* The masks of the 64 bytes at `block`, one byte at a time. */
cbytescan_masks cbytescan_block_reference(const uint8_t *block);

#if defined(__SSE2__)
static inline __attribute__((always_inline)) cbytescan_masks cbytescan_block(const uint8_t *block) {
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i line_feed = _mm_set1_epi8('\n');
    const __m128i carriage_return = _mm_set1_epi8('\r');
    cbytescan_masks masks = {0, 0, 0};
    for (int part = 0; part < 4; part++) {
        const __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)(block + 16 * part));
        const int shift = 16 * part;
        masks.comma |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, comma)) << shift;
        masks.line_feed |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, line_feed)) << shift;
        /* The sign bit of each byte is set exactly for bytes of 0x80 and above. */
        const __m128i marked = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, carriage_return)), bytes);
        masks.special |= (uint64_t)(uint16_t)_mm_movemask_epi8(marked) << shift;
    }
    return masks;
}
#else
static inline cbytescan_masks cbytescan_block(const uint8_t *block) {
    return cbytescan_block_reference(block);
}
#endif

#endif
