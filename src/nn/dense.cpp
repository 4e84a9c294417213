// Dense layer forward and backward. Derivation: docs/02-neuron-and-layer.md, docs/06-backprop.md.
#include "nn/dense.hpp"

#include "core/matmul.hpp"

namespace nn {

// docs/02-neuron-and-layer.md#eq-2-3, docs/02-neuron-and-layer.md#eq-2-4
template <typename T>
void dense_forward(const Matrix<T>& X, const Matrix<T>& W, const Matrix<T>& b, Matrix<T>& z) {
    matmul(X, W, z);      // X W: (m x n_out)
    add_row_vector(z, b);  // + 1 b^T: the same bias for every example of the batch
}

// docs/06-backprop.md#eq-6-1, docs/06-backprop.md#eq-6-2, docs/06-backprop.md#eq-6-3,
// docs/06-backprop.md#eq-6-5, docs/06-backprop.md#eq-6-6
template <typename T>
void dense_backward(const Matrix<T>& X, const Matrix<T>& W, const Matrix<T>& delta, Matrix<T>& dW,
                    Matrix<T>& db, Matrix<T>* dX) {
    matmul_at(X, delta, dW);               // X^T delta: (n_in x n_out), the shape of W
    column_sums(delta, db);                 // 1^T delta: (1 x n_out), the shape of b
    if (dX) matmul_bt(delta, W, *dX);      // delta W^T: (m x n_in), the shape of X
}

template void dense_forward(const Matrix<float>&, const Matrix<float>&, const Matrix<float>&, Matrix<float>&);
template void dense_forward(const Matrix<double>&, const Matrix<double>&, const Matrix<double>&, Matrix<double>&);
template void dense_backward(const Matrix<float>&, const Matrix<float>&, const Matrix<float>&,
                             Matrix<float>&, Matrix<float>&, Matrix<float>*);
template void dense_backward(const Matrix<double>&, const Matrix<double>&, const Matrix<double>&,
                             Matrix<double>&, Matrix<double>&, Matrix<double>*);

}  // namespace nn
