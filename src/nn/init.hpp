// Weight initialisation: He and Xavier (Glorot) normal, and the plain N(0, S^2) and U(-S, S) of the sources.
// Derivation: docs/08-initialisation.md.
#pragma once

#include "core/matrix.hpp"
#include "core/rng.hpp"

namespace nn {

// W (n_in x n_out) ~ N(0, 2 / n_in): keeps the variance of z steady through ReLU layers.
// (8.3): docs/08-initialisation.md#eq-8-3
template <typename T> void he_normal(Matrix<T>& W, Rng& rng);
// W (n_in x n_out) ~ N(0, 2 / (n_in + n_out)): for sigmoid layers and the softmax output.
// (8.4): docs/08-initialisation.md#eq-8-4
template <typename T> void xavier_normal(Matrix<T>& W, Rng& rng);

// Every entry of M ~ N(0, std^2), drawn in storage order (np.random.randn times std: sources 03, 04).
// (8.7): docs/08-initialisation.md#eq-8-7
template <typename T> void normal_fill(Matrix<T>& M, double std, Rng& rng);
// Every entry of M ~ U(-a, a), as a (2u - 1) with u uniform in [0, 1) (source 05: a = 0.1).
// (8.8): docs/08-initialisation.md#eq-8-8
template <typename T> void uniform_fill(Matrix<T>& M, double a, Rng& rng);

}  // namespace nn
