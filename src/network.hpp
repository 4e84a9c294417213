// Network<T>: a stack of dense layers ({784, 300, 10} by default) with forward and backward passes.
// Derivation: docs/06-backprop.md (the recursion), docs/01-notation.md (names).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "matrix.hpp"
#include "rng.hpp"

namespace nn {

enum class Activation { ReLU, Sigmoid };       // of the hidden layers
enum class Loss { CrossEntropy, SquaredError };  // softmax + cross-entropy, or sigmoid + squared error
enum class Init { He, Xavier };                 // of the hidden layers; the output layer is always Xavier

const char* name(Activation a);  // "relu", "sigmoid"
const char* name(Loss l);        // "cross-entropy", "mse"
const char* name(Init i);        // "he", "xavier"

// One dense layer and everything backprop keeps for it. The maths counts layers from 1 and the
// code from 0: layers[0] holds W1, b1, z1, h (= f(z1)) and delta1; layers[1] holds W2, b2, z2,
// p (stored in h) and delta2. Shapes for a batch of m: W (n_in x n_out), b (1 x n_out),
// z, h, delta (m x n_out); dW, db as W, b.
template <typename T>
struct Layer {
    Matrix<T> W, b;    // parameters
    Matrix<T> dW, db;  // dL/dW, dL/db after backward()
    Matrix<T> z, h;    // forward cache: z = h_prev W + 1 b^T, h = f(z)
    Matrix<T> delta;   // dL/dz after backward()
};

template <typename T>
class Network {
public:
    // sizes = {n_in, hidden..., n_out}, at least two entries, none zero. Parameters start at zero;
    // call init() before training.
    Network(const std::vector<std::size_t>& sizes, Activation hidden, Loss loss);

    // Hidden weights by `hidden_init`, output weights by Xavier, biases 0 (docs/08-initialisation.md).
    void init(Init hidden_init, Rng& rng);

    // Forward pass over a batch X (m x n_in); returns p (m x n_out) and keeps z, h of every layer.
    // (2.5): docs/02-neuron-and-layer.md#eq-2-5
    const Matrix<T>& forward(const Matrix<T>& X);
    // Mean loss of the last forward pass against the labels.
    // (4.4) or (4.5): docs/04-losses.md#eq-4-4
    double loss(const std::vector<std::uint8_t>& labels) const;
    // Backward pass after forward(X): fills delta, dW and db of every layer. With first_dW = false
    // the first layer's dW (as large as W1) is not formed: online SGD applies it directly, see
    // sgd_update_online in sgd.hpp.
    // (5.3), then (6.7) layer by layer: docs/06-backprop.md#eq-6-7
    void backward(const Matrix<T>& X, const std::vector<std::uint8_t>& labels, bool first_dW = true);

    const Matrix<T>& output() const { return layers.back().h; }  // p of the last forward pass
    std::vector<std::size_t> sizes() const;
    std::string describe() const;  // "784-300-10"

    std::vector<Layer<T>> layers;
    Activation hidden;
    Loss loss_kind;

private:
    Matrix<T> dh_;  // dL/dh of the layer below, passed from one layer's backward to the next
};

}  // namespace nn
