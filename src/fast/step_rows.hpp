// The small operations of a mini-batch step on all threads. Between its two large products,
// z1 = X W1 and W1 -= eta X^T delta1, a step of 784-300-10 computes h, z2, p, the loss, delta2, dh,
// delta1, dW2, db1 and db2 and updates W2, b1 and b2: about 36 us of 270 on one thread while the
// other waits (docs/performance.md, "Issue 17, ninth session"). Here each example's chain, from
// z1 to delta1, runs on the thread that owns its row of the batch, and then the sums over the batch
// (dW2, db1), split by hidden units, run beside the update of W1. Every value is computed by the
// same formula as in nn/ (the function named beside it), from the same operands in the same order,
// so the numbers are train_epoch's plain ones bit for bit (tests/test_reproducibility.cpp and
// tests/test_schedule.cpp compare them).
#pragma once

#include "fast/finite_weights.hpp"
#include "nn/network.hpp"
#include "nn/sgd.hpp"

namespace nn {

// True for the networks and batches this split covers: one hidden ReLU layer, softmax with
// cross-entropy, no dropout, and one valid label per row of a nonempty batch.X. Others take the
// plain path, which also reports a bad label.
bool fits_step_by_rows(const Network<float>& net, const Batch& batch);

// net.forward_train(batch.X), then net.loss(batch.labels), then the backward pass down to delta1
// (net.output_delta, and backward_layer's dh = delta2 W2^T and delta1 = dh * relu'(z1)), with
// dh kept in `dh`; z1 = X W1 with W1 read from `w1` (taken), skipping zero pixels knowing W1 finite
// when w1_finite. Returns the loss.
double forward_by_rows(Network<float>& net, const Batch& batch, bool w1_finite, Matrix<float>& dh,
                       const W1Aside& w1);

// After forward_by_rows: dW2 = h^T delta2, db1, db2 and the SGD step of every parameter, W1's in
// `w1` by subtracting eta X^T delta1 tile by tile (as subtract_gradient_w1). Returns true when
// every value written to W1 is finite.
bool learn_by_units(Network<float>& net, const Batch& batch, float eta, W1Aside& w1);

}  // namespace nn
