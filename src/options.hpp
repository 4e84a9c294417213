// Command-line options of ./mnist: their defaults, parsing and validation.
// Every bad option or value is a UsageError with a one-line message naming it (exit code 2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "network.hpp"

namespace nn {

struct UsageError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

struct Options {
    std::string data_dir = "data";
    std::vector<std::size_t> layers = {784, 300, 10};  // --layers, or --hidden N for {784, N, 10}
    Activation activation = Activation::ReLU;
    Loss loss = Loss::CrossEntropy;
    Init init = Init::He;
    bool init_given = false;       // without --init: He for ReLU, Xavier for sigmoid
    std::size_t batch_size = 64;   // 1 = online SGD
    double eta = 0.1;              // --lr
    std::size_t epochs = 20;
    std::uint64_t seed = 1;
    int threads = 0;               // 0: one per core
    std::size_t train_limit = 0;   // 0: all
    std::size_t test_limit = 0;
    std::string csv_path;          // empty: no CSV
    std::size_t eval_every = 0;    // test figures every N training samples; 0: per epoch only
    std::string save_path;         // --save: write the trained network here
    std::string load_path;         // --load: start from this network
    std::string plots_dir;         // --plots: write the pictures of the run here
    bool help = false;
};

// Parses argv[1..argc). Accepts "--name value" and "--name=value". Throws UsageError.
Options parse_options(int argc, const char* const* argv);

// A whole number in [min, max], digits only (no sign, no spaces, no suffix); UsageError naming option.
std::uint64_t parse_count(const std::string& option, const std::string& text, std::uint64_t min,
                          std::uint64_t max = UINT64_MAX);
// A finite number > 0 in plain decimal notation; UsageError naming option.
double parse_positive(const std::string& option, const std::string& text);

// The --help text.
std::string usage();

}  // namespace nn
