// The run grids of `mnist compare` (activations x batch sizes) and `mnist sweep` (hidden sizes).
// Which sources they mirror and what they found: docs/experiments.md.
#pragma once

#include <cstddef>
#include <vector>

#include "run/training.hpp"

namespace nn {

// The grid of `mnist compare`: every activation with every batch size, in that order; etas[i] is
// the learning rate of batch_sizes[i], and each activation gets its usual initialisation
// (default_init). Labels look like "sigmoid-online" and "relu-batch64".
std::vector<RunConfig> compare_grid(const RunConfig& base, const std::vector<Activation>& activations,
                                    const std::vector<std::size_t>& batch_sizes, const std::vector<double>& etas);
// The runs of `mnist sweep`: one per hidden size, labels "hidden30", "hidden128", ...
std::vector<RunConfig> sweep_grid(const RunConfig& base, const std::vector<std::size_t>& hidden_sizes);

}  // namespace nn
