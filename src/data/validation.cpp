// The validation split: a seeded shuffle of the training indices, the last N held out.
// Why a fixed seed and why the test set must not be watched: docs/experiments.md#validation.
#include "data/validation.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/rng.hpp"

namespace nn {

Dataset take_rows(const Dataset& d, const std::vector<std::size_t>& rows) {
    Dataset part;
    part.image_rows = d.image_rows;
    part.image_cols = d.image_cols;
    if (d.bytes.empty()) {
        gather_rows(d.X, rows.data(), rows.size(), part.X);
    } else {
        const std::size_t cols = d.features();
        part.value = d.value;
        part.bytes.resize(rows.size() * cols);
        for (std::size_t r = 0; r < rows.size(); ++r)
            std::copy_n(d.bytes.data() + rows[r] * cols, cols, part.bytes.data() + r * cols);
    }
    part.labels.resize(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) part.labels[r] = d.labels[rows[r]];
    return part;
}

Dataset hold_out(Dataset& train, std::size_t n, std::uint64_t seed) {
    const std::size_t m = train.size();
    if (n >= m)
        throw std::invalid_argument("hold_out: expected fewer than " + std::to_string(m) +
                                    " images (the training set must keep one), found " + std::to_string(n));
    if (n == 0) {
        Dataset none;
        none.X = Matrix<float>(0, train.features());
        none.image_rows = train.image_rows;
        none.image_cols = train.image_cols;
        return none;
    }
    std::vector<std::size_t> order = identity_order(m);
    Rng rng(seed);
    shuffle(order, rng);
    std::vector<std::size_t> kept(order.begin(), order.end() - static_cast<std::ptrdiff_t>(n));
    std::vector<std::size_t> held(order.end() - static_cast<std::ptrdiff_t>(n), order.end());
    // File order in both parts: the split is a set, and training shuffles its part every epoch anyway.
    std::sort(kept.begin(), kept.end());
    std::sort(held.begin(), held.end());
    Dataset validation = take_rows(train, held);
    train = take_rows(train, kept);
    return validation;
}

}  // namespace nn
