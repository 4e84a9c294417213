// ReLU, sigmoid and softmax, forward and backward. Derivation: docs/03-activations.md.
#include "nn/activations.hpp"

#include <algorithm>
#include <cmath>

namespace nn {

// docs/03-activations.md#eq-3-1
template <typename T>
void relu_forward(const Matrix<T>& z, Matrix<T>& h) {
    h.resize(z.rows(), z.cols());
    for (std::size_t k = 0; k < z.size(); ++k) h[k] = z[k] > T(0) ? z[k] : T(0);
}

// docs/03-activations.md#eq-3-2, docs/06-backprop.md#eq-6-4
template <typename T>
void relu_backward(const Matrix<T>& z, const Matrix<T>& dh, Matrix<T>& delta) {
    require_shape("relu_backward: dh", dh, z.rows(), z.cols());
    delta.resize(z.rows(), z.cols());
    // relu'(z) = 1 for z > 0, else 0 (at z = 0 too). dh[k] is read for every k: then compilers make a vector select.
    for (std::size_t k = 0; k < z.size(); ++k) { const T dh_k = dh[k]; delta[k] = z[k] > T(0) ? dh_k : T(0); }
}

// docs/03-activations.md#eq-3-3
template <typename T>
void sigmoid_forward(const Matrix<T>& z, Matrix<T>& h) {
    h.resize(z.rows(), z.cols());
    for (std::size_t k = 0; k < z.size(); ++k) {
        // For z < 0, exp(-z) could overflow; exp(z) / (1 + exp(z)) is the same value and cannot.
        if (z[k] >= T(0)) {
            h[k] = T(1) / (T(1) + std::exp(-z[k]));
        } else {
            const T e = std::exp(z[k]);
            h[k] = e / (T(1) + e);
        }
    }
}

// docs/03-activations.md#eq-3-4, docs/06-backprop.md#eq-6-4
template <typename T>
void sigmoid_backward(const Matrix<T>& h, const Matrix<T>& dh, Matrix<T>& delta) {
    require_shape("sigmoid_backward: dh", dh, h.rows(), h.cols());
    delta.resize(h.rows(), h.cols());
    for (std::size_t k = 0; k < h.size(); ++k) delta[k] = dh[k] * h[k] * (T(1) - h[k]);
}

// docs/03-activations.md#eq-3-5
template <typename T>
void softmax_forward(const Matrix<T>& z, Matrix<T>& p) {
    p.resize(z.rows(), z.cols());
    for (std::size_t i = 0; i < z.rows(); ++i) {
        const T* zi = z.row(i);
        T* pi = p.row(i);
        // Subtracting the row maximum leaves softmax unchanged (it cancels in the ratio) and makes
        // every exponent <= 0, so exp cannot overflow even for logits of 1000.
        const T zmax = *std::max_element(zi, zi + z.cols());
        T sum = 0;
        for (std::size_t j = 0; j < z.cols(); ++j) {
            pi[j] = std::exp(zi[j] - zmax);
            sum += pi[j];
        }
        for (std::size_t j = 0; j < z.cols(); ++j) pi[j] /= sum;
    }
}

#define NN_INSTANTIATE(T)                                                                  \
    template void relu_forward(const Matrix<T>&, Matrix<T>&);                              \
    template void relu_backward(const Matrix<T>&, const Matrix<T>&, Matrix<T>&);           \
    template void sigmoid_forward(const Matrix<T>&, Matrix<T>&);                           \
    template void sigmoid_backward(const Matrix<T>&, const Matrix<T>&, Matrix<T>&);        \
    template void softmax_forward(const Matrix<T>&, Matrix<T>&);
NN_INSTANTIATE(float)
NN_INSTANTIATE(double)
#undef NN_INSTANTIATE

}  // namespace nn
