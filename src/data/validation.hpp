// The validation split: N training images held out, so that a run can be watched and tuned without
// ever looking at the test set. Why the test set must not be watched: docs/experiments.md#validation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "data/dataset.hpp"

namespace nn {

// The seed of the split, fixed on purpose (not --seed): every configuration and every seed of a
// comparison holds out the same images, so their validation figures are paired like their test figures.
constexpr std::uint64_t kValidationSeed = 20240612;

// The rows of d in `rows` (in that order), as a data set of their own.
Dataset take_rows(const Dataset& d, const std::vector<std::size_t>& rows);

// Shuffles the indices 0..m-1 of train with Rng(seed) and holds out the last n: returns them as the
// validation set (in file order) and leaves the other m - n in train (in file order). n = 0 returns
// an empty set and leaves train as it is. Throws std::invalid_argument unless n < m.
Dataset hold_out(Dataset& train, std::size_t n, std::uint64_t seed = kValidationSeed);

}  // namespace nn
