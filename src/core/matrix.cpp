// Element-wise helpers of Matrix<T>, the SGD update and the row gather; the products live in matmul.cpp.
// Derivation: docs/02-neuron-and-layer.md (bias broadcast), docs/06-backprop.md (column sums).
#include "core/matrix.hpp"

#include <cstring>

#include "core/backend.hpp"

namespace nn {

// The "+ 1 b" of (2.4): docs/02-neuron-and-layer.md#eq-2-4
template <typename T>
void add_row_vector(Matrix<T>& Z, const Matrix<T>& b) {
    require_shape("add_row_vector: b", b, 1, Z.cols());
    const T* bias = b.data();
    for (std::size_t i = 0; i < Z.rows(); ++i) {
        T* z = Z.row(i);
        for (std::size_t j = 0; j < Z.cols(); ++j) z[j] += bias[j];
    }
}

// db = 1^T delta: docs/06-backprop.md#eq-6-2, docs/06-backprop.md#eq-6-6
template <typename T>
void column_sums(const Matrix<T>& dZ, Matrix<T>& db) {
    db.resize(1, dZ.cols());
    db.fill(T(0));
    T* sum = db.data();
    // Row by row, so the inner loop runs along memory; each column is summed in row order.
    for (std::size_t i = 0; i < dZ.rows(); ++i) {
        const T* dz = dZ.row(i);
        for (std::size_t j = 0; j < dZ.cols(); ++j) sum[j] += dz[j];
    }
}

// docs/07-sgd.md#eq-7-1
template <typename T>
void subtract_scaled(Matrix<T>& theta, T eta, const Matrix<T>& d) {
    require_shape("subtract_scaled: d", d, theta.rows(), theta.cols());
    if (backend<T>().subtract_scaled) return backend<T>().subtract_scaled(theta, eta, d);
    for (std::size_t k = 0; k < theta.size(); ++k) theta[k] -= eta * d[k];
}

template <typename T>
void gather_rows(const Matrix<T>& X, const std::size_t* rows, std::size_t count, Matrix<T>& out) {
    for (std::size_t r = 0; r < count; ++r)
        if (rows[r] >= X.rows())
            throw std::invalid_argument("gather_rows: expected row indices below " + std::to_string(X.rows()) +
                                        ", found " + std::to_string(rows[r]));
    out.resize(count, X.cols());
    const auto copy = [&](std::size_t r0, std::size_t r1) {
        for (std::size_t r = r0; r < r1; ++r) std::memcpy(out.row(r), X.row(rows[r]), X.cols() * sizeof(T));
    };
    for_row_blocks<T>(count, copy);  // one loop; all threads with the fast engine (core/backend.hpp)
}

// The argmax of accuracy (4.6): docs/04-losses.md#eq-4-6
template <typename T>
std::vector<int> argmax_rows(const Matrix<T>& P) {
    std::vector<int> index(P.rows(), 0);
    for (std::size_t i = 0; i < P.rows(); ++i) {
        const T* p = P.row(i);
        std::size_t best = 0;
        for (std::size_t j = 1; j < P.cols(); ++j)
            if (p[j] > p[best]) best = j;
        index[i] = static_cast<int>(best);
    }
    return index;
}

template void add_row_vector(Matrix<float>&, const Matrix<float>&);
template void add_row_vector(Matrix<double>&, const Matrix<double>&);
template void column_sums(const Matrix<float>&, Matrix<float>&);
template void column_sums(const Matrix<double>&, Matrix<double>&);
template void subtract_scaled(Matrix<float>&, float, const Matrix<float>&);
template void subtract_scaled(Matrix<double>&, double, const Matrix<double>&);
template void gather_rows(const Matrix<float>&, const std::size_t*, std::size_t, Matrix<float>&);
template void gather_rows(const Matrix<double>&, const std::size_t*, std::size_t, Matrix<double>&);
template std::vector<int> argmax_rows(const Matrix<float>&);
template std::vector<int> argmax_rows(const Matrix<double>&);

}  // namespace nn
