// The expected time of a grid of runs, from per-sample rates measured on the 2-core development
// machine, printed before compare and sweep start. The measurements: docs/experiments.md#budget.
#pragma once

#include <cstddef>
#include <vector>

#include "run/training.hpp"

namespace nn {

// Seconds that `runs` runs of config are expected to take, training and evaluations, on 2 idle
// cores: train_size examples trained per epoch, watched_size evaluated per epoch and per interval,
// test_size once at the end. A rough guide (within a factor of about 1.5 when the machine is idle);
// a loaded machine is slower by its load.
double expected_seconds(const RunConfig& config, std::size_t train_size, std::size_t watched_size,
                        std::size_t test_size, std::size_t runs = 1);

}  // namespace nn
