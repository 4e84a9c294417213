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
// softmax + cross-entropy, sigmoid + squared error, or ReLU outputs + the perceptron criterion (source 05)
enum class Loss { CrossEntropy, SquaredError, Perceptron };
// Weight rules (docs/08-initialisation.md): He and Xavier normal, plain N(0, S^2) and U(-S, S).
enum class Init { He, Xavier, Normal, Uniform };
// The biases: zero (the default), or drawn like the layer's weights (sources 03 and 05).
enum class BiasInit { Zero, LikeWeights };
// The perceptron criterion's step: its true subgradient, or source 05's rule without relu'(z).
enum class PerceptronRule { Subgradient, Source };

const char* name(Activation a);      // "relu", "sigmoid"
const char* name(Loss l);            // "cross-entropy", "mse", "perceptron"
const char* output_name(Loss l);     // what the output layer computes: "softmax", "sigmoid", "relu"
const char* name(Init i);            // "he", "xavier", "normal", "uniform"
const char* name(BiasInit b);        // "zero", "weights"
const char* name(PerceptronRule r);  // "subgradient", "source"
// He for ReLU, Xavier for sigmoid: the rule of docs/08-initialisation.md#which-layer-gets-which.
Init default_init(Activation hidden);

// How one layer's W is drawn: He and Xavier multiply their standard deviation by `scale` (a gain,
// 1 = the rule itself); Normal draws N(0, scale^2); Uniform draws U(-scale, scale).
struct LayerInit {
    Init rule = Init::He;
    double scale = 1.0;
};
// The standard deviation (Normal, He, Xavier) or half-width (Uniform) of a layer of n_in x n_out.
// (8.3), (8.4), (8.7), (8.8): docs/08-initialisation.md#per-layer-rules
double init_spread(const LayerInit& rule, std::size_t n_in, std::size_t n_out);

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
    // Layer l's W by rules[l] (one rule per layer), then its b by `bias`, layer by layer.
    // With rules {he, xavier} and zero biases it draws exactly what init(Init::He, rng) draws.
    // docs/08-initialisation.md#per-layer-rules
    void init(const std::vector<LayerInit>& rules, BiasInit bias, Rng& rng);

    // Forward pass over a batch X (m x n_in); returns p (m x n_out) and keeps z, h of every layer.
    // (2.5): docs/02-neuron-and-layer.md#eq-2-5
    const Matrix<T>& forward(const Matrix<T>& X);
    // The forward pass of a training step: as forward(X), and when dropout > 0, the hidden
    // activations h of every hidden layer are multiplied by a fresh mask drawn from rng; backward()
    // then follows the same masks. With dropout = 0 it is forward(X) and draws nothing.
    // (18.2): docs/18-dropout.md#eq-18-2
    const Matrix<T>& forward_train(const Matrix<T>& X, Rng& rng);
    // Mean loss of the last forward pass against the labels.
    // (4.4), (4.5) or (7.4): docs/04-losses.md#eq-4-4
    double loss(const std::vector<std::uint8_t>& labels) const;
    // Backward pass after forward(X): fills delta, dW and db of every layer: output_delta, then
    // backward_layer from the last layer down to the first.
    // (5.3), then (6.7) layer by layer: docs/06-backprop.md#eq-6-7
    void backward(const Matrix<T>& X, const std::vector<std::uint8_t>& labels);
    // The delta of the output layer, (p - y)/m for softmax with cross-entropy; (5.4) for squared
    // error; (7.5) for the perceptron criterion.
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
    // Only for Loss::Perceptron: which step output_delta takes (docs/07-sgd.md#source-05-rule).
    PerceptronRule perceptron_rule = PerceptronRule::Subgradient;

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
