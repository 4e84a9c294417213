// The fast engine: blocked, vectorised, threaded versions of the products, the SGD update and the
// batch gather, installed behind the functions the network calls (core/backend.hpp). docs/performance.md.
#pragma once

#include <cstddef>

#include "nn/sgd.hpp"

namespace nn {

// Installs the fast products, update and gather for float and double (use_plain_loops() in
// core/backend.hpp undoes it), and sets the thread pool to `threads` (>= 1).
void use_fast_kernels(int threads);

// True while the fast engine is installed.
bool fast_kernels_in_use();

// What a training step does after its forward pass: the online shortcut (fast/online.hpp) for
// batch 1 while the fast engine is installed, otherwise the plain backprop_and_update of nn/sgd.hpp.
// Both give the same weights, bit for bit (tests/test_reproducibility.cpp).
Learn learn_for(std::size_t batch_size);

}  // namespace nn
