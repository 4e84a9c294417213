// PGM, the plain greyscale image format: reading P2 (text) and P5 (binary) files, writing P5.
// Format and the checks made: docs/model-format.md (section "Images for predict").
#include "output/pgm.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "core/bytes.hpp"

namespace nn {
namespace {

// Reads the header and P2 samples: decimal numbers separated by whitespace, '#' to end of line is a comment.
struct Reader {
    const unsigned char* bytes;
    std::size_t size, pos = 0;
    const std::string& name;

    [[noreturn]] void fail(std::size_t offset, const std::string& expected, const std::string& found) const {
        throw std::runtime_error(at(name, offset) + "expected " + expected +
                                 ", found " + found);
    }
    std::string found_here() const {
        if (pos >= size) return "the end of the file (truncated)";
        const unsigned char c = bytes[pos];
        if (c >= 33 && c < 127) return std::string("'") + static_cast<char>(c) + "'";
        char buf[16];
        std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
        return buf;
    }
    void skip_space_and_comments() {
        while (pos < size) {
            if (bytes[pos] == '#') {
                while (pos < size && bytes[pos] != '\n' && bytes[pos] != '\r') ++pos;
            } else if (std::strchr(" \t\r\n\v\f", bytes[pos]) != nullptr && bytes[pos] != 0) {
                ++pos;
            } else {
                break;
            }
        }
    }
    // A whole number in [min, max]; `what` names the field for the message.
    unsigned number(const std::string& what, unsigned min, unsigned max) {
        skip_space_and_comments();
        const std::size_t start = pos;
        unsigned long value = 0;
        while (pos < size && bytes[pos] >= '0' && bytes[pos] <= '9') {
            value = value * 10 + (bytes[pos] - '0');
            if (value > 4000000000ul) break;
            ++pos;
        }
        if (pos == start) fail(start, what, found_here());
        if (value < min || value > max)
            fail(start, what + " from " + std::to_string(min) + " to " + std::to_string(max), std::to_string(value));
        return static_cast<unsigned>(value);
    }
};

}  // namespace

GreyImage parse_pgm(const unsigned char* bytes, std::size_t size, const std::string& name) {
    Reader r{bytes, size, 0, name};
    if (size < 2 || bytes[0] != 'P' || (bytes[1] != '2' && bytes[1] != '5')) {
        std::string found = size == 0 ? "an empty file" : "'";
        for (std::size_t i = 0; i < size && i < 2; ++i) found += (bytes[i] >= 32 && bytes[i] < 127) ? static_cast<char>(bytes[i]) : '?';
        if (size > 0) found += "'";
        r.fail(0, "magic P2 or P5 (a greyscale PGM image)", found);
    }
    const bool binary = bytes[1] == '5';
    r.pos = 2;
    GreyImage image;
    image.width = r.number("a width", 1, 65535);
    image.height = r.number("a height", 1, 65535);
    const unsigned maxval = r.number("a maxval", 1, 65535);
    const std::size_t count = image.width * image.height;  // at most 65535^2, about 4.3e9
    const auto scaled = [maxval](unsigned v) { return static_cast<std::uint8_t>((v * 255u + maxval / 2) / maxval); };
    const std::string dims = std::to_string(image.width) + " x " + std::to_string(image.height);
    if (binary) {
        // Exactly one whitespace byte separates maxval from the raster (no comment allowed there).
        if (r.pos >= size || std::strchr(" \t\r\n", bytes[r.pos]) == nullptr || bytes[r.pos] == 0)
            r.fail(r.pos, "one whitespace byte before the pixels", r.found_here());
        ++r.pos;
        const std::size_t sample = maxval > 255 ? 2 : 1, need = count * sample;
        // Checked before anything of the claimed size is allocated: a 20-byte file may claim 4 GB.
        if (size - r.pos != need)
            r.fail(size - r.pos < need ? size : r.pos + need,
                   std::to_string(need) + " bytes of pixels (" + dims + ", " + std::to_string(sample) + " byte" +
                       (sample == 1 ? "" : "s") + " each)",
                   std::to_string(size - r.pos) + (size - r.pos < need ? " (truncated)" : " (extra bytes)"));
        image.pixels.resize(count);
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t at = r.pos + k * sample;
            const unsigned v = sample == 1 ? bytes[at] : (static_cast<unsigned>(bytes[at]) << 8 | bytes[at + 1]);
            if (v > maxval) r.fail(at, "a sample <= maxval " + std::to_string(maxval), std::to_string(v));
            image.pixels[k] = scaled(v);
        }
    } else {
        // Each P2 sample takes at least a separator and a digit, so the bytes left bound how many
        // can follow: reserve no more than that (a short file claiming 65535 x 65535 fails at its end,
        // having allocated about its own size, not 4 GB).
        image.pixels.reserve(std::min(count, (size - r.pos) / 2));
        for (std::size_t k = 0; k < count; ++k)
            image.pixels.push_back(scaled(r.number("pixel " + std::to_string(k) + " of " + std::to_string(count), 0, maxval)));
        r.skip_space_and_comments();
        if (r.pos != size) r.fail(r.pos, "the end of the file after " + std::to_string(count) + " pixels", r.found_here());
    }
    return image;
}

GreyImage read_pgm(const std::string& path) {
    const std::vector<unsigned char> bytes = read_whole_file(path);
    return parse_pgm(bytes.data(), bytes.size(), path);
}

std::string encode_pgm(const GreyImage& image) {
    std::string out = "P5\n" + std::to_string(image.width) + " " + std::to_string(image.height) + "\n255\n";
    out.append(image.pixels.begin(), image.pixels.end());
    return out;
}

}  // namespace nn
