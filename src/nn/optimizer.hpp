// Optimisers past plain SGD: momentum, Nesterov momentum and Adam, with L2 weight decay.
// Derivation: docs/14-momentum.md, docs/15-adam.md, docs/16-weight-decay.md.
#pragma once

#include <cstdint>
#include <vector>

#include "nn/network.hpp"
#include "nn/sgd.hpp"

namespace nn {

enum class Method { SGD = 0, Momentum = 1, Nesterov = 2, Adam = 3 };  // the codes of docs/model-format.md
const char* name(Method m);  // "sgd", "momentum", "nesterov", "adam"

// The optimiser's hyperparameters. The defaults are plain SGD (7.1), which needs no state.
struct OptimizerSettings {
    Method method = Method::SGD;
    double momentum = 0.9;                           // mu of momentum and Nesterov
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;  // of Adam
    double weight_decay = 0;                         // lambda of the penalty (lambda/2) sum ||W||^2
};

// True for plain SGD without weight decay: the update is sgd_update and nothing else.
bool is_plain_sgd(const OptimizerSettings& s);

// (16.1): lambda/2 times the sum of the squared weights of every layer (biases excluded).
// docs/16-weight-decay.md#eq-16-1
template <typename T> double weight_penalty(const Network<T>& net, double lambda);
// dW += lambda W: the gradient of the penalty (16.1) added to the gradient of the data loss.
// (16.2): docs/16-weight-decay.md#eq-16-2
template <typename T> void add_weight_decay(Matrix<T>& dW, const Matrix<T>& W, T lambda);

// (14.1): v <- mu v + dtheta, then theta <- theta - eta v.
// docs/14-momentum.md#eq-14-1
template <typename T> void momentum_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& v, T eta, T mu);
// (14.3): v <- mu v + dtheta, then theta <- theta - eta (dtheta + mu v).
// docs/14-momentum.md#eq-14-3
template <typename T> void nesterov_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& v, T eta, T mu);
// (15.1)-(15.3): the moving averages m and s of dtheta and dtheta^2, then the step with their bias
// corrections for step number t (1 on the first step).
// docs/15-adam.md#eq-15-3
template <typename T>
void adam_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& m, Matrix<T>& s, T eta, double beta1,
               double beta2, double epsilon, std::uint64_t t);

// An optimiser and its state for one network: after net.backward(), update(net, eta) adds the weight
// decay to every dW and takes one step of the chosen method on every W and b.
template <typename T>
struct Optimizer {
    OptimizerSettings settings;
    // Parameter k is W of layer k/2 for even k, b of layer k/2 for odd k (W1, b1, W2, b2, ...).
    // Momentum and Nesterov: v[k] is the velocity. Adam: v[k] is m, s[k] the mean square.
    // Empty for plain SGD.
    std::vector<Matrix<T>> v, s;
    std::uint64_t t = 0;  // steps taken (Adam's bias correction needs it)

    // Zero state shaped like net's parameters.
    Optimizer(const OptimizerSettings& settings, const Network<T>& net);
    void update(Network<T>& net, T eta);
};

// A training step's learning with this optimiser: net.backward(batch.X, batch.labels), then
// optimizer.update(net, eta). The optimiser must outlive the returned function.
Learn learn_with(Optimizer<float>& optimizer);

}  // namespace nn
