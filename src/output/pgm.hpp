// PGM, the plain greyscale image format: reading P2 (text) and P5 (binary) files, writing P5.
// Format and the checks made: docs/model-format.md (section "Images for predict").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nn {

// A greyscale image, row-major, 0 = black, 255 = white (PGM's convention).
struct GreyImage {
    std::size_t width = 0, height = 0;
    std::vector<std::uint8_t> pixels;  // width * height
};

// Parses a PGM held in memory: magic P2 or P5, width, height, maxval (1..65535; 2-byte big-endian
// samples in P5 when maxval > 255), '#' comments in the header. Samples are rescaled to 0..255.
// Throws std::runtime_error "<name>: offset <byte>: expected <what>, found <value>" otherwise
// (other magic, missing or bad numbers, a sample above maxval, truncated or extra data).
GreyImage parse_pgm(const unsigned char* bytes, std::size_t size, const std::string& name);
GreyImage read_pgm(const std::string& path);

// The bytes of a binary PGM (P5, maxval 255).
std::string encode_pgm(const GreyImage& image);

}  // namespace nn
