// Cross-entropy (with softmax) and squared error (with sigmoid), and their output gradients.
// Derivation: docs/04-losses.md, docs/05-output-gradient.md, docs/07-sgd.md#source-05-rule (perceptron).
#include "nn/loss.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace nn {
namespace {
template <typename T>
void require_labels(const char* op, const Matrix<T>& M, const std::vector<std::uint8_t>& labels) {
    if (labels.size() != M.rows())
        throw std::invalid_argument(std::string(op) + ": expected " + std::to_string(M.rows()) +
                                    " labels, one per row of " + M.shape() + ", found " +
                                    std::to_string(labels.size()));
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i] >= M.cols())
            throw std::invalid_argument(std::string(op) + ": label " + std::to_string(i) +
                                        ": expected 0.." + std::to_string(M.cols() - 1) +
                                        ", found " + std::to_string(labels[i]));
}

}  // namespace

// docs/04-losses.md#eq-4-1
template <typename T>
Matrix<T> one_hot(const std::vector<std::uint8_t>& labels, std::size_t classes) {
    Matrix<T> Y(labels.size(), classes);
    require_labels("one_hot", Y, labels);
    for (std::size_t i = 0; i < labels.size(); ++i) Y(i, labels[i]) = T(1);
    return Y;
}

// docs/04-losses.md#eq-4-3, docs/04-losses.md#eq-4-4
template <typename T>
double cross_entropy_loss(const Matrix<T>& z, const std::vector<std::uint8_t>& labels) {
    require_labels("cross_entropy_loss", z, labels);
    if (z.rows() == 0) return 0.0;
    double total = 0.0;
    for (std::size_t i = 0; i < z.rows(); ++i) {
        const T* zi = z.row(i);
        // logsumexp(z) = max + log sum exp(z - max): every exponent <= 0, the sum >= 1.
        const double zmax = static_cast<double>(*std::max_element(zi, zi + z.cols()));
        double sum = 0.0;
        for (std::size_t j = 0; j < z.cols(); ++j) sum += std::exp(static_cast<double>(zi[j]) - zmax);
        total += zmax + std::log(sum) - static_cast<double>(zi[labels[i]]);
    }
    return total / static_cast<double>(z.rows());
}

// docs/05-output-gradient.md#eq-5-3
template <typename T>
void softmax_cross_entropy_backward(const Matrix<T>& p, const std::vector<std::uint8_t>& labels,
                                    Matrix<T>& delta) {
    require_labels("softmax_cross_entropy_backward", p, labels);
    delta.resize(p.rows(), p.cols());
    // The 1/m of the batch mean enters here and only here; every gradient downstream inherits it.
    const T inv_m = T(1) / static_cast<T>(p.rows());
    for (std::size_t i = 0; i < p.rows(); ++i) {
        const T* pi = p.row(i);
        T* di = delta.row(i);
        for (std::size_t j = 0; j < p.cols(); ++j) di[j] = pi[j] * inv_m;  // (p - y)/m, y = 0 ...
        di[labels[i]] = (pi[labels[i]] - T(1)) * inv_m;                   // ... except at the label
    }
}

// docs/04-losses.md#eq-4-5
template <typename T>
double squared_error_loss(const Matrix<T>& p, const std::vector<std::uint8_t>& labels) {
    require_labels("squared_error_loss", p, labels);
    if (p.rows() == 0) return 0.0;
    double total = 0.0;
    for (std::size_t i = 0; i < p.rows(); ++i)
        for (std::size_t j = 0; j < p.cols(); ++j) {
            const double e = static_cast<double>(p(i, j)) - (labels[i] == j ? 1.0 : 0.0);
            total += 0.5 * e * e;
        }
    return total / static_cast<double>(p.rows());
}

// docs/05-output-gradient.md#eq-5-4
template <typename T>
void sigmoid_squared_error_backward(const Matrix<T>& p, const std::vector<std::uint8_t>& labels,
                                    Matrix<T>& delta) {
    require_labels("sigmoid_squared_error_backward", p, labels);
    delta.resize(p.rows(), p.cols());
    const T inv_m = T(1) / static_cast<T>(p.rows());  // the batch mean's 1/m, as above
    for (std::size_t i = 0; i < p.rows(); ++i)
        for (std::size_t j = 0; j < p.cols(); ++j) {
            const T pij = p(i, j);
            const T y = labels[i] == j ? T(1) : T(0);
            delta(i, j) = (pij - y) * pij * (T(1) - pij) * inv_m;
        }
}

// The index of row i's largest entry, the lowest on ties (np.argmax's rule: class 0 if all are 0).
template <typename T>
std::size_t row_argmax(const Matrix<T>& h, std::size_t i) {
    const T* hi = h.row(i);
    return static_cast<std::size_t>(std::max_element(hi, hi + h.cols()) - hi);
}

// docs/07-sgd.md#eq-7-4
template <typename T>
double perceptron_loss(const Matrix<T>& h, const std::vector<std::uint8_t>& labels) {
    require_labels("perceptron_loss", h, labels);
    if (h.rows() == 0) return 0.0;
    double total = 0.0;
    for (std::size_t i = 0; i < h.rows(); ++i)
        total += static_cast<double>(h(i, row_argmax(h, i))) - static_cast<double>(h(i, labels[i]));
    return total / static_cast<double>(h.rows());
}

// docs/07-sgd.md#eq-7-5
template <typename T>
void perceptron_backward(const Matrix<T>& z, const Matrix<T>& h, const std::vector<std::uint8_t>& labels,
                         bool keep_relu_derivative, Matrix<T>& delta) {
    require_labels("perceptron_backward", h, labels);
    require_shape("perceptron_backward: z", z, h.rows(), h.cols());
    delta.resize(h.rows(), h.cols());
    delta.fill(T(0));
    const T inv_m = T(1) / static_cast<T>(h.rows());  // the batch mean's 1/m, as above
    for (std::size_t i = 0; i < h.rows(); ++i) {
        const std::size_t k = row_argmax(h, i), y = labels[i];
        if (k == y) continue;  // the label's output is a largest: L_i = 0 nearby, no step
        // d/dz of h_k - h_y: relu'(z) is 1 for z > 0 and 0 otherwise (docs/03-activations.md#eq-3-2).
        const T dk = keep_relu_derivative ? (z(i, k) > T(0) ? T(1) : T(0)) : T(1);
        const T dy = keep_relu_derivative ? (z(i, y) > T(0) ? T(1) : T(0)) : T(1);
        delta(i, k) = dk * inv_m;
        delta(i, y) = -dy * inv_m;
    }
}

#define NN_INSTANTIATE(T)                                                                          \
    template Matrix<T> one_hot(const std::vector<std::uint8_t>&, std::size_t);                     \
    template double cross_entropy_loss(const Matrix<T>&, const std::vector<std::uint8_t>&);        \
    template void softmax_cross_entropy_backward(const Matrix<T>&, const std::vector<std::uint8_t>&, \
                                                 Matrix<T>&);                                      \
    template double squared_error_loss(const Matrix<T>&, const std::vector<std::uint8_t>&);        \
    template void sigmoid_squared_error_backward(const Matrix<T>&, const std::vector<std::uint8_t>&, \
                                                 Matrix<T>&);                                      \
    template double perceptron_loss(const Matrix<T>&, const std::vector<std::uint8_t>&);           \
    template void perceptron_backward(const Matrix<T>&, const Matrix<T>&, const std::vector<std::uint8_t>&, \
                                      bool, Matrix<T>&);
NN_INSTANTIATE(float)
NN_INSTANTIATE(double)
#undef NN_INSTANTIATE

}  // namespace nn
