#include "CByteKernelsSHA256.h"

#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define PR_SHA256_HAS_X86 1
#elif defined(__aarch64__)
#include <arm_neon.h>
#define PR_SHA256_HAS_ARM 1
#if defined(__linux__)
#include <sys/auxv.h>
#endif
#endif

/* The round constants, FIPS 180-4 section 4.2.2. */
static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* The initial hash value, FIPS 180-4 section 5.3.3. */
static const uint32_t initial_hash[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

/* ---- Portable C: FIPS 180-4 section 6.2.2 as written. ---- */

static inline uint32_t rotate_right(uint32_t value, int bits) { return (value >> bits) | (value << (32 - bits)); }

static inline uint32_t load_big_endian(const uint8_t *bytes) {
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | (uint32_t)bytes[3];
}

static void blocks_portable(uint32_t *state, const uint8_t *data, size_t blocks) {
    for (; blocks > 0; blocks--, data += 64) {
        uint32_t schedule[64];
        for (int t = 0; t < 16; t++) schedule[t] = load_big_endian(data + 4 * t);
        for (int t = 16; t < 64; t++) {
            const uint32_t w15 = schedule[t - 15], w2 = schedule[t - 2];
            const uint32_t sigma0 = rotate_right(w15, 7) ^ rotate_right(w15, 18) ^ (w15 >> 3);
            const uint32_t sigma1 = rotate_right(w2, 17) ^ rotate_right(w2, 19) ^ (w2 >> 10);
            schedule[t] = sigma1 + schedule[t - 7] + sigma0 + schedule[t - 16];
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; t++) {
            const uint32_t sum1 = rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25);
            const uint32_t choose = (e & f) ^ (~e & g);
            const uint32_t t1 = h + sum1 + choose + round_constants[t] + schedule[t];
            const uint32_t sum0 = rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22);
            const uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
            const uint32_t t2 = sum0 + majority;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

/* ---- x86-64 SHA extensions. ---- */

#if defined(PR_SHA256_HAS_X86)

/*
 * SHA256RNDS2 does two rounds on the state held as ABEF and CDGH; SHA256MSG1 and SHA256MSG2 extend the message
 * schedule four words at a time. Sixteen groups of four rounds, with the schedule in four registers that each group
 * rotates through. The loop must be unrolled (the pragma), or `w` lives in memory and a block takes 40 % longer.
 */
__attribute__((target("sha,sse4.1,ssse3")))
static void blocks_x86_sha(uint32_t *state, const uint8_t *data, size_t blocks) {
    /* Each 32-bit word of a block is big-endian. */
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    const __m128i dcba = _mm_loadu_si128((const __m128i *)(const void *)state);
    const __m128i hgfe = _mm_loadu_si128((const __m128i *)(const void *)(state + 4));
    const __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    const __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    for (; blocks > 0; blocks--, data += 64) {
        const __m128i abef_before = abef, cdgh_before = cdgh;
        __m128i w[4];
#pragma clang loop unroll(full)
        for (int group = 0; group < 16; group++) {
            const int now = group % 4, next = (group + 1) % 4, previous = (group + 3) % 4;
            if (group < 4) {
                w[now] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(data + 16 * group)), byte_swap);
            }
            __m128i words = _mm_add_epi32(w[now], _mm_loadu_si128((const __m128i *)(const void *)(round_constants + 4 * group)));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, words);
            if (group >= 3 && group <= 14) {
                /* Finish the schedule words of group + 1 (their first part was SHA256MSG1 three groups ago). */
                w[next] = _mm_sha256msg2_epu32(_mm_add_epi32(w[next], _mm_alignr_epi8(w[now], w[previous], 4)), w[now]);
            }
            words = _mm_shuffle_epi32(words, 0x0E);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, words);
            if (group >= 1 && group <= 12) w[previous] = _mm_sha256msg1_epu32(w[previous], w[now]);
        }
        abef = _mm_add_epi32(abef, abef_before);
        cdgh = _mm_add_epi32(cdgh, cdgh_before);
    }
    const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)(void *)state, _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)(void *)(state + 4), _mm_alignr_epi8(dchg, feba, 8));
}

/* CPUID: SSSE3 (leaf 1, ECX bit 9), SSE4.1 (leaf 1, ECX bit 19) and SHA (leaf 7, EBX bit 29). */
static int cpu_has_x86_sha(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!(ecx & (1u << 9)) || !(ecx & (1u << 19))) return 0;
    if (__get_cpuid_max(0, NULL) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return (ebx & (1u << 29)) != 0;
}

#endif

/* ---- ARMv8 cryptographic extensions. ---- */

#if defined(PR_SHA256_HAS_ARM)

/*
 * SHA256H and SHA256H2 do four rounds on the state held as ABCD and EFGH; SHA256SU0 and SHA256SU1 extend the message
 * schedule four words at a time.
 */
__attribute__((target("sha2")))
static void blocks_arm_sha2(uint32_t *state, const uint8_t *data, size_t blocks) {
    uint32x4_t abcd = vld1q_u32(state);
    uint32x4_t efgh = vld1q_u32(state + 4);
    for (; blocks > 0; blocks--, data += 64) {
        const uint32x4_t abcd_before = abcd, efgh_before = efgh;
        uint32x4_t w[4];
        for (int part = 0; part < 4; part++) {
            w[part] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 16 * part)));
        }
