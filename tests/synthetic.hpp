// Small synthetic data sets for tests that must run without MNIST: ten noisy prototypes.
#pragma once

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "data/mnist.hpp"
#include "core/rng.hpp"

namespace testdata {

// n examples of `pixels` values in [0, 1]: class c is prototype c (a random pattern of bright
// pixels, fixed by `seed`) plus uniform noise of amplitude `noise`, clamped to [0, 1].
inline nn::Dataset prototypes(std::size_t n, std::size_t pixels, double noise, std::uint64_t seed) {
    nn::Rng rng(seed);
    nn::Matrix<float> proto(10, pixels);
    for (std::size_t k = 0; k < proto.size(); ++k) proto[k] = rng.uniform() < 0.2 ? 1.0f : 0.0f;
    nn::Rng sample(seed + 1000);
    nn::Dataset d;
    d.image_rows = 1;
    d.image_cols = pixels;
    d.X = nn::Matrix<float>(n, pixels);
    d.labels.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t c = static_cast<std::uint8_t>(sample.below(10));
        d.labels[i] = c;
        for (std::size_t j = 0; j < pixels; ++j) {
            const double v = proto(c, j) + noise * (2.0 * sample.uniform() - 1.0);
            d.X(i, j) = static_cast<float>(std::fmin(1.0, std::fmax(0.0, v)));
        }
    }
    return d;
}

// Rows [begin, end) of d, as a data set of their own.
inline nn::Dataset rows(const nn::Dataset& d, std::size_t begin, std::size_t end) {
    nn::Dataset part;
    part.image_rows = d.image_rows;
    part.image_cols = d.image_cols;
    part.X = nn::Matrix<float>(end - begin, d.X.cols());
    for (std::size_t i = begin; i < end; ++i)
        for (std::size_t j = 0; j < d.X.cols(); ++j) part.X(i - begin, j) = d.X(i, j);
    part.labels.assign(d.labels.begin() + static_cast<std::ptrdiff_t>(begin), d.labels.begin() + static_cast<std::ptrdiff_t>(end));
    return part;
}

// A training set and a held-out set of the same prototypes: n_train + n_test examples drawn from one
// stream, the first n_train for training and the rest for testing, so no example is in both.
struct Split {
    nn::Dataset train, test;
};
inline Split prototype_split(std::size_t n_train, std::size_t n_test, std::size_t pixels, double noise, std::uint64_t seed) {
    const nn::Dataset all = prototypes(n_train + n_test, pixels, noise, seed);
    return {rows(all, 0, n_train), rows(all, n_train, n_train + n_test)};
}

// Two batches of `rows` images of 784 pixels for the overflow tests: in `first`, x = 1000 on pixels
// 0-9, so that a step with eta near the largest float overflows rows 0-9 of W1; in `second`,
// x = 1 on pixels 100-109 and 0 on pixels 0-9, so that its forward pass may skip the overflowed rows
// (and must not: 0 * inf is NaN). Every label is `label`.
inline std::pair<nn::Batch, nn::Batch> overflow_batches(std::size_t rows, std::uint8_t label) {
    std::pair<nn::Batch, nn::Batch> b;
    b.first.X = nn::Matrix<float>(rows, 784);
    b.second.X = nn::Matrix<float>(rows, 784);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t p = 0; p < 10; ++p) b.first.X(i, p) = 1000.0f, b.second.X(i, 100 + p) = 1.0f;
    b.first.labels = b.second.labels = std::vector<std::uint8_t>(rows, label);
    return b;
}

// The two overflow batches as one training set, `first` then `second`: trained in file order with
// batch `rows` and eta near the largest float, its first step overflows rows 0-9 of W1.
inline nn::Dataset overflow_set(std::size_t rows, std::uint8_t label) {
    const auto [first, second] = overflow_batches(rows, label);
    nn::Dataset d;
    d.X = nn::Matrix<float>(2 * rows, 784);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t p = 0; p < 784; ++p) d.X(i, p) = first.X(i, p), d.X(rows + i, p) = second.X(i, p);
    d.labels = std::vector<std::uint8_t>(2 * rows, label);
    return d;
}

}  // namespace testdata
