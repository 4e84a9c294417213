// The optimiser of a run: its state for a network, weight decay, and one step over every W and b.
// Derivation: docs/15-momentum.md, docs/16-adam.md, docs/17-weight-decay.md.
#include "run/optimizer_state.hpp"

#include "fast/engine.hpp"
#include "nn/optimizer.hpp"

namespace nn {

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
void add_weight_decay(Matrix<T>& dW, const Matrix<T>& W, T lambda) {
    require_shape("add_weight_decay: dW", dW, W.rows(), W.cols());
    for (std::size_t k = 0; k < W.size(); ++k) dW[k] += lambda * W[k];  // d/dW of (lambda/2) W^2
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
    if (settings.weight_decay != 0)  // weights only: the biases are not penalised (17.1)
        for (Layer<T>& layer : net.layers) add_weight_decay(layer.dW, layer.W, T(settings.weight_decay));
    ++t;
    const T mu = T(settings.momentum);
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        Layer<T>& layer = net.layers[l];
        switch (settings.method) {
            case Method::SGD:
                sgd_step(layer.W, layer.dW, eta);
                sgd_step(layer.b, layer.db, eta);
                break;
            case Method::Momentum:
                momentum_step(layer.W, layer.dW, v[2 * l], eta, mu);
                momentum_step(layer.b, layer.db, v[2 * l + 1], eta, mu);
                break;
            case Method::Nesterov:
                nesterov_step(layer.W, layer.dW, v[2 * l], eta, mu);
                nesterov_step(layer.b, layer.db, v[2 * l + 1], eta, mu);
                break;
            case Method::Adam: {
                const OptimizerSettings& a = settings;
                adam_step(layer.W, layer.dW, v[2 * l], s[2 * l], eta, a.beta1, a.beta2, a.epsilon, t);
                adam_step(layer.b, layer.db, v[2 * l + 1], s[2 * l + 1], eta, a.beta1, a.beta2, a.epsilon, t);
                break;
            }
        }
    }
}

Learn learn_with(Optimizer<float>& optimizer) {
    return [&optimizer](Network<float>& net, const Batch& batch, float eta) {
        net.backward(batch.X, batch.labels);
        optimizer.update(net, eta);
    };
}

Learn learn_for(std::size_t batch_size, Optimizer<float>& optimizer, double dropout) {
    if (!is_plain_sgd(optimizer.settings)) return learn_with(optimizer);
    if (dropout > 0) return backprop_and_update;
    return learn_for(batch_size);
}

template double weight_penalty(const Network<float>&, double);
template double weight_penalty(const Network<double>&, double);
template void add_weight_decay(Matrix<float>&, const Matrix<float>&, float);
template void add_weight_decay(Matrix<double>&, const Matrix<double>&, double);
template struct Optimizer<float>;
template struct Optimizer<double>;

}  // namespace nn
