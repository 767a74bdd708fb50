#include "CByteKernels.h"

pr_csv_masks pr_csv_block_masks_reference(const uint8_t *block) {
    pr_csv_masks masks = {0, 0, 0};
    for (int index = 0; index < 64; index++) {
        const uint8_t byte = block[index];
        const uint64_t bit = (uint64_t)1 << index;
        if (byte == ',') masks.comma |= bit;
        if (byte == '\n') masks.line_feed |= bit;
        if (byte == '"' || byte == '\r' || byte >= 0x80) masks.special |= bit;
    }
    return masks;
}

int pr_ascii_lowercase_block_reference(const uint8_t *source, size_t count, uint8_t *block) {
    int ascii = 1;
    for (size_t index = 0; index < 64; index++) {
        const uint8_t byte = index < count ? source[index] : 0;
        if (byte >= 0x80) ascii = 0;
        block[index] = byte >= 'A' && byte <= 'Z' ? (uint8_t)(byte | 0x20) : byte;
    }
    return ascii;
}

void pr_hex_encode_32_reference(const uint8_t *bytes, uint8_t *digits) {
    static const char alphabet[] = "0123456789abcdef";
    for (int index = 0; index < 32; index++) {
        digits[2 * index] = (uint8_t)alphabet[bytes[index] >> 4];
        digits[2 * index + 1] = (uint8_t)alphabet[bytes[index] & 0x0F];
    }
}
