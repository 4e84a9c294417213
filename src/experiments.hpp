// Experiments: one training run with per-epoch and per-interval test figures, and the run grids of
// `mnist compare` and `mnist sweep`. Which sources they mirror and what they found: docs/experiments.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "metrics.hpp"
#include "mnist.hpp"
#include "network.hpp"

namespace nn {

// Everything that defines one run. Two runs with equal configs and data give identical figures.
struct RunConfig {
    std::string label;                     // "relu-batch64", used in tables, legends and file names
    std::vector<std::size_t> layers{784, 300, 10};
    Activation activation = Activation::ReLU;
    Loss loss = Loss::CrossEntropy;
    std::size_t batch_size = 64;
    double eta = 0.1;
    std::size_t epochs = 5;
    std::uint64_t seed = 1;
    std::size_t eval_every = 10000;        // test figures every this many samples seen; 0 = per epoch only
};

// One row per epoch, as printed and as in the CSV of a single run.
struct EpochRow {
    std::size_t epoch = 0;
    double seconds = 0;  // training time of this epoch, evaluations excluded
    Evaluation train, test;
};

// Test figures after `samples` training examples in all (counted across epochs).
struct IntervalRow {
    std::size_t samples = 0;
    double epoch = 0;    // samples / training set size: 0.5 = half way through epoch 1
    double seconds = 0;  // training time so far, evaluations excluded
    Evaluation test;
};

struct RunResult {
    RunConfig config;
    std::vector<EpochRow> epochs;
    std::vector<IntervalRow> intervals;  // every eval_every samples and at each epoch's end
    double training_seconds = 0;         // sum of the epochs' seconds
};

// What a caller may watch while a run goes on (all optional). Returning false from after_batch
// stops the run after the current step, as train_epoch's callback does.
struct RunHooks {
    std::function<bool(std::size_t epoch, std::size_t samples_in_epoch)> after_batch;
    std::function<void(const IntervalRow&)> on_interval;
    std::function<void(const EpochRow&)> on_epoch;
};

// Initialises a network from config (init: He for ReLU, Xavier for sigmoid; seed config.seed)
// and trains it; returns the figures, leaving the trained network in `net`. Throws Diverged
// (sgd.hpp) if the loss stops being finite and std::invalid_argument for inconsistent settings.
RunResult run_experiment(const RunConfig& config, const Mnist& data, Network<float>& net,
                         const RunHooks& hooks = {});

// Trains an existing network (already initialised or loaded) with the config's batch size, eta,
// epochs and seed; config.layers and config.activation are ignored.
RunResult train_network(const RunConfig& config, const Mnist& data, Network<float>& net,
                        const RunHooks& hooks = {});

// The CSV of one run's epochs, header "epoch,seconds,train_loss,train_accuracy,test_loss,test_accuracy"
// (accuracies as fractions), the format of `mnist --csv`.
std::string epochs_csv(const std::vector<EpochRow>& rows);
// The CSV of one run's intervals: "samples,epoch,seconds,test_loss,test_accuracy".
std::string intervals_csv(const std::vector<IntervalRow>& rows);
// One row per run: "run,activation,batch,lr,hidden,epochs,seconds,test_accuracy,test_loss,train_accuracy,train_loss".
std::string summary_csv(const std::vector<RunResult>& runs);

// The grid of `mnist compare`: every activation with every batch size, in that order; etas[i] is
// the learning rate of batch_sizes[i]. Labels look like "sigmoid-online" and "relu-batch64".
std::vector<RunConfig> compare_grid(const RunConfig& base, const std::vector<Activation>& activations,
                                    const std::vector<std::size_t>& batch_sizes, const std::vector<double>& etas);
// The runs of `mnist sweep`: one per hidden size, labels "hidden30", "hidden128", ...
std::vector<RunConfig> sweep_grid(const RunConfig& base, const std::vector<std::size_t>& hidden_sizes);

}  // namespace nn
