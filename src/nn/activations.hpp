// Activation functions and their derivatives: ReLU, sigmoid (hidden layers), softmax (output).
// Derivation: docs/03-activations.md. All act element-wise (softmax row-wise) on a batch (m x n).
#pragma once

#include "core/matrix.hpp"

namespace nn {

// h = max(0, z). (3.1): docs/03-activations.md#eq-3-1
template <typename T> void relu_forward(const Matrix<T>& z, Matrix<T>& h);
// delta = dh * relu'(z), where relu'(z) = 1 for z > 0 and 0 otherwise (0 at the kink).
// (3.2) and (6.4): docs/03-activations.md#eq-3-2
template <typename T> void relu_backward(const Matrix<T>& z, const Matrix<T>& dh, Matrix<T>& delta);

// h = 1 / (1 + exp(-z)), computed so that exp never overflows. (3.3): docs/03-activations.md#eq-3-3
template <typename T> void sigmoid_forward(const Matrix<T>& z, Matrix<T>& h);
// delta = dh * h (1 - h): the derivative written with the forward output h = sigmoid(z).
// (3.4) and (6.4): docs/03-activations.md#eq-3-4
template <typename T> void sigmoid_backward(const Matrix<T>& h, const Matrix<T>& dh, Matrix<T>& delta);

// p = softmax(z) for every row: p_j = exp(z_j - max z) / sum_k exp(z_k - max z).
// (3.5): docs/03-activations.md#eq-3-5
template <typename T> void softmax_forward(const Matrix<T>& z, Matrix<T>& p);

}  // namespace nn
