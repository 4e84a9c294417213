// Which data set a directory holds (MNIST digits or Fashion-MNIST clothes) and its class names.
// The data step that writes the marker file: docs/experiments.md (section "Fashion-MNIST").
#pragma once

#include <string>
#include <vector>

namespace nn {

struct DataSetInfo {
    std::string name;                  // "MNIST" or "Fashion-MNIST"
    std::vector<std::string> classes;  // ten names, index = label
};

// Fashion-MNIST when dir holds a file DATASET whose first line is "fashion-mnist" (written by
// `make data-fashion`) or when the directory's own name contains "fashion"; MNIST otherwise.
DataSetInfo identify_data_set(const std::string& dir);

}  // namespace nn
