#ifndef CBYTEKERNELS_SHA256_H
#define CBYTEKERNELS_SHA256_H

/*
 * SHA-256 (FIPS 180-4), without allocation, for hashing millions of short identifiers.
 *
 * Three implementations of the compression function: the x86-64 SHA extensions ("SHA-NI"), the ARMv8 cryptographic
 * extensions, and portable C. The first two are compiled with a function-level target attribute, so this target
 * builds for any CPU of its architecture; which one runs is decided once, at the first call, from what the CPU says
 * it has (CPUID on x86-64, the kernel's hardware capabilities on ARM). The tests run each one the CPU has against the
 * same reference.
 */

#include <stddef.h>
#include <stdint.h>

/* The implementations of the compression function. */
typedef enum {
    /* Plain C; every CPU. */
    PR_SHA256_PORTABLE = 0,
    /* x86-64 SHA extensions, with SSSE3 and SSE4.1. */
    PR_SHA256_X86_SHA = 1,
    /* ARMv8 cryptographic extensions (SHA256H, SHA256H2, SHA256SU0, SHA256SU1). */
    PR_SHA256_ARMV8_SHA2 = 2,
} pr_sha256_implementation;

/* The fastest implementation this CPU runs: the one `pr_sha256_blocks` and `pr_sha256` use. */
pr_sha256_implementation pr_sha256_fastest(void);

/* Whether this CPU (and this build, for its architecture) runs `implementation`. */
int pr_sha256_available(pr_sha256_implementation implementation);

/*
 * SHA-256's compression function over `blocks` 64-byte blocks at `data`, from and into the eight state words at
 * `state` (host byte order). A message padded as FIPS 180-4 section 5.1.1 says, compressed from the initial hash
 * value of section 5.3.3, leaves its digest in `state`, each word big-endian.
 */
void pr_sha256_blocks(uint32_t *state, const uint8_t *data, size_t blocks);

/* The SHA-256 digest of the `length` bytes at `data` (which may be NULL when `length` is 0), into `digest`. */
void pr_sha256(const uint8_t *data, size_t length, uint8_t *digest);

/*
 * `pr_sha256_blocks` and `pr_sha256` with a named implementation, so that the tests can run each. Each returns 0 and
 * does nothing when the implementation is not available, 1 otherwise.
 */
int pr_sha256_blocks_using(pr_sha256_implementation implementation, uint32_t *state, const uint8_t *data, size_t blocks);
int pr_sha256_using(pr_sha256_implementation implementation, const uint8_t *data, size_t length, uint8_t *digest);

#endif
