// libFuzzer harness for the IDX parser (src/data/idx.cpp, docs/11-idx-format.md): any bytes either parse
// into a consistent array or throw std::runtime_error. A crash, a sanitizer report, any other
// exception, or an allocation beyond the input's size (-malloc_limit_mb) is a finding.
// Built by `make fuzz`, run by tests/fuzz/run.sh, replayed in every `make test` (fuzz_replay.cpp).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

#include "data/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const nn::IdxArray a = nn::parse_idx(data, size, "fuzz-input");
        // What parse_idx promises: dims multiply to count(), the data hold exactly that many
        // elements, and every element decodes (value() reads within the data).
        std::size_t product = 1;
        for (std::uint32_t d : a.dims) product *= d;
        if (a.dims.empty() || a.count() != product || a.data.size() != product * nn::idx_type_size(a.type))
            std::abort();
        double sum = 0;
        for (std::size_t k = 0; k < a.count(); ++k) sum += a.value(k);
        (void)sum;
        (void)a.shape();
    } catch (const std::runtime_error&) {
        // a malformed file, rejected with a message: the expected outcome for most inputs
    }
    return 0;
}
