// The sub-commands of ./mnist (compare, sweep, evaluate, predict) and the helpers cli.cpp shares
// with them. Part of the program, like cli.cpp: these print and choose exit codes. docs/experiments.md.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "mnist.hpp"
#include "options.hpp"

namespace nn {

// True when argv[1] names a sub-command ("compare", "sweep", "evaluate", "predict").
bool is_command(const char* arg);
// Runs the sub-command argv[1] with the options argv[2..argc). Throws UsageError or std::exception
// as run_cli expects; returns the exit code otherwise.
int run_command(int argc, const char* const* argv);

// Sets the thread count from --threads (default: one per core) and returns it.
int use_threads(const Options& o);
// Loads o.data_dir, applies --train-limit/--test-limit and checks --layers (unless empty) and --batch
// against the data; UsageError (exit 2) for options the data contradicts. `batch_option` is the option the
// batch size came from, for the message (compare's --batches gives the largest of its list).
Mnist load_data(const Options& o, const std::string& batch_option = "--batch");

// A progress bar on stdout, drawn only when stdout is a terminal, at most 5 times a second.
class ProgressBar {
public:
    ProgressBar();
    void start();                                     // at the start of an epoch
    void update(std::size_t done, std::size_t total); // after a step
    void clear();                                     // before printing a line of the report
private:
    bool enabled_, shown_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace nn
