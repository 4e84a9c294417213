// A fully connected (dense) layer: forward z = X W + 1 b^T, and its backward pass.
// Derivation: docs/02-neuron-and-layer.md (forward), docs/06-backprop.md (backward).
#pragma once

#include "core/matrix.hpp"

namespace nn {

// Shapes: X (m x n_in), W (n_in x n_out), b (1 x n_out), z (m x n_out). W is (in x out) as in the sources.
// (2.4) z = X W + 1 b: docs/02-neuron-and-layer.md#eq-2-4
template <typename T>
void dense_forward(const Matrix<T>& X, const Matrix<T>& W, const Matrix<T>& b, Matrix<T>& z);

// Given delta = dL/dz (m x n_out), writes dW = X^T delta, db = 1^T delta and, when dX is not null,
// dX = delta W^T (m x n_in). Overwrites, never accumulates. delta already carries the 1/m of the
// batch mean (see loss.cpp). The first layer passes dX = nullptr: nothing needs dL/dX there.
// (6.1)-(6.3), (6.5), (6.6): docs/06-backprop.md#eq-6-1 and the equations after it.
template <typename T>
void dense_backward(const Matrix<T>& X, const Matrix<T>& W, const Matrix<T>& delta, Matrix<T>& dW,
                    Matrix<T>& db, Matrix<T>* dX);

}  // namespace nn
