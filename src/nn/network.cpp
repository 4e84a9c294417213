// Forward and backward through a stack of dense layers. Derivation: docs/06-backprop.md.
#include "nn/network.hpp"

#include <cmath>
#include <stdexcept>

#include "nn/activations.hpp"
#include "nn/dense.hpp"
#include "nn/dropout.hpp"
#include "nn/init.hpp"
#include "nn/loss.hpp"

namespace nn {

const char* name(Activation a) { return a == Activation::ReLU ? "relu" : "sigmoid"; }
const char* name(Loss l) {
    return l == Loss::CrossEntropy ? "cross-entropy" : l == Loss::SquaredError ? "mse" : "perceptron";
}
const char* output_name(Loss l) {
    return l == Loss::CrossEntropy ? "softmax" : l == Loss::SquaredError ? "sigmoid" : "relu";
}
const char* name(Init i) {
    return i == Init::He ? "he" : i == Init::Xavier ? "xavier" : i == Init::Normal ? "normal" : "uniform";
}
const char* name(BiasInit b) { return b == BiasInit::Zero ? "zero" : "weights"; }
const char* name(PerceptronRule r) { return r == PerceptronRule::Subgradient ? "subgradient" : "source"; }

// docs/08-initialisation.md#per-layer-rules
double init_spread(const LayerInit& rule, std::size_t n_in, std::size_t n_out) {
    const double in = static_cast<double>(n_in), out = static_cast<double>(n_out);
    switch (rule.rule) {
        case Init::He: return rule.scale * std::sqrt(2.0 / in);
        case Init::Xavier: return rule.scale * std::sqrt(2.0 / (in + out));
        default: return rule.scale;  // Normal: the standard deviation; Uniform: the half-width
    }
}
Init default_init(Activation hidden) { return hidden == Activation::ReLU ? Init::He : Init::Xavier; }

std::string sizes_text(const std::vector<std::size_t>& sizes) {
    std::string text;
    for (std::size_t n : sizes) text += (text.empty() ? "" : "-") + std::to_string(n);
    return text;
}

std::string hidden_sizes_text(const std::vector<std::size_t>& sizes) {
    if (sizes.size() < 3) return "";
    return sizes_text(std::vector<std::size_t>(sizes.begin() + 1, sizes.end() - 1));
}

template <typename T>
Network<T>::Network(const std::vector<std::size_t>& sizes, Activation hidden_activation, Loss loss)
    : hidden(hidden_activation), loss_kind(loss) {
    if (sizes.size() < 2)
        throw std::invalid_argument("network: expected at least 2 layer sizes (input, output), found " +
                                    std::to_string(sizes.size()));
    for (std::size_t l = 0; l < sizes.size(); ++l)
        if (sizes[l] == 0)
            throw std::invalid_argument("network: layer size " + std::to_string(l) +
                                        ": expected at least 1 unit, found 0");
    layers.resize(sizes.size() - 1);
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        layers[l].W = Matrix<T>(sizes[l], sizes[l + 1]);
        layers[l].b = Matrix<T>(1, sizes[l + 1]);
    }
}

// docs/08-initialisation.md#which-layer-gets-which
template <typename T>
void Network<T>::init(Init hidden_init, Rng& rng) {
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const bool output = l + 1 == layers.size();
        if (!output && hidden_init == Init::He) he_normal(layers[l].W, rng);
        else xavier_normal(layers[l].W, rng);
        layers[l].b.fill(T(0));
    }
}

// docs/08-initialisation.md#per-layer-rules
template <typename T>
void Network<T>::init(const std::vector<LayerInit>& rules, BiasInit bias, Rng& rng) {
    if (rules.size() != layers.size())
        throw std::invalid_argument("init: expected one rule per layer (" + std::to_string(layers.size()) +
                                    "), found " + std::to_string(rules.size()));
    for (std::size_t l = 0; l < layers.size(); ++l) {
        Layer<T>& layer = layers[l];
        const double spread = init_spread(rules[l], layer.W.rows(), layer.W.cols());
        if (!(spread > 0) || !std::isfinite(spread))
            throw std::invalid_argument("init: layer " + std::to_string(l + 1) +
                                        ": expected a positive finite scale, found " + std::to_string(rules[l].scale));
        const bool uniform = rules[l].rule == Init::Uniform;
        if (uniform) uniform_fill(layer.W, spread, rng);
        else normal_fill(layer.W, spread, rng);  // He and Xavier are normal with their own spread
        if (bias == BiasInit::Zero) layer.b.fill(T(0));
        else if (uniform) uniform_fill(layer.b, spread, rng);
        else normal_fill(layer.b, spread, rng);
    }
}

// docs/02-neuron-and-layer.md#eq-2-5
template <typename T>
const Matrix<T>& Network<T>::forward(const Matrix<T>& X) {
    return forward_pass(X, nullptr);
}

