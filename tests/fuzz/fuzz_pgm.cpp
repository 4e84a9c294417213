// libFuzzer harness for the PGM reader (src/output/pgm.cpp, docs/model-format.md "Images for predict"): any
// bytes either parse into a consistent image or throw std::runtime_error. A crash, a sanitizer
// report, any other exception, or an allocation beyond the input's size (-malloc_limit_mb: a header
// may claim 65535 x 65535) is a finding. Built by `make fuzz`, run by tests/fuzz/run.sh, replayed in
// every `make test` (fuzz_replay.cpp).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "output/pgm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const nn::GreyImage image = nn::parse_pgm(data, size, "fuzz-input");
        // What parse_pgm promises: both sizes 1..65535 and one pixel for each; and encode_pgm of
        // the result (P5, maxval 255) reads back as the same image.
        if (image.width == 0 || image.height == 0 || image.width > 65535 || image.height > 65535 ||
            image.pixels.size() != image.width * image.height)
            std::abort();
        const std::string p5 = nn::encode_pgm(image);
        const nn::GreyImage back =
            nn::parse_pgm(reinterpret_cast<const unsigned char*>(p5.data()), p5.size(), "re-encoded");
        if (back.width != image.width || back.height != image.height || back.pixels != image.pixels) std::abort();
    } catch (const std::runtime_error&) {
        // a malformed file, rejected with a message: the expected outcome for most inputs
    }
    return 0;
}
