// Losses and the gradient they send back into the network's output layer.
// Derivation: docs/04-losses.md (the losses), docs/05-output-gradient.md (their gradients),
// docs/07-sgd.md#source-05-rule (the perceptron criterion of source 05).
#pragma once

#include <cstdint>
#include <vector>

#include "core/matrix.hpp"

namespace nn {

// Y (m x classes): row i is the one-hot vector of labels[i].
// (4.1): docs/04-losses.md#eq-4-1
template <typename T>
Matrix<T> one_hot(const std::vector<std::uint8_t>& labels, std::size_t classes);

// Cross-entropy of softmax(z) against the labels, averaged over the m rows:
//   L = (1/m) sum_i [ logsumexp(z_i) - z_i[label_i] ]  ==  -(1/m) sum_i log p_i[label_i].
// Takes the logits z, not p, so that log never sees 0. Summed in double.
// (4.3), (4.4): docs/04-losses.md#eq-4-4
template <typename T>
double cross_entropy_loss(const Matrix<T>& z, const std::vector<std::uint8_t>& labels);

// delta = (p - y) / m: the gradient of the mean cross-entropy with respect to the logits z,
// softmax's Jacobian and log's derivative collapsed into one subtraction.
// (5.3): docs/05-output-gradient.md#eq-5-3
template <typename T>
void softmax_cross_entropy_backward(const Matrix<T>& p, const std::vector<std::uint8_t>& labels,
                                    Matrix<T>& delta);

// Squared error of a sigmoid output p against one-hot y, as in source 03:
//   L = (1/m) sum_i 1/2 ||p_i - y_i||^2.
// (4.5): docs/04-losses.md#eq-4-5
template <typename T>
double squared_error_loss(const Matrix<T>& p, const std::vector<std::uint8_t>& labels);

// delta = (p - y) * p (1 - p) / m: squared error's gradient through the output sigmoid.
// (5.4): docs/05-output-gradient.md#eq-5-4
template <typename T>
void sigmoid_squared_error_backward(const Matrix<T>& p, const std::vector<std::uint8_t>& labels,
                                    Matrix<T>& delta);

// The multiclass perceptron criterion on ReLU outputs h = relu(z), as in source 05:
//   L = (1/m) sum_i [ max_k h_ik - h_i,label_i ]  (>= 0; 0 when the label's output is a largest).
// (7.4): docs/07-sgd.md#eq-7-4
template <typename T>
double perceptron_loss(const Matrix<T>& h, const std::vector<std::uint8_t>& labels);

// delta = dL/dz for the perceptron criterion: row i is (e_k* - e_label) / m, k* = argmax_k h_ik
// (lowest index on ties, as np.argmax), each entry times relu'(z_ik) when keep_relu_derivative, the
// true subgradient; without it, source 05's rule, which drops relu' (its factor (resp >= 0) is 1).
// (7.5): docs/07-sgd.md#eq-7-5
template <typename T>
void perceptron_backward(const Matrix<T>& z, const Matrix<T>& h, const std::vector<std::uint8_t>& labels,
                         bool keep_relu_derivative, Matrix<T>& delta);

}  // namespace nn
