// Per-sample costs of training and evaluation, measured with the commands in
// docs/experiments.md#budget on the 2-core development machine (784-300-10, both threads).
#include "run/timing.hpp"

#include <algorithm>

namespace nn {

double expected_seconds(const RunConfig& config, std::size_t train_size, std::size_t watched_size,
                        std::size_t test_size, std::size_t runs) {
    // The work of a sample grows with the weights; 784-300-10 has 238 200.
    double weights = 0;
    for (std::size_t l = 0; l + 1 < config.layers.size(); ++l)
        weights += static_cast<double>(config.layers[l] * config.layers[l + 1]);
    const double scale = std::max(0.15, weights / 238200.0);  // small nets: the fixed costs remain
    // Microseconds per training sample at 784-300-10: online steps pay the step's fixed costs per
    // sample; mini-batches share them. Sigmoid's exp costs about a fifth more.
    double train_us = (config.batch_size == 1 ? 30.0 : config.batch_size < 16 ? 14.0 : 8.0) * scale;
    if (config.activation == Activation::Sigmoid) train_us *= 1.2;
    const double eval_us = 4.0 * scale;  // forward only, in chunks of 256
    const double n = static_cast<double>(train_size), epochs = static_cast<double>(config.epochs);
    const double intervals = config.eval_every ? n * epochs / static_cast<double>(config.eval_every) : 0;
    const double seconds = 1e-6 * (epochs * n * train_us + epochs * (n + static_cast<double>(watched_size)) * eval_us +
                                   intervals * static_cast<double>(watched_size) * eval_us +
                                   2 * static_cast<double>(test_size) * eval_us);
    return seconds * static_cast<double>(runs);
}

}  // namespace nn
