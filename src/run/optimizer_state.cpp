// The optimiser of a run: its state for a network, weight decay, and one step over every W and b.
// Derivation: docs/15-momentum.md, docs/16-adam.md, docs/17-weight-decay.md.
#include "run/optimizer_state.hpp"

#include <algorithm>

#include "fast/engine.hpp"
#include "nn/optimizer.hpp"

namespace nn {
namespace {

// Values of a matrix that get their weight decay and their step one after the other: 64 KB of W, dW
// and each state matrix, which stay in the core's cache in between (W1 of 784-300-10 is 940 KB).
constexpr std::size_t kPiece = 16384;

// Calls step(r) on ranges r of theta's values that together cover it, each value in one range: on
// the plain loops (make REFERENCE=1) the whole matrix at once; with the fast engine, pieces of at
// most kPiece values of the blocks of rows update_by_rows gives each thread.
template <typename T, typename Step>
void in_pieces(const Matrix<T>& theta, const Step& step) {
    if (!fast_kernels_in_use()) return step(Range{0, theta.size()});
    const std::size_t cols = theta.cols();
    update_by_rows(theta.rows(), theta.size(), [&](std::size_t i0, std::size_t i1) {
        for (std::size_t k = i0 * cols; k < i1 * cols; k += kPiece) step(Range{k, std::min(k + kPiece, i1 * cols)});
    });
}

// theta -= eta d on the values of r: sgd_step (7.1) on part of a matrix, as subtract_scaled computes it.
// docs/07-sgd.md#eq-7-1
template <typename T>
void sgd_values(Matrix<T>& theta, const Matrix<T>& d, T eta, Range r) {
    for (std::size_t k = r.begin; k < std::min(r.end, theta.size()); ++k) theta[k] -= eta * d[k];
}

}  // namespace

const char* name(Method m) {
    switch (m) {
        case Method::SGD: return "sgd";
        case Method::Momentum: return "momentum";
        case Method::Nesterov: return "nesterov";
        case Method::Adam: return "adam";
    }
    return "?";
}

std::size_t state_matrices(Method m) { return m == Method::SGD ? 0 : m == Method::Adam ? 2 : 1; }

bool is_plain_sgd(const OptimizerSettings& s) { return s.method == Method::SGD && s.weight_decay == 0; }

// docs/17-weight-decay.md#eq-17-1
template <typename T>
double weight_penalty(const Network<T>& net, double lambda) {
    double sum = 0;  // in double: 10^6 squares added one by one
    for (const Layer<T>& layer : net.layers)
        for (std::size_t k = 0; k < layer.W.size(); ++k) sum += double(layer.W[k]) * double(layer.W[k]);
    return 0.5 * lambda * sum;
}

// docs/17-weight-decay.md#eq-17-2
template <typename T>
void add_weight_decay(Matrix<T>& dW, const Matrix<T>& W, T lambda, Range r) {
    require_shape("add_weight_decay: dW", dW, W.rows(), W.cols());
    for (std::size_t k = r.begin; k < std::min(r.end, W.size()); ++k) dW[k] += lambda * W[k];  // d/dW of (lambda/2) W^2
}

template <typename T>
Optimizer<T>::Optimizer(const OptimizerSettings& chosen, const Network<T>& net) : settings(chosen) {
    if (settings.method == Method::SGD) return;  // plain SGD keeps no state
    for (const Layer<T>& layer : net.layers) {
        v.emplace_back(layer.W.rows(), layer.W.cols());
        v.emplace_back(layer.b.rows(), layer.b.cols());
    }
    if (settings.method == Method::Adam) s = v;  // zeros of the same shapes
}

template <typename T>
void Optimizer<T>::update(Network<T>& net, T eta) {
    ++t;
    const OptimizerSettings& a = settings;
    const T mu = T(a.momentum), lambda = T(a.weight_decay);
    // The step of the chosen method on the values r of theta, whose gradient is d and state v[k], s[k].
    const auto step = [&](Matrix<T>& theta, const Matrix<T>& d, std::size_t k, Range r) {
        switch (a.method) {
            case Method::SGD: sgd_values(theta, d, eta, r); break;
            case Method::Momentum: momentum_step(theta, d, v[k], eta, mu, r); break;
            case Method::Nesterov: nesterov_step(theta, d, v[k], eta, mu, r); break;
            case Method::Adam: adam_step(theta, d, v[k], s[k], eta, a.beta1, a.beta2, a.epsilon, t, r); break;
        }
    };
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        Layer<T>& layer = net.layers[l];
        in_pieces(layer.W, [&](Range r) {
            if (lambda != 0) add_weight_decay(layer.dW, layer.W, lambda, r);  // the penalty's gradient (17.2)
            step(layer.W, layer.dW, 2 * l, r);
        });
        in_pieces(layer.b, [&](Range r) { step(layer.b, layer.db, 2 * l + 1, r); });  // no decay (17.1)
    }
}

Learn learn_with(Optimizer<float>& optimizer) {
    return [&optimizer](Network<float>& net, const Batch& batch, float eta) {
        net.backward(batch.X, batch.labels);
        optimizer.update(net, eta);
    };
}

TrainStep step_for(std::size_t batch_size, Optimizer<float>& optimizer, double dropout) {
    if (!is_plain_sgd(optimizer.settings)) return {nullptr, learn_with(optimizer), nullptr};
    if (dropout > 0) return {nullptr, backprop_and_update, nullptr};
    return step_for(batch_size);
}

template double weight_penalty(const Network<float>&, double);
template double weight_penalty(const Network<double>&, double);
template void add_weight_decay(Matrix<float>&, const Matrix<float>&, float, Range);
template void add_weight_decay(Matrix<double>&, const Matrix<double>&, double, Range);
template struct Optimizer<float>;
template struct Optimizer<double>;

}  // namespace nn
