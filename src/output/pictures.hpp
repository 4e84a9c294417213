// The picture files of a run or a set of runs: learning curves, confusion matrix, mistakes, weights.
// What each file shows and how it was made: docs/experiments.md (section "Pictures").
#pragma once

#include <string>
#include <vector>

#include "data/classes.hpp"
#include "run/seeds.hpp"
#include "run/training.hpp"
#include "data/mnist.hpp"
#include "nn/network.hpp"

namespace nn {

// Writes <dir>/<prefix>confusion.txt and .svg, <prefix>mistakes.svg and .pgm (the first 40
// misclassified test images), <prefix>weights.svg and .pgm (first-layer weights, when the input is
// an image). Returns the paths written and puts the confusion matrix text in *confusion.
std::vector<std::string> write_run_pictures(Network<float>& net, const Dataset& test, const DataSetInfo& info,
                                            const std::string& dir, const std::string& prefix,
                                            std::string* confusion = nullptr);

// Writes the learning curves of the runs to <dir>: accuracy-vs-epoch.svg, loss-vs-epoch.svg and,
// when the runs have interval figures, accuracy-vs-samples.svg and loss-vs-samples.svg. Figures of
// the watched set (validation when the runs held one out, else test; titles and axes say which),
// one line per run. Returns the paths written.
std::vector<std::string> write_curves(const std::vector<RunResult>& runs, const std::string& dir,
                                      const std::string& title);

// Writes <dir>/<label>.csv (epochs, the format of --csv), <label>-intervals.csv when there are
// intervals, and summary.csv for all runs. Returns the paths written.
std::vector<std::string> write_run_csvs(const std::vector<RunResult>& runs, const std::string& dir);

// The curves of configurations run with several seeds: the mean over seeds as a line, the min-max
// over seeds shaded (when there are two or more), the legend saying so. Writes the four charts of
// write_curves and accuracy-vs-seconds.svg (against training seconds, mean over seeds; when there
// are intervals). Returns the paths written.
std::vector<std::string> write_seeded_curves(const std::vector<SeededRuns>& grid, const std::string& dir,
                                             const std::string& title);

// Writes each run's CSVs (<label>.csv and <label>-intervals.csv with one seed, <label>-seed<S>.csv
// and <label>-seed<S>-intervals.csv with several), summary.csv (seeded_summary_csv) and pairs.csv
// (grid_pairs). Returns the paths written.
std::vector<std::string> write_seeded_csvs(const std::vector<SeededRuns>& grid, const std::string& dir);

}  // namespace nn
