// Engine, threads and data for every command: the checks that options and data agree.
// The data files and their checks: docs/11-idx-format.md.
#include "app/setup.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "core/backend.hpp"
#include "data/validation.hpp"
#include "fast/engine.hpp"
#include "fast/evaluation.hpp"
#include "fast/parallel.hpp"
#include "output/output_check.hpp"
#include "run/memory.hpp"

namespace nn {

#ifdef MNIST_REFERENCE
constexpr bool kReference = true;   // make REFERENCE=1: the plain loops, the code to step through
#else
constexpr bool kReference = false;
#endif

int use_threads(const Options& o) {
    if (kReference) {
        use_plain_loops();
        return 1;
    }
    const int threads = o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    use_fast_kernels(threads);
    return threads;
}

RunConfig run_config(const Options& o) {
    RunConfig c;
    c.layers = o.layers;
    c.activation = o.activation;
    c.loss = o.loss;
    c.init = o.init;
    c.batch_size = o.batch_size;
    c.eta = o.eta;
    c.epochs = o.epochs;
    c.seed = o.seed;
    c.eval_every = o.eval_every;
    c.layer_init = o.layer_init;
    c.bias_init = o.bias_init;
    c.pixels = o.pixels;
    c.shuffle = !o.no_shuffle;
    c.drop_remainder = o.drop_remainder;
    c.perceptron_rule = o.perceptron_rule;
    c.optimizer = o.optimizer;
    c.dropout = o.dropout;
    c.schedule = o.schedule;
    c.early_stop = o.early_stop;
    return c;
}

const char* engine_name() { return kReference ? "plain loops (REFERENCE build)" : "fast kernels"; }

Mnist load_data(const Options& o, const std::string& batch_option) {
    Mnist data = load_mnist(o.data_dir);
    // The validation images come out of the whole training set first, so that --train-limit cuts only
    // what is trained on and every limit holds out the same images (data/validation.hpp).
    std::size_t held = o.validation;
    if (held && !o.given.count("--validation") && held >= data.train.size())
        held = data.train.size() / 6;  // compare/sweep's default on a small data set: a sixth
    if (held >= data.train.size())
        throw UsageError("--validation: expected fewer than " + std::to_string(data.train.size()) +
                         " (the training images in " + o.data_dir + "), found " + std::to_string(held));
    data.validation = hold_out(data.train, held);
    if (o.train_limit) {
        if (o.train_limit > data.train.size())
            throw UsageError("--train-limit: expected at most " + std::to_string(data.train.size()) +
                             " (the training images in " + o.data_dir +
                             (held ? " less the " + std::to_string(held) + " held out by --validation" : std::string()) +
                             "), found " + std::to_string(o.train_limit));
        keep_first(data.train, o.train_limit);
    }
    if (o.test_limit) {
        if (o.test_limit > data.test.size())
            throw UsageError("--test-limit: expected at most " + std::to_string(data.test.size()) +
                             " (the test images in " + o.data_dir + "), found " + std::to_string(o.test_limit));
        keep_first(data.test, o.test_limit);
    }
    if (o.batch_size > data.train.size())
        throw UsageError(batch_option + ": expected at most " + std::to_string(data.train.size()) +
                         " (the training images), found " + std::to_string(o.batch_size));
    return data;
}

std::vector<std::size_t> network_layers(const Options& o, const Mnist& data) {
    const std::size_t pixels = data.train.features();
    const std::string image_size = std::to_string(data.train.image_rows) + " x " + std::to_string(data.train.image_cols);
    std::vector<std::size_t> layers = o.layers;
    if (o.given.count("--layers")) {  // the user's sizes: they must agree with the data
        if (layers.front() != pixels)
            throw UsageError("--layers: expected the first size to be " + std::to_string(pixels) + " (the pixels of one " +
                             image_size + " image of " + data.train_images + "), found " + std::to_string(layers.front()));
        if (layers.back() != data.classes)
            throw UsageError("--layers: expected the last size to be " + std::to_string(data.classes) +
                             " (the classes: labels 0.." + std::to_string(data.classes - 1) + " in " + data.train_labels +
                             "), found " + std::to_string(layers.back()));
    } else {  // 784-N-10 for MNIST: the inputs and outputs are what the files hold
        layers.front() = pixels;
        layers.back() = data.classes;
    }
    require_labels_below(data.test, layers.back(), data.test_labels,
                         "the network's " + std::to_string(layers.back()) + " outputs, one per class of " +
                             data.train_labels);
    return layers;
}

void check_memory(const std::vector<std::size_t>& layers, std::size_t batch_size, const std::string& what) {
    require_memory(layers, std::max(batch_size, kEvaluationChunk), what, available_memory());
}

void check_memory(const RunConfig& run, const std::string& what) {
    const std::size_t copies = state_matrices(run.optimizer.method) + (run.early_stop ? 1 : 0) +
                               evaluation_parameter_copies(thread_count());
    require_memory(run.layers, std::max(run.batch_size, kEvaluationChunk), what, available_memory(), copies,
                   run.dropout > 0);
}

std::string intervals_csv_path(const std::string& csv_path) {
    const std::string ext = ".csv";
    const bool has_ext = csv_path.size() > ext.size() && csv_path.compare(csv_path.size() - ext.size(), ext.size(), ext) == 0;
    return (has_ext ? csv_path.substr(0, csv_path.size() - ext.size()) : csv_path) + "-intervals.csv";
}

void check_outputs(const Options& o) {
    // The directories first: they are created, and a file may be meant to go inside one.
    if (!o.plots_dir.empty()) check_output_directory(o.plots_dir, "--plots");
    if (!o.out_dir.empty()) check_output_directory(o.out_dir, "--out");
    if (!o.save_path.empty()) check_output_file(o.save_path, "--save");
    if (!o.csv_path.empty()) check_output_file(o.csv_path, "--csv");
    if (!o.csv_path.empty() && o.eval_every) check_output_file(intervals_csv_path(o.csv_path), "--csv with --eval-every");
    if (!o.page_path.empty()) check_output_file(o.page_path, "--out");  // export-web's page
}

void print_data_line(const Options& o, const Mnist& data, const DataSetInfo& info, int threads) {
    const std::string held =
        data.validation.size() ? std::to_string(data.validation.size()) + " validation, " : std::string();
    std::printf("data:    %s, %s (%zu training, %s%zu test images); %d thread%s\n", o.data_dir.c_str(),
                info.name.c_str(), data.train.size(), held.c_str(), data.test.size(), threads, threads == 1 ? "" : "s");
}

void print_written(const std::vector<std::string>& paths, const std::string& dir) {
    std::printf("wrote %zu file%s to %s:", paths.size(), paths.size() == 1 ? "" : "s", dir.c_str());
    for (const std::string& p : paths) std::printf(" %s", std::filesystem::path(p).filename().string().c_str());
    std::printf("\n");
}

}  // namespace nn
