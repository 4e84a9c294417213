// Matrix products: the reference triple loops and the fast kernels that training uses.
// Derivation: docs/02-neuron-and-layer.md (z = X W), docs/06-backprop.md (dW = X^T delta, dX = delta W^T).
#include "matmul.hpp"

#include <stdexcept>
#include <string>

#include "parallel.hpp"

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

// Below this many multiply-adds a product runs on one thread: waking the pool costs more.
constexpr std::size_t kParallelWork = 1 << 15;

// Runs body over the rows of C in parallel, or, when C has too few rows to share (batch 1),
// over column blocks of 16 (one AVX-512 register of floats). Either way one thread computes each C(i,j).
template <typename Body>
void for_blocks(std::size_t m, std::size_t n, std::size_t work, const Body& body) {
    if (work < kParallelWork || thread_count() == 1) {
        body(0, m, 0, n);
    } else if (m >= 2 * static_cast<std::size_t>(thread_count())) {
        parallel_for(m, [&](std::size_t i0, std::size_t i1) { body(i0, i1, 0, n); });
    } else {
        parallel_for(n, [&](std::size_t j0, std::size_t j1) { body(0, m, j0, j1); }, 16);
    }
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

// C = A B, loop order i, p, j: row i of C accumulates A(i,p) times row p of B. The inner loop
// streams contiguous rows of B and C and vectorises; each C(i,j) still sums p = 0, 1, ... in order.
// X W of (2.4): docs/02-neuron-and-layer.md#eq-2-4
template <typename T>
void matmul(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C) {
    require_inner("matmul", "rows", A.cols(), A, B, B.rows());
    const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
    C.resize(m, n);
    for_blocks(m, n, m * n * k, [&](std::size_t i0, std::size_t i1, std::size_t j0, std::size_t j1) {
        for (std::size_t i = i0; i < i1; ++i) {
            T* c = C.row(i);
            for (std::size_t j = j0; j < j1; ++j) c[j] = 0;
            const T* a = A.row(i);
            for (std::size_t p = 0; p < k; ++p) {
                const T a_ip = a[p];
                const T* b = B.row(p);
                for (std::size_t j = j0; j < j1; ++j) c[j] += a_ip * b[j];
            }
        }
    });
}

// C = A^T B: row i of C accumulates A(p,i) times row p of B, for p = 0, 1, ...
// h^T delta2 and X^T delta1: docs/06-backprop.md#eq-6-1, docs/06-backprop.md#eq-6-5
template <typename T>
void matmul_at(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C) {
    require_inner("matmul_at", "rows", A.rows(), A, B, B.rows());
    const std::size_t m = A.cols(), k = A.rows(), n = B.cols();
    C.resize(m, n);
    for_blocks(m, n, m * n * k, [&](std::size_t i0, std::size_t i1, std::size_t j0, std::size_t j1) {
        for (std::size_t i = i0; i < i1; ++i) {
            T* c = C.row(i);
            for (std::size_t j = j0; j < j1; ++j) c[j] = 0;
            for (std::size_t p = 0; p < k; ++p) {
                const T a_pi = A(p, i);
                const T* b = B.row(p);
                for (std::size_t j = j0; j < j1; ++j) c[j] += a_pi * b[j];
            }
        }
    });
}

// C = A B^T: C(i,j) is the dot product of row i of A with row j of B, both contiguous.
// delta2 W2^T: docs/06-backprop.md#eq-6-3
template <typename T>
void matmul_bt(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C) {
    require_inner("matmul_bt", "columns", A.cols(), A, B, B.cols());
    const std::size_t m = A.rows(), k = A.cols(), n = B.rows();
    C.resize(m, n);
    for_blocks(m, n, m * n * k, [&](std::size_t i0, std::size_t i1, std::size_t j0, std::size_t j1) {
        for (std::size_t i = i0; i < i1; ++i) {
            const T* a = A.row(i);
            for (std::size_t j = j0; j < j1; ++j) {
                const T* b = B.row(j);
                T sum = 0;
                for (std::size_t p = 0; p < k; ++p) sum += a[p] * b[p];
                C(i, j) = sum;
            }
        }
    });
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
