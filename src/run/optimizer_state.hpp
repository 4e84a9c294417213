// The optimiser of a run: which method (plain SGD, momentum, Nesterov or Adam), its hyperparameters
// and weight decay, and the state it keeps for every W and b of a network (saved with the model).
// The rules it applies to each matrix: nn/optimizer.hpp. Derivation: docs/15-momentum.md,
// docs/16-adam.md, docs/17-weight-decay.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "nn/network.hpp"
#include "nn/optimizer.hpp"
#include "fast/online.hpp"
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

// The state matrices a method keeps per parameter matrix: 0 (SGD), 1 (v) or 2 (Adam's m and s).
std::size_t state_matrices(Method m);

// True for plain SGD without weight decay: the update is sgd_update and nothing else.
bool is_plain_sgd(const OptimizerSettings& s);

// (17.1): lambda/2 times the sum of the squared weights of every layer (biases excluded).
// docs/17-weight-decay.md#eq-17-1
template <typename T> double weight_penalty(const Network<T>& net, double lambda);
// dW += lambda W: the gradient of the penalty (17.1) added to the gradient of the data loss; on the
// values of r only, if given (as the rules of nn/optimizer.hpp).
// (17.2): docs/17-weight-decay.md#eq-17-2
template <typename T> void add_weight_decay(Matrix<T>& dW, const Matrix<T>& W, T lambda, Range r = {});

// An optimiser and its state for one network: after net.backward(), update(net, eta) adds the weight
// decay to every dW and takes one step of the chosen method on every W and b. A large W is split over
// the threads as plain SGD's update is (fast/engine.hpp), in pieces that each get their weight decay
// and their step while in cache; every value is updated alone by the same functions, so the weights
// are the same, bit for bit, for any number of threads.
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

// The step of a run with this optimiser and dropout: learn_with(optimizer) unless it is plain SGD
// without weight decay (is_plain_sgd); then step_for(batch_size) of fast/engine.hpp, but never the
// online shortcut with dropout (online_learn reads the layer inputs without masks). Good for one
// epoch (step_for): make one per train_epoch.
TrainStep step_for(std::size_t batch_size, Optimizer<float>& optimizer, double dropout);

}  // namespace nn
