// Element-wise helpers of Matrix<T>; the products live in matmul.cpp.
// Derivation: docs/02-neuron-and-layer.md (bias broadcast), docs/06-backprop.md (column sums).
#include "matrix.hpp"

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
template std::vector<int> argmax_rows(const Matrix<float>&);
template std::vector<int> argmax_rows(const Matrix<double>&);

}  // namespace nn
