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
// sixth of the training set), applies --train-limit/--test-limit and checks --batch against the data
// (network_layers checks --layers); UsageError (exit 2) for options the data contradicts. `batch_option` is the option the
// batch size came from, for the message (compare's --batches gives the largest of its list).
Mnist load_data(const Options& o, const std::string& batch_option = "--batch");

// The layer sizes of the network for this data: with --layers, o.layers, checked against the data
// (UsageError naming --layers and the file); otherwise o.layers (784-N-10, from --hidden N) with the
// inputs set to the pixels of one image and the outputs to the classes, as the IDX files say. Throws
// std::runtime_error naming the test labels file when a test label has no output.
std::vector<std::size_t> network_layers(const Options& o, const Mnist& data);

// Refuses (std::runtime_error, exit 1) a network or batch too large for this machine's memory, before
// anything is allocated: the bytes needed against MemAvailable (run/memory.hpp). `what` names the run.
void check_memory(const std::vector<std::size_t>& layers, std::size_t batch_size, const std::string& what);
// The same for a run, with what its options add (the optimiser's state, early stopping's best
// weights, dropout's masks).
void check_memory(const RunConfig& run, const std::string& what);

// "run.csv" -> "run-intervals.csv": where --csv puts the --eval-every figures (compare's naming).
std::string intervals_csv_path(const std::string& csv_path);

// Every path the command will write, checked before any work (the one check all commands call):
// --save, --csv and, with --eval-every, its -intervals.csv must be file names in an existing
// directory that accepts a new file, and so must export-web's page (Options::page_path); --plots and
// --out directories are created when missing, then checked the same way. Throws std::runtime_error (exit 1) naming the path, the option and the reason.
void check_outputs(const Options& o);

// "data:    data, MNIST (60000 training, 10000 test images); 2 threads"
void print_data_line(const Options& o, const Mnist& data, const DataSetInfo& info, int threads);

// "wrote 3 files to DIR: a.svg b.svg c.csv"
void print_written(const std::vector<std::string>& paths, const std::string& dir);

}  // namespace nn
