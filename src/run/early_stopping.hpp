// Early stopping: keep the parameters of the epoch with the lowest validation loss, and stop when
// PATIENCE epochs pass without a new lowest. Derivation: docs/20-early-stopping.md.
#pragma once

#include <cstddef>
#include <limits>
#include <vector>

#include "nn/network.hpp"

namespace nn {

struct EarlyStopping {
    std::size_t patience = 0;  // epochs without improvement before stopping; 0 = never stop
    double best_loss = std::numeric_limits<double>::infinity();
    std::size_t best_epoch = 0;        // 1-based; 0 before the first epoch
    std::vector<Matrix<float>> best;   // W1, b1, W2, b2, ... of best_epoch

    // Records the validation loss after `epoch` (copying the parameters when it is a new lowest)
    // and returns true when training should stop: epoch - best_epoch >= patience (20.1).
    // docs/20-early-stopping.md#eq-20-1
    bool should_stop(std::size_t epoch, double validation_loss, const Network<float>& net);
    // Puts the parameters of best_epoch back into net (nothing before the first epoch).
    void restore_best(Network<float>& net) const;
};

}  // namespace nn
