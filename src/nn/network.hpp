// Network<T>: a stack of dense layers ({784, 300, 10} by default) with forward and backward passes.
// Derivation: docs/06-backprop.md (the recursion), docs/01-notation.md (names).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/matrix.hpp"
#include "core/rng.hpp"

namespace nn {

enum class Activation { ReLU, Sigmoid };       // of the hidden layers
enum class Loss { CrossEntropy, SquaredError };  // softmax + cross-entropy, or sigmoid + squared error
enum class Init { He, Xavier };                 // of the hidden layers; the output layer is always Xavier

const char* name(Activation a);  // "relu", "sigmoid"
const char* name(Loss l);        // "cross-entropy", "mse"
const char* name(Init i);        // "he", "xavier"
// He for ReLU, Xavier for sigmoid: the rule of docs/08-initialisation.md#which-layer-gets-which.
Init default_init(Activation hidden);

// "784-300-10": layer sizes joined by '-'.
std::string sizes_text(const std::vector<std::size_t>& sizes);
// "300" for {784, 300, 10}, "128-64" for {784, 128, 64, 10}: the hidden sizes only.
std::string hidden_sizes_text(const std::vector<std::size_t>& sizes);

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
    // Dropout during training only (forward_train with dropout > 0, hidden layers only):
    Matrix<T> mask;       // 0 or 1/(1 - P) per unit and example (nn/dropout.hpp)
    Matrix<T> h_dropped;  // h * mask: what the layer above sees instead of h
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
    // The forward pass of a training step: as forward(X), and when dropout > 0, the hidden
    // activations h of every hidden layer are multiplied by a fresh mask drawn from rng; backward()
    // then follows the same masks. With dropout = 0 it is forward(X) and draws nothing.
    // (17.2): docs/17-dropout.md#eq-17-2
    const Matrix<T>& forward_train(const Matrix<T>& X, Rng& rng);
    // Mean loss of the last forward pass against the labels.
    // (4.4) or (4.5): docs/04-losses.md#eq-4-4
    double loss(const std::vector<std::uint8_t>& labels) const;
    // Backward pass after forward(X): fills delta, dW and db of every layer: output_delta, then
    // backward_layer from the last layer down to the first.
    // (5.3), then (6.7) layer by layer: docs/06-backprop.md#eq-6-7
    void backward(const Matrix<T>& X, const std::vector<std::uint8_t>& labels);
    // The delta of the output layer, (p - y)/m for softmax with cross-entropy.
    // (5.3): docs/05-output-gradient.md#eq-5-3
    void output_delta(const std::vector<std::uint8_t>& labels);
    // From layer l's delta: its dW and db and, for l > 0, the delta of layer l - 1.
    // X is the batch of the forward pass (the input of layer 0).
    // (6.1)-(6.6): docs/06-backprop.md#eq-6-4
    void backward_layer(std::size_t l, const Matrix<T>& X);

    const Matrix<T>& output() const { return layers.back().h; }  // p of the last forward pass
    std::vector<std::size_t> sizes() const;
    std::string describe() const;  // "784-300-10"

    std::vector<Layer<T>> layers;
    Activation hidden;
    Loss loss_kind;
    double dropout = 0;  // P, the probability of dropping a hidden unit in forward_train

private:
    // The forward pass; with rng and dropout > 0, with dropout masks (forward_train).
    const Matrix<T>& forward_pass(const Matrix<T>& X, Rng* rng);
    // What layer l reads: X for the first layer, else h of the layer below (h * mask after a
    // forward_train with dropout).
    const Matrix<T>& input_of(std::size_t l, const Matrix<T>& X) const;

    Matrix<T> dh_;  // dL/dh of the layer below, passed from one layer's backward to the next
    bool masked_ = false;  // the last forward pass applied dropout masks
};

}  // namespace nn
