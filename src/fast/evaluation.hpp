// The whole-set evaluation the training loop reports after every epoch, as nn::evaluate computes it
// (nn/metrics.hpp), bit for bit, in less time: W1 read once and copied into aligned rows
// (fast/finite_weights.hpp), and whole chunks of images shared among the threads.
// docs/performance.md, "Issue 17, seventh session".
#pragma once

#include "data/dataset.hpp"
#include "nn/metrics.hpp"
#include "nn/network.hpp"

namespace nn {

// evaluate(net, data) with its chunks of 128 examples in label order, their figures summed in the
// same order: the same loss and accuracy. With several threads, each takes a contiguous run of
// chunks and evaluates them on its own copy of the network, one thread per chunk. Split inside
// each chunk, as the products split a training step, half of every product's input came from the
// other core's cache and the second thread waited through each chunk's ReLU, softmax and loss:
// 0.078-0.080 s for the 70000 images at 2 threads, where two evaluations on one thread each, side
// by side, took 0.134-0.138 s.
Evaluation fast_evaluate(Network<float>& net, const Dataset& data);

// At most how many more matrices the size of the network's parameters fast_evaluate holds while it
// runs on `threads` threads: a copy of the network for each thread but the first, and a copy of W1
// in aligned rows for each thread (fast/finite_weights.hpp). For the memory check before a run.
std::size_t evaluation_parameter_copies(int threads);

}  // namespace nn
