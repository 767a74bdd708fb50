#ifndef CBYTEKERNELS_H
#define CBYTEKERNELS_H

/*
 * Small byte kernels for the package's hot loops, each over a fixed number of bytes, and SHA-256
 * (CByteKernelsSHA256.h).
 *
 * Each is inline so that its Swift caller compiles it into its loop. It uses SSE2, which every x86-64 processor has;
 * elsewhere it is the plain C `..._reference` function of the same name, which the tests also hold the SSE2 form to.
 * Swift's own SIMD types are not used for these: their mask operations compile to a loop over the lanes.
 */

#include <stddef.h>
#include <stdint.h>

#include "CByteKernelsSHA256.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/*
 * CSV: one 64-byte block in, one bit per byte out. Bit i of each mask describes byte i of the block. `comma` marks
 * ',', `line_feed` marks LF, and `special` marks every byte that the CSV reader's block path cannot pass over: '"',
 * CR and every byte of 0x80 or above (which must be checked as UTF-8). A record whose bytes up to its LF are all
 * unmarked is plain: its fields end exactly at the commas.
 */
typedef struct {
    uint64_t comma;
    uint64_t line_feed;
    uint64_t special;
} pr_csv_masks;

pr_csv_masks pr_csv_block_masks_reference(const uint8_t *block);

/*
 * Identifiers: copies the first `count` (0 to 64) bytes at `source` into the 64 bytes at `block`, 'A' to 'Z' turned
 * into 'a' to 'z', and zeros after them. Returns 1, or 0 when one of those bytes is 0x80 or above (then `block` holds
 * nothing useful). Reads all 64 bytes at `source`, whatever `count` is.
 */
int pr_ascii_lowercase_block_reference(const uint8_t *source, size_t count, uint8_t *block);

/* Hex: the 64 lower-case hex digits of the 32 bytes at `bytes`, written to `digits`. */
void pr_hex_encode_32_reference(const uint8_t *bytes, uint8_t *digits);

#if defined(__SSE2__)

static inline __attribute__((always_inline)) pr_csv_masks pr_csv_block_masks(const uint8_t *block) {
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i line_feed = _mm_set1_epi8('\n');
    const __m128i carriage_return = _mm_set1_epi8('\r');
    pr_csv_masks masks = {0, 0, 0};
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

static inline __attribute__((always_inline)) int pr_ascii_lowercase_block(const uint8_t *source, size_t count, uint8_t *block) {
    const __m128i lane_numbers = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m128i limit = _mm_set1_epi8((char)count);
    /* Unsigned 'A' <= b <= 'Z' as one signed compare: b - 'A' + 0x80 < 26 + 0x80 (as signed bytes: < -102). */
    const __m128i shift_to_signed = _mm_set1_epi8((char)(0x80 - 'A'));
    const __m128i letter_limit = _mm_set1_epi8((char)(0x80 + 26));
    const __m128i case_bit = _mm_set1_epi8(0x20);
    int high_bytes = 0;
    for (int part = 0; part < 4; part++) {
        const __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)(source + 16 * part));
        /* Lanes before `count` (at most 64, so the signed compare is exact). */
        const __m128i inside = _mm_cmpgt_epi8(limit, _mm_add_epi8(lane_numbers, _mm_set1_epi8((char)(16 * part))));
        high_bytes |= _mm_movemask_epi8(_mm_and_si128(bytes, inside));
        const __m128i upper = _mm_cmplt_epi8(_mm_add_epi8(bytes, shift_to_signed), letter_limit);
        const __m128i lowered = _mm_or_si128(bytes, _mm_and_si128(upper, case_bit));
        _mm_storeu_si128((__m128i *)(void *)(block + 16 * part), _mm_and_si128(lowered, inside));
    }
    return high_bytes == 0;
}

static inline __attribute__((always_inline)) void pr_hex_encode_32(const uint8_t *bytes, uint8_t *digits) {
    const __m128i low_nibble = _mm_set1_epi8(0x0F);
    const __m128i nine = _mm_set1_epi8(9);
    const __m128i zero_digit = _mm_set1_epi8('0');
    /* 'a' - '0' - 10: what a nibble above 9 needs on top of '0'. */
    const __m128i letter_offset = _mm_set1_epi8('a' - '0' - 10);
    for (int part = 0; part < 2; part++) {
        const __m128i value = _mm_loadu_si128((const __m128i *)(const void *)(bytes + 16 * part));
        const __m128i high = _mm_and_si128(_mm_srli_epi16(value, 4), low_nibble);
        const __m128i low = _mm_and_si128(value, low_nibble);
        /* Each byte's high nibble, then its low one. */
        const __m128i nibbles[2] = {_mm_unpacklo_epi8(high, low), _mm_unpackhi_epi8(high, low)};
        for (int half = 0; half < 2; half++) {
            const __m128i letters = _mm_and_si128(_mm_cmpgt_epi8(nibbles[half], nine), letter_offset);
            const __m128i ascii = _mm_add_epi8(_mm_add_epi8(nibbles[half], zero_digit), letters);
            _mm_storeu_si128((__m128i *)(void *)(digits + 32 * part + 16 * half), ascii);
        }
    }
}

#else

static inline pr_csv_masks pr_csv_block_masks(const uint8_t *block) {
    return pr_csv_block_masks_reference(block);
}

static inline int pr_ascii_lowercase_block(const uint8_t *source, size_t count, uint8_t *block) {
    return pr_ascii_lowercase_block_reference(source, count, block);
}

static inline void pr_hex_encode_32(const uint8_t *bytes, uint8_t *digits) {
    pr_hex_encode_32_reference(bytes, digits);
}

#endif

#endif
