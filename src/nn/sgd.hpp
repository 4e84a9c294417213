// Stochastic gradient descent: the update rule, and one epoch of shuffled (mini-)batches.
// Derivation: docs/07-sgd.md. Online SGD is batch_size = 1 on the same code path as mini-batch.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "nn/network.hpp"
#include "core/rng.hpp"

namespace nn {

// theta <- theta - eta * dtheta, element by element.
// (7.1): docs/07-sgd.md#eq-7-1
template <typename T> void sgd_step(Matrix<T>& theta, const Matrix<T>& dtheta, T eta);
// The step for every W and b of the network, with the gradients of the last backward().
template <typename T> void sgd_update(Network<T>& net, T eta);

// A step's forward pass with its mean loss, then learning from it: plainly net.forward_train then
// net.loss, and backprop_and_update; the program may pass faster functions giving the same numbers
// (fast/engine.hpp, step_for), or an optimiser's step (run/optimizer_state.hpp, learn_with).
using Forward = std::function<double(Network<float>& net, const Batch& batch, Rng& rng)>;
using Learn = std::function<void(Network<float>& net, const Batch& batch, float eta)>;

// net.backward(batch.X, batch.labels), then sgd_update(net, eta).
// (7.3): docs/07-sgd.md#eq-7-3
void backprop_and_update(Network<float>& net, const Batch& batch, float eta);

// Thrown when training has diverged (learning rate too large), at the batch where it is seen:
//  - a batch's loss is NaN or infinite;
//  - a cross-entropy batch loss exceeds exploded_loss(n_out) = 100 ln(n_out), a hundred times the
//    loss of a network that knows nothing (p uniform: -ln(1/n_out)); the steps then overshoot so far
//    that the weights hold nothing learnt (e.g. --lr 1000 gives losses of 200 to 600, 10 % accuracy,
//    all finite: without this check 20 epochs of meaningless figures);
//  - at the end of the epoch, a weight or bias is NaN or infinite: ReLU maps NaN to 0, so a network
//    can hold NaN weights in W1 while its loss stays finite.
struct Diverged : std::runtime_error {
    // what(): "training diverged: <reason> at batch <batch> of <batches>"
    Diverged(const std::string& reason, std::size_t batch, std::size_t batches, double loss);
    std::size_t batch;  // 1-based index of the batch within the epoch
    double loss;        // the batch's loss (NaN when a parameter was found non-finite)
};

// 100 ln(n_out): a cross-entropy loss above this means training has diverged (see Diverged).
double exploded_loss(std::size_t n_out);

// The name of the first parameter holding a NaN or an infinity, "W1", "b1", "W2", ... (the maths
// counts layers from 1), or "" when every W and b is finite.
template <typename T> std::string first_non_finite_parameter(const Network<T>& net);

struct EpochStats {
    double mean_batch_loss = 0;  // mean of the training batches' losses, before each update
    std::size_t samples = 0;     // examples trained on
    bool stopped = false;        // the callback asked to stop early
};

// Called after each step with the number of examples seen so far in this epoch; return false to stop.
using AfterBatch = std::function<bool(std::size_t samples)>;

// How an epoch walks the data. The defaults are the program's; sources 01 and 05 keep the file
// order, and source 03 drops the last, smaller batch (docs/07-sgd.md#online-and-mini-batch).
struct BatchPlan {
    bool shuffle = true;          // reshuffle `order` before the epoch (else keep it as it is)
    bool drop_remainder = false;  // skip the last n mod batch_size examples instead of a smaller batch
};

// The examples one epoch of n trains on: n, or n - n mod batch_size when the remainder is dropped.
std::size_t samples_per_epoch(std::size_t n, std::size_t batch_size, const BatchPlan& plan);

// One epoch: reshuffle `order` (a permutation of 0..n-1) with rng, then forward (net.forward_train,
// or `forward`; dropout masks come from rng) and `learn` (backward and sgd_update) on consecutive
// batches of batch_size examples; the last batch may be smaller. Throws Diverged as soon as a batch's
// loss is not finite, and at the end (also when stopped early) if a parameter is not finite.
// Online and mini-batch, one formula: docs/07-sgd.md#online-and-mini-batch
EpochStats train_epoch(Network<float>& net, const Dataset& data, std::vector<std::size_t>& order,
                       std::size_t batch_size, float eta, Rng& rng, Batch& batch,
                       const AfterBatch& after_batch = nullptr, Learn learn = backprop_and_update,
                       const BatchPlan& plan = {}, const Forward& forward = nullptr);

}  // namespace nn
