// The online shortcut: a training step at batch 1 that never forms dW1 (as large as W1), and whose
// forward pass reads only the rows of W1 where the pixel is not 0, giving the same weights as
// net.forward_train and backprop_and_update bit for bit. Why it pays: docs/performance.md ("Online SGD").
#pragma once

#include "data/dataset.hpp"
#include "fast/finite_weights.hpp"
#include "nn/network.hpp"
#include "nn/sgd.hpp"

namespace nn {

// After net.forward(batch.X) on a batch of one example x: the step of backprop_and_update (nn/sgd.hpp)
// with the first layer's W updated as W1(p,j) -= eta * (0 + x_p delta1_j), the very numbers
// matmul_at and subtract_scaled would compute, in half the memory traffic, skipping the rows
// where x_p = 0 (most pixels of a digit). Throws std::invalid_argument unless the batch has one row.
void online_learn(Network<float>& net, const Batch& batch, float eta);

// The online step for train_epoch, in two halves that share one fact: every value of W1 is finite
// (fast/finite_weights.hpp). While it holds, the forward pass lets z1 = x W1 leave out the rows p
// of W1 where x_p = 0. The forward pass checks all of W1 at its first step; `learn` (online_learn)
// then keeps the fact up to date from the values it writes, cheaply, since it writes only the rows
// of W1 it just read. While W1 is finite the step keeps it aside (W1Aside): settle the step
// (TrainStep::settle) before reading W1. Good for one epoch: make a new one for each train_epoch,
// since code outside the epoch may write W1 (e.g. restoring the best epoch's weights).
TrainStep online_step();

}  // namespace nn
