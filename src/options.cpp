// Parsing of ./mnist's options. Strict: "12abc", "-3", "0" for a size, unknown names are all errors.
#include "options.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace nn {
namespace {

[[noreturn]] void bad(const std::string& option, const std::string& expected, const std::string& found) {
    throw UsageError(option + ": expected " + expected + ", found '" + found + "'");
}

}  // namespace

std::uint64_t parse_count(const std::string& option, const std::string& text, std::uint64_t min,
                          std::uint64_t max) {
    const std::string expected = "a whole number" + (min > 0 ? " >= " + std::to_string(min) : std::string());
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) bad(option, expected, text);
    errno = 0;
    const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
    if (errno == ERANGE || value > max) bad(option, "a whole number <= " + std::to_string(max), text);
    if (value < min) bad(option, expected, text);
    return value;
}

double parse_positive(const std::string& option, const std::string& text) {
    // Plain decimal notation only: strtod alone would also take " 0.5", hex floats and "inf".
    if (text.empty() || text.find_first_not_of("0123456789.eE+-") != std::string::npos)
        bad(option, "a positive number such as 0.1", text);
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(value) || value <= 0)
        bad(option, "a positive number such as 0.1", text);
    return value;
}

namespace {

std::vector<std::size_t> parse_layers(const std::string& option, const std::string& text) {
    std::vector<std::size_t> sizes;
    std::stringstream parts(text);
    std::string part;
    const std::string expected = "comma-separated layer sizes >= 1 such as 784,300,10";
    while (std::getline(parts, part, ',')) {
        if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos) bad(option, expected, text);
        sizes.push_back(parse_count(option, part, 1, 1u << 20));
    }
    if (sizes.size() < 2 || text.back() == ',') bad(option, expected, text);
    return sizes;
}

}  // namespace

Options parse_options(int argc, const char* const* argv) {
    Options o;
    bool hidden_given = false, layers_given = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i], value;
        if (arg == "--help" || arg == "-h") {
            o.help = true;
            continue;
        }
        if (arg.rfind("--", 0) != 0) throw UsageError("unexpected argument '" + arg + "'");
        const std::size_t eq = arg.find('=');
        bool has_value = eq != std::string::npos;
        if (has_value) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        if (arg == "--help") bad(arg, "no value", value);
        static const char* const known[] = {"--data", "--hidden", "--layers", "--activation", "--loss",
                                            "--batch", "--lr", "--epochs", "--seed", "--threads",
                                            "--init", "--train-limit", "--test-limit", "--csv", "--eval-every",
                                            "--save", "--load", "--plots"};
        bool is_known = false;
        for (const char* k : known) is_known = is_known || arg == k;
        if (!is_known) throw UsageError("unknown option '" + arg + "'");
        if (!has_value) {
            if (i + 1 >= argc) throw UsageError(arg + ": expected a value, found the end of the command");
            value = argv[++i];
            // "--csv --epochs 3" forgot the file name; taking "--epochs" as one would hide that.
            // (A value that really starts with "--" can be given as --csv=--name.)
            if (value.rfind("--", 0) == 0)
                throw UsageError(arg + ": expected a value, found the option '" + value + "'");
        }

        if (arg == "--data") {
            if (value.empty()) bad(arg, "a directory", value);
            o.data_dir = value;
        } else if (arg == "--hidden") {
            o.layers = {784, parse_count(arg, value, 1, 1u << 20), 10};
            hidden_given = true;
        } else if (arg == "--layers") {
            o.layers = parse_layers(arg, value);
            layers_given = true;
        } else if (arg == "--activation") {
            if (value == "relu") o.activation = Activation::ReLU;
            else if (value == "sigmoid") o.activation = Activation::Sigmoid;
            else bad(arg, "relu or sigmoid", value);
        } else if (arg == "--loss") {
            if (value == "cross-entropy") o.loss = Loss::CrossEntropy;
            else if (value == "mse") o.loss = Loss::SquaredError;
            else bad(arg, "cross-entropy or mse", value);
        } else if (arg == "--init") {
            if (value == "he") o.init = Init::He;
            else if (value == "xavier") o.init = Init::Xavier;
            else bad(arg, "he or xavier", value);
            o.init_given = true;
        } else if (arg == "--batch") {
            o.batch_size = parse_count(arg, value, 1);
        } else if (arg == "--lr") {
            o.eta = parse_positive(arg, value);
        } else if (arg == "--epochs") {
            o.epochs = parse_count(arg, value, 1, 1000000);
        } else if (arg == "--seed") {
            o.seed = parse_count(arg, value, 0);
        } else if (arg == "--threads") {
            o.threads = static_cast<int>(parse_count(arg, value, 1, 256));
        } else if (arg == "--train-limit") {
            o.train_limit = parse_count(arg, value, 1);
        } else if (arg == "--test-limit") {
            o.test_limit = parse_count(arg, value, 1);
        } else if (arg == "--eval-every") {
            o.eval_every = parse_count(arg, value, 0);
        } else if (arg == "--csv") {
            if (value.empty()) bad(arg, "a file name", value);
            o.csv_path = value;
        } else if (arg == "--save" || arg == "--load" || arg == "--plots") {
            if (value.empty()) bad(arg, arg == "--plots" ? "a directory" : "a file name", value);
            (arg == "--save" ? o.save_path : arg == "--load" ? o.load_path : o.plots_dir) = value;
        }
    }
    if (hidden_given && layers_given) throw UsageError("--hidden and --layers: give one or the other, not both");
    if (!o.init_given) o.init = o.activation == Activation::ReLU ? Init::He : Init::Xavier;
    return o;
}

