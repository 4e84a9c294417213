// The confusion matrix of a classifier on a data set, and the list of its mistakes.
// How to read it: docs/experiments.md (section "Pictures").
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "nn/network.hpp"

namespace nn {

struct Mistake {
    std::size_t index;  // row of the data set
    int label, predicted;
    float confidence;   // p[predicted]
};

struct Confusion {
    std::vector<std::vector<std::size_t>> counts;  // counts[true][predicted], classes x classes
    std::vector<Mistake> mistakes;                 // in data set order
};

// Runs the network over the data in chunks (bounded memory) and counts (true, predicted) pairs.
Confusion confusion_matrix(Network<float>& net, const Dataset& data, std::size_t chunk = 1000);

// The matrix as aligned text: a header of predicted classes, one row per true class with its
// recall, and the class names (first 10 characters) as labels.
std::string confusion_text(const Confusion& c, const std::vector<std::string>& names);

}  // namespace nn