#pragma clang loop unroll(full)
        for (int group = 0; group < 16; group++) {
            const int now = group % 4;
            const uint32x4_t words = vaddq_u32(w[now], vld1q_u32(round_constants + 4 * group));
            if (group < 12) {
                /* The schedule words of group + 4 replace this group's. */
                w[now] = vsha256su1q_u32(vsha256su0q_u32(w[now], w[(group + 1) % 4]), w[(group + 2) % 4], w[(group + 3) % 4]);
            }
            const uint32x4_t abcd_now = abcd;
            abcd = vsha256hq_u32(abcd, efgh, words);
            efgh = vsha256h2q_u32(efgh, abcd_now, words);
        }
        abcd = vaddq_u32(abcd, abcd_before);
        efgh = vaddq_u32(efgh, efgh_before);
    }
    vst1q_u32(state, abcd);
    vst1q_u32(state + 4, efgh);
}

/* Linux: the kernel's hardware capabilities. Apple: every 64-bit ARM CPU (A7 onwards) has the extensions. */
static int cpu_has_arm_sha2(void) {
#if defined(__APPLE__) || defined(__ARM_FEATURE_SHA2)
    return 1;
#elif defined(__linux__)
#ifndef HWCAP_SHA2
#define HWCAP_SHA2 (1UL << 6)
#endif
    return (getauxval(AT_HWCAP) & HWCAP_SHA2) != 0;
#else
    return 0;
#endif
}

#endif

/* ---- Choosing. ---- */

typedef void (*blocks_function)(uint32_t *, const uint8_t *, size_t);

int pr_sha256_available(pr_sha256_implementation implementation) {
    switch (implementation) {
    case PR_SHA256_PORTABLE:
        return 1;
    case PR_SHA256_X86_SHA:
#if defined(PR_SHA256_HAS_X86)
        return cpu_has_x86_sha();
#else
        return 0;
#endif
    case PR_SHA256_ARMV8_SHA2:
#if defined(PR_SHA256_HAS_ARM)
        return cpu_has_arm_sha2();
#else
        return 0;
#endif
    }
    return 0;
}

pr_sha256_implementation pr_sha256_fastest(void) {
    if (pr_sha256_available(PR_SHA256_X86_SHA)) return PR_SHA256_X86_SHA;
    if (pr_sha256_available(PR_SHA256_ARMV8_SHA2)) return PR_SHA256_ARMV8_SHA2;
    return PR_SHA256_PORTABLE;
}

/* The function of an available implementation. */
static blocks_function function_of(pr_sha256_implementation implementation) {
    switch (implementation) {
#if defined(PR_SHA256_HAS_X86)
    case PR_SHA256_X86_SHA:
        return blocks_x86_sha;
#endif
#if defined(PR_SHA256_HAS_ARM)
    case PR_SHA256_ARMV8_SHA2:
        return blocks_arm_sha2;
#endif
    default:
        return blocks_portable;
    }
}

/*
 * The fastest function, chosen at the first call. Threads that race to the first call all compute and store the
 * same pointer, so relaxed ordering is enough.
 */
static _Atomic(blocks_function) fastest_function = NULL;

static inline blocks_function fastest(void) {
    blocks_function function = atomic_load_explicit(&fastest_function, memory_order_relaxed);
    if (__builtin_expect(function == NULL, 0)) {
        function = function_of(pr_sha256_fastest());
        atomic_store_explicit(&fastest_function, function, memory_order_relaxed);
    }
    return function;
}

void pr_sha256_blocks(uint32_t *state, const uint8_t *data, size_t blocks) { fastest()(state, data, blocks); }

int pr_sha256_blocks_using(pr_sha256_implementation implementation, uint32_t *state, const uint8_t *data, size_t blocks) {
    if (!pr_sha256_available(implementation)) return 0;
    function_of(implementation)(state, data, blocks);
    return 1;
}

/* ---- Whole messages. ---- */

/* The whole blocks straight from `data`; the rest, padded (FIPS 180-4 section 5.1.1), from a copy. */
static void digest_with(blocks_function compress, const uint8_t *data, size_t length, uint8_t *digest) {
    uint32_t state[8];
    memcpy(state, initial_hash, sizeof state);
    const size_t whole = length / 64;
    if (whole > 0) compress(state, data, whole);
    const size_t rest = length % 64;
    uint8_t tail[128] = {0};
    if (rest > 0) memcpy(tail, data + 64 * whole, rest);
    tail[rest] = 0x80;
    const size_t tail_blocks = rest <= 55 ? 1 : 2;
    const uint64_t bits = (uint64_t)length * 8;
    for (int index = 0; index < 8; index++) tail[64 * tail_blocks - 1 - index] = (uint8_t)(bits >> (8 * index));
    compress(state, tail, tail_blocks);
    for (int word = 0; word < 8; word++) {
        digest[4 * word] = (uint8_t)(state[word] >> 24);
        digest[4 * word + 1] = (uint8_t)(state[word] >> 16);
        digest[4 * word + 2] = (uint8_t)(state[word] >> 8);
        digest[4 * word + 3] = (uint8_t)state[word];
    }
}

void pr_sha256(const uint8_t *data, size_t length, uint8_t *digest) { digest_with(fastest(), data, length, digest); }

int pr_sha256_using(pr_sha256_implementation implementation, const uint8_t *data, size_t length, uint8_t *digest) {
    if (!pr_sha256_available(implementation)) return 0;
    digest_with(function_of(implementation), data, length, digest);
    return 1;
}