std::string usage() {
    return R"(usage: mnist [options]

Trains a fully connected network on MNIST with backpropagation and SGD, printing time, loss and
accuracy after every epoch.

options (defaults in brackets):
  --data DIR             directory with the four MNIST IDX files [data]
  --hidden N             one hidden layer of N units: 784-N-10 [300]
  --layers A,B,...,Z     any layer sizes, e.g. 784,128,64,10
  --activation NAME      hidden activation: relu or sigmoid [relu]
  --loss NAME            cross-entropy (softmax output) or mse (sigmoid output) [cross-entropy]
  --init NAME            hidden-layer weights: he or xavier [he for relu, xavier for sigmoid];
                         the output layer always uses xavier
  --batch N              examples per SGD step; 1 = online SGD [64]
  --lr X                 learning rate eta [0.1]
  --epochs N             passes over the training set [20]
  --seed N               seed of the weights and the shuffling [1]
  --threads N            threads for the matrix products; results do not depend on it [one per core]
  --train-limit N        train on the first N training images only [all]
  --test-limit N         test on the first N test images only [all]
  --csv FILE             also write the per-epoch figures to FILE
  --eval-every N         also test every N training samples (printed; with --csv, written to
                         FILE-intervals.csv: samples,epoch,seconds,test_loss,test_accuracy) [0: off]
  --save FILE            save the trained network to FILE (format: docs/model-format.md)
  --load FILE            start from the network saved in FILE instead of random weights
  --plots DIR            write learning curves, confusion matrix, mistakes and weights to DIR
  -h, --help             this text

commands (each has its own --help):
  ./mnist compare        sigmoid vs relu x online vs mini-batch, one table (the two assignments)
  ./mnist sweep          hidden-size sweep 30,128,256,300 as in source 02
  ./mnist evaluate --load FILE          test accuracy and confusion matrix of a saved network
  ./mnist predict --load FILE IMAGE.pgm the ten class probabilities of a 28 x 28 PGM image

A progress bar (samples/s, ETA) is shown during epochs when stdout is a terminal.

examples:
  ./mnist                                   the classic 784-300-10 ReLU/softmax network
  ./mnist --activation sigmoid --hidden 64 --batch 1 --lr 0.01 --epochs 1
                                            online SGD with a sigmoid hidden layer (source 04)
)";
}

}  // namespace nn
