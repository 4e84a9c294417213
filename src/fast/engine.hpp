// The fast engine: blocked, vectorised, threaded versions of the products, the SGD update and the
// batch gather, installed behind the functions the network calls (core/backend.hpp). docs/performance.md.
#pragma once

#include <cstddef>

#include "fast/online.hpp"
#include "fast/parallel.hpp"
#include "nn/sgd.hpp"

namespace nn {

// Parameter matrices of at least this many values are updated by all threads (W1: 235 200 values;
// W2 and the biases are too small to repay waking the pool).
constexpr std::size_t kParallelUpdate = 1 << 16;

// Calls update(i0, i1) on blocks of whole rows [i0, i1) that together cover the `rows` rows of a
// parameter matrix of `values` values: one block on this thread below kParallelUpdate, else blocks
// of 8 rows, the row tile of matmul_at, split over the threads, so that each thread updates the rows
// of W whose gradient dW = X^T delta it has just computed, while they are in its core's cache
// (docs/performance.md, "Two cores"). Each value must be updated alone: any split then gives the same W.
template <typename Update>
void update_by_rows(std::size_t rows, std::size_t values, const Update& update) {
    if (values < kParallelUpdate) return update(0, rows);
    parallel_for(rows, update, 8);
}

// While one lives, the fast engine's gather_batch converts a batch on the calling thread alone: for
// a step that reads the batch only there, where rows converted by another core would have to cross
// to this one (batch_step on small networks and split by hidden units, fast/finite_weights.cpp;
// docs/performance.md, "Issue 17, twelfth session").
class GatherHere {
public:
    GatherHere();
    ~GatherHere();
    GatherHere(const GatherHere&) = delete;
    GatherHere& operator=(const GatherHere&) = delete;
};

// Installs the fast products, update and gather for float and double (use_plain_loops() in
// core/backend.hpp undoes it), and sets the thread pool to `threads` (>= 1).
void use_fast_kernels(int threads);

// True while the fast engine is installed.
bool fast_kernels_in_use();

// What a training step does after its forward pass: the online shortcut (fast/online.hpp) for
// batch 1 while the fast engine is installed, otherwise the plain backprop_and_update of nn/sgd.hpp.
// Both give the same weights, bit for bit (tests/test_reproducibility.cpp).
Learn learn_for(std::size_t batch_size);

// learn_for with the forward pass that goes with it. While the fast engine is installed: the online
// step (fast/online.hpp) for batch 1, else batch_step() (fast/finite_weights.hpp); both keep the fact
// that W1 is finite, which lets z1 = X W1 skip the zero pixels without reading all of W1 to check.
// Otherwise the plain forward pass and learn_for(batch_size). Good for one epoch: make one per
// train_epoch.
TrainStep step_for(std::size_t batch_size);

}  // namespace nn
