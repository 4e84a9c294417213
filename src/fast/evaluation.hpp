// The whole-set evaluation the training loop reports after every epoch, as nn::evaluate computes it
// (nn/metrics.hpp), bit for bit, in less time: W1 read once and copied into aligned rows
// (fast/finite_weights.hpp), and whole chunks of images shared among the threads.
// docs/performance.md, "Issue 17, seventh session".
#pragma once

#include "data/dataset.hpp"
#include "nn/metrics.hpp"
#include "nn/network.hpp"

namespace nn {

// evaluate(net, data), bit for bit: its chunks of 128 examples in label order, their figures added in
// the same order with the same arithmetic. With several threads, each takes a contiguous run of
// chunks and computes each of them alone, on its own copy of the network. Before, every chunk's
// products were split between the threads, as a training step's are: half of each product's input
// came from the other core's cache, and the second thread waited through each chunk's ReLU, softmax
// and loss, while two single-thread evaluations side by side each ran at full speed. 70000 images
// at 2 threads: 0.101-0.118 s before this, the label order and the aligned copy of W1, 0.068-0.071 s
// after, the two builds alternated in the same minutes (docs/performance.md, "Issue 17, seventh
// session").
Evaluation fast_evaluate(Network<float>& net, const Dataset& data);

// At most how many more matrices the size of the network's parameters fast_evaluate holds while it
// runs on `threads` threads: a copy of the network for each thread but the first, and a copy of W1
// in aligned rows for each thread (fast/finite_weights.hpp). For the memory check before a run.
std::size_t evaluation_parameter_copies(int threads);

}  // namespace nn
