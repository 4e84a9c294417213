// Stochastic gradient descent: the update rule, and one epoch of shuffled (mini-)batches.
// Derivation: docs/07-sgd.md. Online SGD is batch_size = 1 on the same code path as mini-batch,
// except that its W1 update skips forming dW1 (sgd_update_online: the same numbers, tested).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "mnist.hpp"
#include "network.hpp"
#include "rng.hpp"

namespace nn {

// theta <- theta - eta * dtheta, element by element.
// (7.1): docs/07-sgd.md#eq-7-1
template <typename T> void sgd_step(Matrix<T>& theta, const Matrix<T>& dtheta, T eta);
// The step for every W and b of the network, with the gradients of the last backward().
template <typename T> void sgd_update(Network<T>& net, T eta);

// Online SGD (batch 1): the same step as backward(X, labels, false) then sgd_update, without
// forming dW1. The first layer's W is updated as W1(p,j) -= eta * (0 + x_p delta1_j): the very
// numbers matmul_at and sgd_step would compute, in half the memory traffic (docs/performance.md).
// x is the batch (1 x n_in).
template <typename T> void sgd_update_online(Network<T>& net, const Matrix<T>& x, T eta);

// The examples of one step, copied out of the data set in shuffled order. Kept between steps so
// that its memory is allocated once, not once per batch.
struct Batch {
    Matrix<float> X;
    std::vector<std::uint8_t> labels;
};

// Copies examples order[begin..end) of data into batch (X rows and labels).
void gather_batch(const Dataset& data, const std::vector<std::size_t>& order, std::size_t begin,
                  std::size_t end, Batch& batch);

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

// One epoch: reshuffle `order` (a permutation of 0..n-1) with rng, then forward, backward and
// sgd_update on consecutive batches of batch_size examples; the last batch may be smaller.
// Throws Diverged as soon as a batch's loss is not finite, and at the end (also when stopped early)
// if a parameter is not finite.
// Online and mini-batch, one formula: docs/07-sgd.md#online-and-mini-batch
EpochStats train_epoch(Network<float>& net, const Dataset& data, std::vector<std::size_t>& order,
                       std::size_t batch_size, float eta, Rng& rng, Batch& batch,
                       const AfterBatch& after_batch = nullptr);

}  // namespace nn
