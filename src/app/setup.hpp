// What every command does before its work: choose the engine and threads, load and cut the data,
// and check the options against it. Errors name the option and the data (UsageError: exit 2).
#pragma once

#include <string>
#include <vector>

#include "app/options.hpp"
#include "data/classes.hpp"
#include "data/mnist.hpp"

namespace nn {

// Installs the fast kernels with --threads threads (default: one per core) and returns the count;
// in a REFERENCE build (make REFERENCE=1) keeps the plain loops and returns 1.
int use_threads(const Options& o);
// "fast kernels" or "plain loops (REFERENCE build)", for the report's header.
const char* engine_name();

// Loads o.data_dir, applies --train-limit/--test-limit and checks --layers (unless empty) and --batch
// against the data; UsageError (exit 2) for options the data contradicts. `batch_option` is the option the
// batch size came from, for the message (compare's --batches gives the largest of its list).
Mnist load_data(const Options& o, const std::string& batch_option = "--batch");

// "run.csv" -> "run-intervals.csv": where --csv puts the --eval-every figures (compare's naming).
std::string intervals_csv_path(const std::string& csv_path);

// Every path the command will write, checked before any work (the one check all commands call):
// --save, --csv and, with --eval-every, its -intervals.csv must be file names in an existing
// directory that accepts a new file; --plots and --out are created when missing, then checked the
// same way. Throws std::runtime_error (exit 1) naming the path, the option and the reason.
void check_outputs(const Options& o);

// "data:    data, MNIST (60000 training, 10000 test images); 2 threads"
void print_data_line(const Options& o, const Mnist& data, const DataSetInfo& info, int threads);

// "wrote 3 files to DIR: a.svg b.svg c.csv"
void print_written(const std::vector<std::string>& paths, const std::string& dir);

}  // namespace nn
