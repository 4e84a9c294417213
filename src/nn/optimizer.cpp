// Momentum, Nesterov, Adam and weight decay: the per-matrix rules and the step over a network.
// Derivation: docs/14-momentum.md, docs/15-adam.md, docs/16-weight-decay.md.
#include "nn/optimizer.hpp"

#include <cmath>
#include <stdexcept>

#include "nn/sgd.hpp"

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

bool is_plain_sgd(const OptimizerSettings& s) { return s.method == Method::SGD && s.weight_decay == 0; }

// docs/16-weight-decay.md#eq-16-1
template <typename T>
double weight_penalty(const Network<T>& net, double lambda) {
    double sum = 0;  // in double: 10^6 squares added one by one
    for (const Layer<T>& layer : net.layers)
        for (std::size_t k = 0; k < layer.W.size(); ++k) sum += double(layer.W[k]) * double(layer.W[k]);
    return 0.5 * lambda * sum;
}

// docs/16-weight-decay.md#eq-16-2
template <typename T>
void add_weight_decay(Matrix<T>& dW, const Matrix<T>& W, T lambda) {
    require_shape("add_weight_decay: dW", dW, W.rows(), W.cols());
    for (std::size_t k = 0; k < W.size(); ++k) dW[k] += lambda * W[k];  // d/dW of (lambda/2) W^2
}

// docs/14-momentum.md#eq-14-1
template <typename T>
void momentum_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& v, T eta, T mu) {
    require_shape("momentum_step: dtheta", dtheta, theta.rows(), theta.cols());
    require_shape("momentum_step: v", v, theta.rows(), theta.cols());
    for (std::size_t k = 0; k < theta.size(); ++k) {
        v[k] = mu * v[k] + dtheta[k];  // the velocity: a decaying sum of past gradients
        theta[k] -= eta * v[k];
    }
}

// docs/14-momentum.md#eq-14-3
template <typename T>
void nesterov_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& v, T eta, T mu) {
    require_shape("nesterov_step: dtheta", dtheta, theta.rows(), theta.cols());
    require_shape("nesterov_step: v", v, theta.rows(), theta.cols());
    for (std::size_t k = 0; k < theta.size(); ++k) {
        v[k] = mu * v[k] + dtheta[k];
        theta[k] -= eta * (dtheta[k] + mu * v[k]);  // the gradient step, then the look-ahead mu v
    }
}

// docs/15-adam.md#eq-15-1, docs/15-adam.md#eq-15-2, docs/15-adam.md#eq-15-3
template <typename T>
void adam_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& m, Matrix<T>& s, T eta, double beta1,
               double beta2, double epsilon, std::uint64_t t) {
    require_shape("adam_step: dtheta", dtheta, theta.rows(), theta.cols());
    require_shape("adam_step: m", m, theta.rows(), theta.cols());
    require_shape("adam_step: s", s, theta.rows(), theta.cols());
    if (t == 0) throw std::invalid_argument("adam_step: expected a step number t >= 1, found 0");
    // The bias corrections 1/(1 - beta^t) of (15.2), once per step, in double (beta2^t is near 1).
    const T c1 = T(1.0 / (1.0 - std::pow(beta1, double(t))));
    const T c2 = T(1.0 / (1.0 - std::pow(beta2, double(t))));
    const T b1 = T(beta1), b2 = T(beta2), eps = T(epsilon);
    for (std::size_t k = 0; k < theta.size(); ++k) {
        const T g = dtheta[k];
        m[k] = b1 * m[k] + (T(1) - b1) * g;      // (15.1) mean of the gradient
        s[k] = b2 * s[k] + (T(1) - b2) * g * g;  // (15.1) mean of its square
        const T m_hat = m[k] * c1, s_hat = s[k] * c2;  // (15.2)
        theta[k] -= eta * m_hat / (std::sqrt(s_hat) + eps);  // (15.3)
    }
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
    if (settings.weight_decay != 0)  // weights only: the biases are not penalised (16.1)
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

template double weight_penalty(const Network<float>&, double);
template double weight_penalty(const Network<double>&, double);
template void add_weight_decay(Matrix<float>&, const Matrix<float>&, float);
template void add_weight_decay(Matrix<double>&, const Matrix<double>&, double);
template void momentum_step(Matrix<float>&, const Matrix<float>&, Matrix<float>&, float, float);
template void momentum_step(Matrix<double>&, const Matrix<double>&, Matrix<double>&, double, double);
template void nesterov_step(Matrix<float>&, const Matrix<float>&, Matrix<float>&, float, float);
template void nesterov_step(Matrix<double>&, const Matrix<double>&, Matrix<double>&, double, double);
template void adam_step(Matrix<float>&, const Matrix<float>&, Matrix<float>&, Matrix<float>&, float, double, double,
                        double, std::uint64_t);
template void adam_step(Matrix<double>&, const Matrix<double>&, Matrix<double>&, Matrix<double>&, double, double,
                        double, double, std::uint64_t);
template struct Optimizer<float>;
template struct Optimizer<double>;

}  // namespace nn
