// Command-line options of ./mnist and its sub-commands: one table per command drives both the
// parser and --help, so the help cannot drift from what is parsed. Bad input: UsageError (exit 2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/mnist.hpp"
#include "nn/network.hpp"
#include "run/optimizer_state.hpp"
#include "run/schedule.hpp"

namespace nn {

struct UsageError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// Every setting of every command; each command's table says which of them it reads.
struct Options {
    // ./mnist (training) and, where their tables list them, the sub-commands
    std::string data_dir = "data";
    std::vector<std::size_t> layers = {784, 300, 10};  // --layers, or --hidden N for {784, N, 10}
    Activation activation = Activation::ReLU;
    Loss loss = Loss::CrossEntropy;
    Init init = Init::He;
    bool init_given = false;       // without --init: He for ReLU, Xavier for sigmoid
    std::vector<Init> init_rules;      // --init as given: one rule (hidden layers) or one per layer
    std::vector<double> init_scales;   // --init-scale as given: one value or one per layer
    std::vector<LayerInit> layer_init; // resolved from the two above and --layers (empty: the default)
    BiasInit bias_init = BiasInit::Zero;  // --init-bias
    Pixels pixels = Pixels::Unit;         // --pixels
    bool no_shuffle = false;              // --no-shuffle
    bool drop_remainder = false;          // --drop-remainder
    PerceptronRule perceptron_rule = PerceptronRule::Subgradient;  // --perceptron-rule
    std::size_t batch_size = 64;   // 1 = online SGD
    double eta = 0.1;              // --lr
    std::size_t epochs = 20;
    std::uint64_t seed = 1;
    int threads = 0;               // 0: one per core
    std::size_t train_limit = 0;   // 0: all
    std::size_t test_limit = 0;
    std::size_t validation = 0;    // --validation: training images held out (0: none; compare/sweep 10000)
    std::string csv_path;          // empty: no CSV
    std::size_t eval_every = 0;    // test figures every N training samples; 0: per epoch only
    std::string save_path;         // --save: write the trained network here
    std::string load_path;         // --load: start from this network
    std::string plots_dir;         // --plots: write the pictures of the run here
    OptimizerSettings optimizer;   // --optimizer, --momentum, --beta1, --beta2, --epsilon, --weight-decay
    double dropout = 0;            // --dropout P
    Schedule schedule;             // --schedule
    std::size_t early_stop = 0;    // --early-stop PATIENCE; 0: train every epoch
    bool help = false;
    // compare and sweep
    std::vector<Activation> activations;  // compare --activations
    std::vector<std::size_t> batches;     // compare --batches
    std::vector<double> lrs;              // compare --lrs
    std::vector<std::size_t> hidden_sizes;  // sweep --hidden LIST
    std::string out_dir;
    std::size_t seeds = 1;                // compare/sweep/reproduce --seeds: runs per configuration
    bool no_plots = false;
    // export-web
    std::string page_path;                // --out PAGE.html; empty: the model's path with .html
    // predict
    bool invert = false;
    std::vector<std::string> positional;  // the image file
    // The options present on the command line, e.g. "--epochs" (defaults can depend on it).
    std::set<std::string> given;
};

// One option of one command: its name, the placeholder of its value (empty for a flag), the help
// text (lines after the first are continued under it), and its default: `initial` is parsed by
// `set` before the command line, and shown as [initial]; `note` is shown instead when the default
// is not one value ("one per core").
struct OptionSpec {
    std::string name, metavar, help, initial, note;
    std::function<void(Options&, const std::string&)> set;
};

// A command's table and the text around it in --help.
struct CommandSpec {
    std::string name;     // "" for ./mnist itself, "compare", ...
    std::string intro;    // the lines before the option list
    std::vector<OptionSpec> options;
    std::string outro;    // the lines after it
    bool positional = false;  // takes non-option arguments (predict's image)
    // Options of ./mnist that this command refuses with a hint, e.g. {"--batch", "; use --batches"}.
    std::vector<std::pair<std::string, std::string>> refused;
};

// The commands: ./mnist, compare, sweep, evaluate, predict, reproduce.
const CommandSpec& train_command_spec();
const CommandSpec& command_spec(const std::string& name);  // throws std::out_of_range

// Parses argv[first..argc) against the command's table. Accepts "--name value" and "--name=value".
// Throws UsageError.
Options parse_command(const CommandSpec& command, int argc, const char* const* argv, int first);
// ./mnist's own options: parse_command(train_command_spec(), argc, argv, 1).
Options parse_options(int argc, const char* const* argv);

// The --help text of a command, generated from its table.
std::string usage(const CommandSpec& command);
std::string usage();  // of ./mnist

// A whole number in [min, max], digits only (no sign, no spaces, no suffix); UsageError naming option.
std::uint64_t parse_count(const std::string& option, const std::string& text, std::uint64_t min,
                          std::uint64_t max = UINT64_MAX);
// A finite number > 0 in plain decimal notation; UsageError naming option.
double parse_positive(const std::string& option, const std::string& text);
// A finite number >= 0 in plain decimal notation; UsageError naming option.
double parse_non_negative(const std::string& option, const std::string& text);
// A number in [0, 1) in plain decimal notation (a probability or a decay rate); UsageError naming option.
double parse_fraction(const std::string& option, const std::string& text);
// --schedule's value: "constant", "step:EVERY:FACTOR" (EVERY >= 1, FACTOR in (0, 1]) or "cosine".
Schedule parse_schedule(const std::string& option, const std::string& text);

// The rule of every layer from --init, --init-scale and --init-bias (docs/08-initialisation.md#per-layer-rules):
// a list with one entry per layer gives each layer its own; a single --init names the hidden layers'
// rule (the output keeps xavier) and a single --init-scale goes with it. Empty when none was given.
// UsageError for a list of another length.
std::vector<LayerInit> resolve_layer_init(const Options& o);

}  // namespace nn