// docs/18-dropout.md#eq-18-2
template <typename T>
const Matrix<T>& Network<T>::forward_train(const Matrix<T>& X, Rng& rng) {
    return forward_pass(X, &rng);
}

// docs/02-neuron-and-layer.md#eq-2-5, docs/18-dropout.md#eq-18-2
template <typename T>
const Matrix<T>& Network<T>::forward_pass(const Matrix<T>& X, Rng* rng) {
    masked_ = rng != nullptr && dropout > 0;  // dropout in training steps only, never in evaluation
    for (std::size_t l = 0; l < layers.size(); ++l) {
        Layer<T>& layer = layers[l];
        dense_forward(input_of(l, X), layer.W, layer.b, layer.z);  // z = h_prev W + 1 b^T
        if (l + 1 < layers.size()) {                       // hidden layer: h = f(z)
            if (hidden == Activation::ReLU) relu_forward(layer.z, layer.h);
            else sigmoid_forward(layer.z, layer.h);
            if (masked_) {                                 // the layer above sees h * mask
                dropout_mask(layer.mask, layer.h.rows(), layer.h.cols(), dropout, *rng);
                dropout_forward(layer.h, layer.mask, layer.h_dropped);
            }
        } else {                                           // output layer: p
            if (loss_kind == Loss::CrossEntropy) softmax_forward(layer.z, layer.h);
            else if (loss_kind == Loss::SquaredError) sigmoid_forward(layer.z, layer.h);
            else relu_forward(layer.z, layer.h);           // perceptron: ReLU output units (source 05)
        }
    }
    return layers.back().h;
}

template <typename T>
const Matrix<T>& Network<T>::input_of(std::size_t l, const Matrix<T>& X) const {
    if (l == 0) return X;
    return masked_ ? layers[l - 1].h_dropped : layers[l - 1].h;
}

// docs/04-losses.md#eq-4-4, docs/04-losses.md#eq-4-5
template <typename T>
double Network<T>::loss(const std::vector<std::uint8_t>& labels) const {
    const Layer<T>& out = layers.back();
    // Cross-entropy reads the logits z2 (log-sum-exp), never log(p), so log never sees 0.
    if (loss_kind == Loss::Perceptron) return perceptron_loss(out.h, labels);
    return loss_kind == Loss::CrossEntropy ? cross_entropy_loss(out.z, labels)
                                           : squared_error_loss(out.h, labels);
}

// docs/06-backprop.md#eq-6-7
template <typename T>
void Network<T>::backward(const Matrix<T>& X, const std::vector<std::uint8_t>& labels) {
    output_delta(labels);
    for (std::size_t l = layers.size(); l-- > 0;) backward_layer(l, X);
}

// docs/05-output-gradient.md#eq-5-3, docs/07-sgd.md#eq-7-5
template <typename T>
void Network<T>::output_delta(const std::vector<std::uint8_t>& labels) {
    Layer<T>& out = layers.back();
    // Output delta, carrying the 1/m of the batch mean: (p - y)/m or (p - y) p (1 - p)/m.
    if (loss_kind == Loss::CrossEntropy) softmax_cross_entropy_backward(out.h, labels, out.delta);
    else if (loss_kind == Loss::SquaredError) sigmoid_squared_error_backward(out.h, labels, out.delta);
    else perceptron_backward(out.z, out.h, labels, perceptron_rule == PerceptronRule::Subgradient, out.delta);
}

// docs/06-backprop.md#eq-6-4
template <typename T>
void Network<T>::backward_layer(std::size_t l, const Matrix<T>& X) {
    Layer<T>& layer = layers[l];
    // dW = h_prev^T delta, db = 1^T delta, and dh_prev = delta W^T unless this is the first layer.
    dense_backward(input_of(l, X), layer.W, layer.delta, layer.dW, layer.db, l == 0 ? nullptr : &dh_);
    if (l == 0) return;
    Layer<T>& below = layers[l - 1];
    // Through the dropout of the layer below: the layer above saw h * mask (18.4).
    if (masked_) dropout_backward(dh_, below.mask, dh_);
    // delta_below = dh_prev * f'(z_below): the recursion delta1 = (delta2 W2^T) * f'(z1).
    if (hidden == Activation::ReLU) relu_backward(below.z, dh_, below.delta);
    else sigmoid_backward(below.h, dh_, below.delta);
}

template <typename T>
std::vector<std::size_t> Network<T>::sizes() const {
    std::vector<std::size_t> s{layers.front().W.rows()};
    for (const Layer<T>& layer : layers) s.push_back(layer.W.cols());
    return s;
}

template <typename T>
std::string Network<T>::describe() const {
    return sizes_text(sizes());
}

template class Network<float>;
template class Network<double>;

}  // namespace nn
