// Which data set a directory holds (MNIST digits or Fashion-MNIST clothes) and its class names.
// The data step that writes the marker file: docs/experiments.md (section "Fashion-MNIST").
#include "data/classes.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace nn {

DataSetInfo identify_data_set(const std::string& dir) {
    namespace fs = std::filesystem;
    std::string marker;
    std::ifstream in(fs::path(dir) / "DATASET");
    if (in) std::getline(in, marker);
    std::string base = fs::path(dir).lexically_normal().filename().string();
    if (base.empty()) base = fs::path(dir).lexically_normal().parent_path().filename().string();
    std::transform(base.begin(), base.end(), base.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (marker == "fashion-mnist" || base.find("fashion") != std::string::npos)
        // Zalando's label order (github.com/zalandoresearch/fashion-mnist, "Labels").
        return {"Fashion-MNIST", {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                                  "Sneaker", "Bag", "Ankle boot"}};
    return {"MNIST", {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}};
}

}  // namespace nn
