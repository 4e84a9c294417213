// Metrics: accuracy of predictions, and loss plus accuracy of a network over a whole data set.
// Derivation: docs/04-losses.md (the loss reported), docs/07-sgd.md#what-an-epoch-reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "data/dataset.hpp"
#include "nn/network.hpp"

namespace nn {

// How many rows of p have their largest entry at the label (ties: lowest index).
// (4.6) without the 1/m: docs/04-losses.md#eq-4-6
template <typename T>
std::size_t count_correct(const Matrix<T>& p, const std::vector<std::uint8_t>& labels);

struct Evaluation {
    double loss = 0;       // mean loss over the data set
    double accuracy = 0;   // fraction correct, in [0, 1]
    std::size_t correct = 0, count = 0;
};

// Runs the network forward over the examples order[0], order[1], ..., `chunk` rows at a time (bounded
// memory), and calls visit(p, batch, first) for each chunk: p holds the outputs of batch, whose row i
// is example order[first + i] of the data. Overwrites the network's forward cache.
using VisitChunk = std::function<void(const Matrix<float>& p, const Batch& batch, std::size_t first)>;
void for_each_chunk(Network<float>& net, const Dataset& data, const std::vector<std::size_t>& order, std::size_t chunk,
                    const VisitChunk& visit);

// Runs the network forward over the data in chunks of `chunk` rows (bounded memory), in label_order
// (data/dataset.hpp), and returns the mean loss and the accuracy. Overwrites the network's forward cache.
constexpr std::size_t kEvaluationChunk = 128;  // evaluate's rows at a time (fast_evaluate's, memory checks')
Evaluation evaluate(Network<float>& net, const Dataset& data, std::size_t chunk = kEvaluationChunk);

}  // namespace nn
