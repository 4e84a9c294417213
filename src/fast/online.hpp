// The online shortcut: a training step at batch 1 that never forms dW1 (as large as W1), giving the
// same weights as backprop_and_update bit for bit. Why it pays: docs/performance.md ("Online SGD").
#pragma once

#include "data/dataset.hpp"
#include "nn/network.hpp"

namespace nn {

// After net.forward(batch.X) on a batch of one example x: the step of backprop_and_update (nn/sgd.hpp)
// with the first layer's W updated as W1(p,j) -= eta * (0 + x_p delta1_j), the very numbers
// matmul_at and subtract_scaled would compute, in half the memory traffic, skipping the rows
// where x_p = 0 (most pixels of a digit). Throws std::invalid_argument unless the batch has one row.
void online_learn(Network<float>& net, const Batch& batch, float eta);

}  // namespace nn
