// libFuzzer harness for the MNIST pair check (src/data/mnist.cpp, docs/11-idx-format.md): two IDX files,
// images and labels, either load into a consistent Dataset or throw std::runtime_error.
// Input layout: a 4-byte big-endian length n, then n bytes of the images file, then the labels
// file (a short n takes what is there). Built by `make fuzz`, run by tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

#include "data/idx.hpp"
#include "data/mnist.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 4) return 0;
    std::size_t n = (std::size_t{data[0]} << 24) | (std::size_t{data[1]} << 16) | (std::size_t{data[2]} << 8) | data[3];
    data += 4;
    size -= 4;
    if (n > size) n = size;
    try {
        const nn::IdxArray images = nn::parse_idx(data, n, "images");
        const nn::IdxArray labels = nn::parse_idx(data + n, size - n, "labels");
        const nn::Dataset d = nn::mnist_pair_from_idx(images, "images", labels, "labels");
        // What a loaded pair promises: one image of bytes per label, pixels in [0, 1], labels 0..9.
        if (d.size() == 0 || d.bytes.size() != d.size() * d.features() || d.features() != d.image_rows * d.image_cols)
            std::abort();
        for (std::size_t i = 0; i < d.size(); ++i)
            for (std::size_t p = 0; p < d.features(); ++p)
                if (!(d.x(i, p) >= 0.0f && d.x(i, p) <= 1.0f)) std::abort();
        for (std::uint8_t y : d.labels)
            if (y > 9) std::abort();
    } catch (const std::runtime_error&) {
    }
    return 0;
}
