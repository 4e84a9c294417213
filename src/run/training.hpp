// The one training loop of the program: a run configuration in, per-epoch and per-interval figures
// out, with hooks for printing, progress and Ctrl-C. Used by ./mnist, compare and sweep. docs/07-sgd.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "data/mnist.hpp"
#include "nn/metrics.hpp"
#include "nn/network.hpp"
#include "nn/sgd.hpp"

namespace nn {

// Everything that defines one run. Two runs with equal configs and data give identical figures.
struct RunConfig {
    std::string label;                     // "relu-batch64", used in messages, tables, legends and file names
    std::vector<std::size_t> layers{784, 300, 10};
    Activation activation = Activation::ReLU;
    Loss loss = Loss::CrossEntropy;
    Init init = Init::He;                  // of the hidden layers (default_init(activation) unless chosen)
    std::size_t batch_size = 64;
    double eta = 0.1;
    std::size_t epochs = 5;
    std::uint64_t seed = 1;                // of the initial weights, then of the shuffling: one stream
    std::size_t eval_every = 0;            // test figures every this many samples seen; 0 = per epoch only
    // The knobs the sources differ in (docs/14-reproducing-the-sources.md); the defaults are the program's.
    std::vector<LayerInit> layer_init;     // one rule per layer; empty: `init` for hidden layers, xavier for the output
    BiasInit bias_init = BiasInit::Zero;
    Pixels pixels = Pixels::Unit;          // the scale the data must have (set_pixels in data/mnist.hpp)
    bool shuffle = true;                   // false: every epoch in file order (sources 01, 05)
    bool drop_remainder = false;           // true: no last smaller batch (source 03)
    PerceptronRule perceptron_rule = PerceptronRule::Subgradient;  // with Loss::Perceptron
    std::size_t evaluate_every_epochs = 1;  // whole-set figures after every k-th epoch and the last; others: count 0
};

// The rule of every layer config asks for: config.layer_init, or the default (config.init for the
// hidden layers, xavier for the output, gain 1). Throws std::invalid_argument for a wrong count.
std::vector<LayerInit> layer_rules(const RunConfig& config);

// Draws the weights of a network built from config (docs/08-initialisation.md): the program's
// default rules draw exactly as Network::init(config.init, rng); sets the perceptron rule.
void init_network(const RunConfig& config, Network<float>& net, Rng& rng);

// One row per epoch, as printed and as in the CSV of a run. With a validation set, `validation` is
// filled and `test` is left empty (count 0): the test set is not looked at until the run ends.
struct EpochRow {
    std::size_t epoch = 0;
    double seconds = 0;  // training time of this epoch, evaluations excluded
    Evaluation train, test, validation;
    double mean_batch_loss = 0;  // mean of the batch losses during the epoch, each before its update
    // The figures of the set the run is watched on: validation when there is one, else test.
    const Evaluation& watched() const { return validation.count ? validation : test; }
};

// Figures after `samples` training examples in all (counted across epochs): on the validation set
// when there is one, else on the test set (the other stays empty, as in EpochRow).
struct IntervalRow {
    std::size_t samples = 0;
    double epoch = 0;        // samples / training set size: 0.5 = half way through epoch 1
    double seconds = 0;      // training time so far, evaluations excluded
    Evaluation test;
    bool epoch_end = false;  // the row of an epoch's end (its figures are also in that EpochRow)
    Evaluation validation;
    const Evaluation& watched() const { return validation.count ? validation : test; }
};

struct RunResult {
    RunConfig config;
    std::vector<EpochRow> epochs;        // the completed epochs
    std::vector<IntervalRow> intervals;  // every eval_every samples and at each epoch's end
    double training_seconds = 0;         // sum of the epochs' seconds (and of a stopped epoch's part)
    bool stopped = false;                // a hook asked to stop before the last epoch ended
    std::size_t stopped_epoch = 0;       // the epoch that was stopped (1-based), when stopped
    std::size_t stopped_samples = 0;     // training examples of that epoch done when it stopped
    // True when the epochs and intervals were watched on a validation set (data.validation).
    bool validated = false;
    // The test figures of the trained network, after the last epoch: evaluated there, once, with a
    // validation set; the last epoch's test figures without one. Empty (count 0) when no epoch ended
    // or the run was stopped.
    Evaluation final_test;
    // Per test image, 1 when the trained network classifies it right (filled with final_test): the
    // paired comparison of two runs on the same images (McNemar, run/statistics.hpp).
    std::vector<std::uint8_t> test_correct;
};

// "validation" or "test": the set whose figures a run's epochs and intervals hold.
inline const char* watched_set(const RunResult& r) { return r.validated ? "validation" : "test"; }

// What a caller may watch while a run goes on (all optional). Returning false from before_epoch
// or after_batch stops the run (after the current step); the result then says where.
struct RunHooks {
    // Replaces the step after each forward pass (nullptr: learn_for(batch_size), the plain rule).
    Learn learn = nullptr;
    std::function<bool(std::size_t epoch)> before_epoch;
    std::function<bool(std::size_t epoch, std::size_t samples_in_epoch)> after_batch;
    std::function<void(const IntervalRow&)> on_interval;
    std::function<void(const EpochRow&)> on_epoch;
};

// Builds the network of config, draws its weights from Rng(config.seed) (docs/08-initialisation.md)
// and trains it with the same Rng: returns the figures, leaving the trained network in `net`.
RunResult run_experiment(const RunConfig& config, const Mnist& data, Network<float>& net,
                         const RunHooks& hooks = {});

// Trains an existing network (initialised from rng, or loaded) for config.epochs epochs of
// config.batch_size, config.eta, shuffling with rng; config.layers, activation, loss and init are
// not used. After every epoch, evaluates the whole training set and the watched set (data.validation
// when it is not empty, else data.test); with eval_every, also the watched set every eval_every
// samples and at each epoch's end. With a validation set, the test set is evaluated once, after the
// last epoch, into final_test. Throws std::runtime_error when
// training diverges (naming the epoch, the run's label and the learning rate) and
// std::invalid_argument for a batch size that the data cannot fill.
RunResult train_network(const RunConfig& config, const Mnist& data, Network<float>& net, Rng& rng,
                        const RunHooks& hooks = {});

}  // namespace nn
