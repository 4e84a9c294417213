// Checksums written by hand: CRC-32 (model files, PNG chunks) and Adler-32 (the zlib stream of PNG).
// Where they are used: docs/model-format.md (the model file's last field).
#include "output/checksum.hpp"

namespace nn {

std::uint32_t crc32(const unsigned char* bytes, std::size_t size, std::uint32_t crc) {
    crc = ~crc;
    for (std::size_t i = 0; i < size; ++i) {
        crc ^= bytes[i];
        // One bit at a time, no table: XOR the polynomial in whenever the bit shifted out is 1.
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

std::uint32_t adler32(const unsigned char* bytes, std::size_t size, std::uint32_t adler) {
    std::uint32_t a = adler & 0xFFFF, b = adler >> 16;
    for (std::size_t i = 0; i < size; ++i) {
        a = (a + bytes[i]) % 65521;
        b = (b + a) % 65521;
    }
    return b << 16 | a;
}

}  // namespace nn
