// What every command does before its work: choose the engine and threads, load and cut the data,
// and check the options against it. Errors name the option and the data (UsageError: exit 2).
#pragma once

#include <string>
#include <vector>

#include "app/options.hpp"
#include "data/classes.hpp"
#include "data/mnist.hpp"
#include "run/training.hpp"

namespace nn {

// Installs the fast kernels with --threads threads (default: one per core) and returns the count;
// in a REFERENCE build (make REFERENCE=1) keeps the plain loops and returns 1.
int use_threads(const Options& o);
// The settings of one run as the options give them (label empty): what ./mnist trains, and the
// common base of every run of compare and sweep.
RunConfig run_config(const Options& o);

// "fast kernels" or "plain loops (REFERENCE build)", for the report's header.
const char* engine_name();

// Loads o.data_dir, holds out --validation images (into Mnist::validation, before --train-limit cuts
// the rest; without --validation on the command line a default too large for the data becomes a
// sixth of the training set), applies --train-limit/--test-limit and checks --layers (unless empty) and --batch
// against the data; UsageError (exit 2) for options the data contradicts. `batch_option` is the option the
// batch size came from, for the message (compare's --batches gives the largest of its list).
Mnist load_data(const Options& o, const std::string& batch_option = "--batch");

// "data:    data, MNIST (60000 training, 10000 test images); 2 threads"
void print_data_line(const Options& o, const Mnist& data, const DataSetInfo& info, int threads);

// "wrote 3 files to DIR: a.svg b.svg c.csv"
void print_written(const std::vector<std::string>& paths, const std::string& dir);

}  // namespace nn
