// Matrix products: the reference triple loops, and the functions the network calls.
// Derivation: docs/02-neuron-and-layer.md (z = X W), docs/06-backprop.md (dW = X^T delta, dX = delta W^T).
#include "core/matmul.hpp"

#include <stdexcept>
#include <string>

#include "core/backend.hpp"

namespace nn {
namespace {

// "matmul: expected B with 784 rows to match A (32 x 784), found B (785 x 100)"
template <typename T>
void require_inner(const char* op, const char* what, std::size_t expected, const Matrix<T>& A,
                   const Matrix<T>& B, std::size_t found) {
    if (expected != found)
        throw std::invalid_argument(std::string(op) + ": expected B with " + std::to_string(expected) +
                                    " " + what + " to match A (" + A.shape() + "), found B (" +
                                    B.shape() + ")");
}

}  // namespace

template <typename T>
void matmul_reference(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C) {
    require_inner("matmul", "rows", A.cols(), A, B, B.rows());
    C.resize(A.rows(), B.cols());
    for (std::size_t i = 0; i < A.rows(); ++i)
        for (std::size_t j = 0; j < B.cols(); ++j) {
            T sum = 0;
            for (std::size_t p = 0; p < A.cols(); ++p) sum += A(i, p) * B(p, j);
            C(i, j) = sum;
        }
}

template <typename T>
void matmul_at_reference(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C) {
    require_inner("matmul_at", "rows", A.rows(), A, B, B.rows());
    C.resize(A.cols(), B.cols());
    for (std::size_t i = 0; i < A.cols(); ++i)
        for (std::size_t j = 0; j < B.cols(); ++j) {
            T sum = 0;
            for (std::size_t p = 0; p < A.rows(); ++p) sum += A(p, i) * B(p, j);
            C(i, j) = sum;
        }
}

template <typename T>
void matmul_bt_reference(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C) {
    require_inner("matmul_bt", "columns", A.cols(), A, B, B.cols());
    C.resize(A.rows(), B.rows());
    for (std::size_t i = 0; i < A.rows(); ++i)
        for (std::size_t j = 0; j < B.rows(); ++j) {
            T sum = 0;
            for (std::size_t p = 0; p < A.cols(); ++p) sum += A(i, p) * B(j, p);
            C(i, j) = sum;
        }
}

// X W of (2.4): docs/02-neuron-and-layer.md#eq-2-4
template <typename T>
void matmul(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C) {
    require_inner("matmul", "rows", A.cols(), A, B, B.rows());
    if (backend<T>().matmul) backend<T>().matmul(A, B, C);
    else matmul_reference(A, B, C);
}

// h^T delta2 and X^T delta1: docs/06-backprop.md#eq-6-1, docs/06-backprop.md#eq-6-5
template <typename T>
void matmul_at(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C) {
    require_inner("matmul_at", "rows", A.rows(), A, B, B.rows());
    if (backend<T>().matmul_at) backend<T>().matmul_at(A, B, C);
    else matmul_at_reference(A, B, C);
}

// delta2 W2^T: docs/06-backprop.md#eq-6-3
template <typename T>
void matmul_bt(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C) {
    require_inner("matmul_bt", "columns", A.cols(), A, B, B.cols());
    if (backend<T>().matmul_bt) backend<T>().matmul_bt(A, B, C);
    else matmul_bt_reference(A, B, C);
}

#define NN_INSTANTIATE(T)                                                      \
    template void matmul_reference(const Matrix<T>&, const Matrix<T>&, Matrix<T>&);    \
    template void matmul_at_reference(const Matrix<T>&, const Matrix<T>&, Matrix<T>&); \
    template void matmul_bt_reference(const Matrix<T>&, const Matrix<T>&, Matrix<T>&); \
    template void matmul(const Matrix<T>&, const Matrix<T>&, Matrix<T>&);              \
    template void matmul_at(const Matrix<T>&, const Matrix<T>&, Matrix<T>&);           \
    template void matmul_bt(const Matrix<T>&, const Matrix<T>&, Matrix<T>&);
NN_INSTANTIATE(float)
NN_INSTANTIATE(double)
#undef NN_INSTANTIATE

}  // namespace nn
