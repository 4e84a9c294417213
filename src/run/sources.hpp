// The five source tutorials' experiments as data: each one's runs, set exactly as its code sets them,
// and the figures it printed, quoted. Derivation and discussion: docs/14-reproducing-the-sources.md.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "data/mnist.hpp"
#include "nn/network.hpp"
#include "nn/sgd.hpp"
#include "run/training.hpp"

namespace nn {

// What one run measured: measure name -> (at -> value). `at` is an epoch (1-based) or a count of
// training samples, as the experiment's at_name says.
using Measurements = std::map<std::string, std::map<double, double>>;

// One row of a source's table: a figure the source printed (reported is a number), or one of ours
// shown beside them (reported is NaN).
struct SourceFigure {
    std::string run;      // the SourceRun it belongs to
    std::string measure;  // a key of Measurements: "test accuracy", "train loss", ...
    double at = 0;
    double reported = NAN;
    std::string quote;    // the source's own words for it ("…" between pieces); tests/test_sources.cpp
    std::string reason;   // one line: why ours differs, or what the row shows
    // A figure whose setting equals ours but for the random draw (weights, order): the table says
    // whether it lies where one more seed of ours would, (E.1) in docs/experiments.md, widened by
    // half a unit of the last digit the source printed (`rounding`).
    bool by_chance = false;
    double rounding = 0;
};

// Something a source does outside the training loop, given the network and data; it may add measurements.
using SideStep = std::function<void(Network<float>& net, const Mnist& data, Measurements& out)>;

struct SourceRun {
    std::string name;     // "784-30-10", "source rule", ...
    RunConfig config;     // seed and label are set per run
    SideStep before;      // after the initial weights, before training (may be empty)
    SideStep after;       // after training (may be empty)
    Learn learn = nullptr;  // the source's own step, when it is not backprop_and_update
};

struct SourceExperiment {
    std::string id;             // "01" ... "05"
    std::string file;           // its file in the sources directory
    std::string setting;        // one line: the settings, as the table's title
    std::string at_name;        // "epoch" or "samples"
    std::size_t test_every = 0; // also test after sample k * test_every + test_offset of every epoch
    std::size_t test_offset = 0;
    std::vector<SourceRun> runs;
    std::vector<SourceFigure> figures;
    std::string chart_measure;  // the curve of its chart, and the printed points drawn on it
    std::string chart_title;
};

// Sources 01 to 05.
std::vector<SourceExperiment> source_experiments();

// Runs one of an experiment's runs with one seed on data scaled as run.config.pixels asks, and
// returns per epoch "train loss", "train accuracy", "test loss", "test accuracy" and "mean batch
// loss" (at = epoch for at_name "epoch", epoch x samples per epoch otherwise), and every test_every
// samples "test accuracy" (at = samples seen before the source's index). `hooks` may watch the run.
Measurements run_source(const SourceExperiment& e, const SourceRun& run, std::uint64_t seed, const Mnist& data,
                        RunHooks hooks = {});

// Mean and sample standard deviation (n - 1 in the denominator; 0 for one value). NaN for none.
struct MeanSd {
    double mean = NAN, sd = NAN;
    std::size_t n = 0;
};
MeanSd mean_sd(const std::vector<double>& values);

// Source 04's step: W2 and b2 are updated first and delta1 is then computed with the new W2, as its
// train() does (weights_hidden_output -= ... comes before np.dot(delta_hidden_output, weights_hidden_output.T)).
// For one example (online) on a network with one hidden layer.
void learn_updating_w2_first(Network<float>& net, const Batch& batch, float eta);

// For a by_chance figure: "...: chance" when it lies where one more of our seeds would fall,
// "outside ..." when not, and "one seed: ..." when `ours` has fewer than two runs.
std::string verdict(const SourceFigure& f, const std::vector<double>& ours);

}  // namespace nn
