// libFuzzer harness for the model-file loader (src/output/model_file.cpp, docs/model-format.md): any bytes
// either decode into a consistent network or throw std::runtime_error. A crash, a sanitizer report,
// any other exception, or an allocation beyond the input's size (-malloc_limit_mb) is a finding.
// Built by `make fuzz`, run by tests/fuzz/run.sh, replayed in every `make test` (fuzz_replay.cpp).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "output/model_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const nn::Checkpoint checkpoint = nn::decode_checkpoint(data, size, "fuzz-input");
        const nn::Network<float>& net = checkpoint.net;
        // What decode_model promises: at least one layer, each W n_in x n_out and b of n_out chained
        // by the sizes, and the file is exactly what encode_model writes for that network and the
        // optimiser state it holds (version 2) or without any (version 1).
        const std::vector<std::size_t> s = net.sizes();
        if (net.layers.empty() || s.size() != net.layers.size() + 1) std::abort();
        for (std::size_t l = 0; l < net.layers.size(); ++l)
            if (net.layers[l].W.rows() != s[l] || net.layers[l].W.cols() != s[l + 1] ||
                net.layers[l].b.size() != s[l + 1])
                std::abort();
        const std::vector<unsigned char> again = nn::encode_model(net, &checkpoint.optimizer);
        if (again.size() != size || std::memcmp(again.data(), data, size) != 0) std::abort();
    } catch (const std::runtime_error&) {
        // a malformed file, rejected with a message: the expected outcome for most inputs
    }
    return 0;
}
