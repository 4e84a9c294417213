// Weight initialisation: He and Xavier (Glorot), both normal with zero mean.
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

}  // namespace nn
