// Batches out of a data set, the identity order, the --train-limit cut and the --validation split.
// How a batch maps onto a matrix: docs/02-neuron-and-layer.md.
#include "data/dataset.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/rng.hpp"

namespace nn {

void gather_batch(const Dataset& data, const std::vector<std::size_t>& order, std::size_t begin,
                  std::size_t end, Batch& batch) {
    if (begin > end || end > order.size())
        throw std::invalid_argument("gather_batch: expected 0 <= begin <= end <= " + std::to_string(order.size()) +
                                    ", found begin " + std::to_string(begin) + ", end " + std::to_string(end));
    gather_rows(data.X, order.data() + begin, end - begin, batch.X);
    batch.labels.resize(end - begin);
    for (std::size_t r = 0; r < end - begin; ++r) batch.labels[r] = data.labels[order[begin + r]];
}

std::vector<std::size_t> identity_order(std::size_t n) {
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    return order;
}

void keep_first(Dataset& d, std::size_t n) {
    if (n == 0 || n > d.size())
        throw std::invalid_argument("keep_first: expected 1 to " + std::to_string(d.size()) +
                                    " examples, found " + std::to_string(n));
    Matrix<float> X(n, d.X.cols());
    for (std::size_t k = 0; k < X.size(); ++k) X[k] = d.X[k];  // the first n rows, row-major
    d.X = std::move(X);
    d.labels.resize(n);
}

namespace {

// The examples `rows` of d, in that order.
Dataset subset(const Dataset& d, const std::vector<std::size_t>& rows) {
    Dataset out;
    out.image_rows = d.image_rows;
    out.image_cols = d.image_cols;
    gather_rows(d.X, rows.data(), rows.size(), out.X);
    for (std::size_t r : rows) out.labels.push_back(d.labels[r]);
    return out;
}

}  // namespace

void hold_out(const Dataset& d, std::size_t n, std::uint64_t seed, Dataset& train, Dataset& validation) {
    if (n == 0 || n >= d.size())
        throw std::invalid_argument("hold_out: expected 1 to " + std::to_string(d.size() - 1) +
                                    " validation examples (fewer than the " + std::to_string(d.size()) +
                                    " training examples), found " + std::to_string(n));
    std::vector<std::size_t> order = identity_order(d.size());
    Rng rng(seed);
    shuffle(order, rng);
    std::vector<std::size_t> kept(order.begin(), order.end() - static_cast<std::ptrdiff_t>(n));
    std::vector<std::size_t> held(order.end() - static_cast<std::ptrdiff_t>(n), order.end());
    std::sort(kept.begin(), kept.end());
    std::sort(held.begin(), held.end());
    train = subset(d, kept);
    validation = subset(d, held);
}

}  // namespace nn
