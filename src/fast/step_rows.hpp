// The small operations of a mini-batch step on all threads. Between its two large products,
// z1 = X W1 and W1 -= eta X^T delta1, a step of 784-300-10 computes h, z2, p, the loss, delta2, dh,
// delta1, dW2, db1 and db2 and updates W2, b1 and b2: about 36 us of 270 on one thread while the
// other waits (docs/performance.md, "Issue 17, ninth session"). Here the whole step is split by
// hidden units: each thread computes z1, h, dh and delta1 of its units, and dW2, db1 and its
// columns of W1, from its own copy of X, so that no line of the step's data goes from one core to
// the other but z2's ten sums per example; z2 = h W2 is summed over the units along the threads
// (thread 0's units first, each next thread going on from there), and every thread then computes
// p and delta2 of the whole batch again (docs/performance.md, "Issue 17, eleventh session"). Every value is computed by the
// same formula as in nn/ (the function named beside it), from the same operands in the same order,
// so the numbers are train_epoch's plain ones bit for bit (tests/test_reproducibility.cpp and
// tests/test_schedule.cpp compare them).
#pragma once

#include <atomic>
#include <cstddef>
#include <vector>

#include "fast/finite_weights.hpp"
#include "nn/network.hpp"
#include "nn/sgd.hpp"

namespace nn {

// True for the networks and batches this split covers: one hidden layer (ReLU or sigmoid), softmax
// with cross-entropy, no dropout, and one valid label per row of a nonempty batch.X. Others take the
// plain path, which also reports a bad label.
bool fits_step_by_rows(const Network<float>& net, const Batch& batch);

// What each thread keeps of a step between its forward pass and its update: its own copy of X
// (converted again from the data set, has_X), of p and delta2, and dh of its hidden units; and the
// loss terms of the examples and the progress of z2's sum over the threads.
struct StepParts {
    struct Part {
        Matrix<float> X, p, delta2, z1, h, dh, delta1;
        bool has_X = false;
    };
    std::vector<Part> parts;
    std::vector<double> loss_terms;
    std::atomic<std::size_t> chain{0};
    // Thread t's hidden units are [bounds[t], bounds[t + 1]); busy[t] its seconds of work since the
    // split last moved, over `steps` steps.
    std::vector<std::size_t> bounds{0};
    std::vector<double> busy;
    std::size_t steps = 0;
};

// net.forward_train(batch.X), then net.loss(batch.labels), then the backward pass down to delta1
// (net.output_delta, and backward_layer's dh = delta2 W2^T and delta1 = dh * f'(z1)); z1 = X W1
// with W1 read from `w1` (taken), skipping zero pixels knowing W1 finite when w1_finite. Returns the loss.
double forward_by_rows(Network<float>& net, const Batch& batch, bool w1_finite, StepParts& s, const W1Aside& w1);

// net's z1, h and delta1 of the last step, from the threads' own columns of them.
void settle_layers(Network<float>& net, const StepParts& s);

// After forward_by_rows, on the same threads: dW2 = h^T delta2, db1, db2 and the SGD step of every
// parameter, W1's in `w1` by subtracting eta X^T delta1 tile by tile (as subtract_gradient_w1).
// Returns true when every value written to W1 is finite.
bool learn_by_units(Network<float>& net, const Batch& batch, float eta, W1Aside& w1, StepParts& s);

}  // namespace nn
