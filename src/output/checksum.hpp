// Checksums written by hand: CRC-32 (model files, PNG chunks) and Adler-32 (the zlib stream of PNG).
// Where they are used: docs/model-format.md (the model file's last field).
#pragma once

#include <cstddef>
#include <cstdint>

namespace nn {

// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib and PNG): crc32("123456789") = 0xCBF43926.
// Pass the previous result as `crc` to continue over a second piece.
std::uint32_t crc32(const unsigned char* bytes, std::size_t size, std::uint32_t crc = 0);

// Adler-32 (RFC 1950): adler32("Wikipedia") = 0x11E60398. Pass the previous result to continue.
std::uint32_t adler32(const unsigned char* bytes, std::size_t size, std::uint32_t adler = 1);

}  // namespace nn
