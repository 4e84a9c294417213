// The three matrix products of backpropagation: A B, A^T B and A B^T, without forming a transpose.
// Where each one appears: docs/02-neuron-and-layer.md (forward), docs/06-backprop.md (backward).
#pragma once

#include "core/matrix.hpp"

namespace nn {

// The readable definitions: one triple loop each, summing over p in increasing order.
// Tests use them as the oracle for the fast versions below.
//   C = A B      A (m x k), B (k x n), C (m x n)    C(i,j) = sum_p A(i,p) B(p,j)
//   C = A^T B    A (k x m), B (k x n), C (m x n)    C(i,j) = sum_p A(p,i) B(p,j)
//   C = A B^T    A (m x k), B (n x k), C (m x n)    C(i,j) = sum_p A(i,p) B(j,p)
template <typename T> void matmul_reference(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C);
template <typename T> void matmul_at_reference(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C);
template <typename T> void matmul_bt_reference(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C);

// The products the network calls: the loops above, or the faster version installed in the backend
// (core/backend.hpp; fast/ installs blocked, threaded kernels that sum each C(i,j) in the same
// increasing p, so the result differs from the reference at most in the last bits where a
// multiply-add is fused, and never depends on the thread count).
// C is resized to (m x n); its old contents are ignored. C must not alias A or B.
template <typename T> void matmul(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C);
template <typename T> void matmul_at(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C);
template <typename T> void matmul_bt(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C);

}  // namespace nn
