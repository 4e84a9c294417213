// Inverted dropout on the hidden layers during training: the mask, and its forward and backward.
// Derivation: docs/18-dropout.md.
#pragma once

#include "core/matrix.hpp"
#include "core/rng.hpp"

namespace nn {

// mask (rows x cols): each value independently 0 with probability P (the unit is dropped) and
// 1/(1 - P) otherwise; one draw from rng per mask, so a seed gives one mask on any thread count.
// (18.1): docs/18-dropout.md#eq-18-1
template <typename T> void dropout_mask(Matrix<T>& mask, std::size_t rows, std::size_t cols, double P, Rng& rng);
// out = h * mask, element by element: the activations the next layer sees during training.
// (18.2): docs/18-dropout.md#eq-18-2
template <typename T> void dropout_forward(const Matrix<T>& h, const Matrix<T>& mask, Matrix<T>& out);
// dh = dout * mask: the derivative of (18.2) with respect to h (overwrites dh; may alias dout).
// (18.4): docs/18-dropout.md#eq-18-4
template <typename T> void dropout_backward(const Matrix<T>& dout, const Matrix<T>& mask, Matrix<T>& dh);

}  // namespace nn
