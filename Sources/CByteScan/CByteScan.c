#include "CByteScan.h"

cbytescan_masks cbytescan_block_reference(const uint8_t *block) {
    cbytescan_masks masks = {0, 0, 0};
    for (int index = 0; index < 64; index++) {
        const uint8_t byte = block[index];
        const uint64_t bit = (uint64_t)1 << index;
        if (byte == ',') masks.comma |= bit;
        if (byte == '\n') masks.line_feed |= bit;
        if (byte == '"' || byte == '\r' || byte >= 0x80) masks.special |= bit;
    }
    return masks;
}
