// The ./mnist program: load data, build and initialise the network, train epoch by epoch, report.
// What each printed figure means: docs/07-sgd.md#what-an-epoch-reports.
#include "cli.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "atomic_file.hpp"
#include "metrics.hpp"
#include "mnist.hpp"
#include "network.hpp"
#include "options.hpp"
#include "parallel.hpp"
#include "rng.hpp"
#include "sgd.hpp"

namespace nn {
namespace {

struct EpochRow {
    std::size_t epoch;
    double seconds;  // training time of this epoch, evaluation excluded
    Evaluation train, test;
};

std::string csv_text(const std::vector<EpochRow>& rows) {
    std::string text = "epoch,seconds,train_loss,train_accuracy,test_loss,test_accuracy\n";
    char line[256];
    for (const EpochRow& r : rows) {
        std::snprintf(line, sizeof line, "%zu,%.3f,%.6f,%.6f,%.6f,%.6f\n", r.epoch, r.seconds, r.train.loss,
                      r.train.accuracy, r.test.loss, r.test.accuracy);
        text += line;
    }
    return text;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int train(const Options& o) {
    const auto start = std::chrono::steady_clock::now();
    const int threads = o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    set_thread_count(threads);

    Mnist data = load_mnist(o.data_dir);
    if (o.train_limit) {
        if (o.train_limit > data.train.size())
            throw UsageError("--train-limit: expected at most " + std::to_string(data.train.size()) +
                             " (the training images in " + o.data_dir + "), found " + std::to_string(o.train_limit));
        keep_first(data.train, o.train_limit);
    }
    if (o.test_limit) {
        if (o.test_limit > data.test.size())
            throw UsageError("--test-limit: expected at most " + std::to_string(data.test.size()) +
                             " (the test images in " + o.data_dir + "), found " + std::to_string(o.test_limit));
        keep_first(data.test, o.test_limit);
    }
    if (o.layers.front() != data.train.X.cols())
        throw UsageError("--layers: expected the first size to be " + std::to_string(data.train.X.cols()) +
                         " (the pixels of one image), found " + std::to_string(o.layers.front()));
    if (o.layers.back() != 10)
        throw UsageError("--layers: expected the last size to be 10 (the classes), found " +
                         std::to_string(o.layers.back()));
    if (o.batch_size > data.train.size())
        throw UsageError("--batch: expected at most " + std::to_string(data.train.size()) +
                         " (the training images), found " + std::to_string(o.batch_size));

    Network<float> net(o.layers, o.activation, o.loss);
    Rng rng(o.seed);
    net.init(o.init, rng);

    const bool xent = o.loss == Loss::CrossEntropy;
    std::printf("network: %s, %s hidden, %s, init %s/xavier\n", net.describe().c_str(), name(o.activation),
                xent ? "softmax output, cross-entropy loss" : "sigmoid output, squared-error loss", name(o.init));
    std::printf("sgd:     %s, batch %zu, lr %g, %zu epoch%s, seed %llu, %d thread%s\n",
                o.batch_size == 1 ? "online" : "mini-batch", o.batch_size, o.eta, o.epochs, o.epochs == 1 ? "" : "s",
                static_cast<unsigned long long>(o.seed), threads, threads == 1 ? "" : "s");
    std::printf("data:    %s (%zu training, %zu test images)\n\n", o.data_dir.c_str(), data.train.size(),
                data.test.size());
    // Fail on an unwritable --csv path now, not after the first epoch's minutes of work.
    if (!o.csv_path.empty()) write_file_atomically(o.csv_path, csv_text({}));
    std::printf("epoch  train s  train loss  train acc  test loss  test acc\n");
    std::fflush(stdout);

    std::vector<std::size_t> order(data.train.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    Batch batch;
    std::vector<EpochRow> rows;
    double training_seconds = 0;
    for (std::size_t epoch = 1; epoch <= o.epochs; ++epoch) {
        const auto epoch_start = std::chrono::steady_clock::now();
        try {
            train_epoch(net, data.train, order, o.batch_size, static_cast<float>(o.eta), rng, batch);
        } catch (const Diverged& d) {
            char lr[32];
            std::snprintf(lr, sizeof lr, "%g", o.eta);
            throw std::runtime_error(std::string(d.what()) + " of epoch " + std::to_string(epoch) +
                                     "; try a smaller learning rate than --lr " + lr);
        }
        EpochRow row{epoch, seconds_since(epoch_start), evaluate(net, data.train), evaluate(net, data.test)};
        training_seconds += row.seconds;
        rows.push_back(row);
        std::printf("%5zu  %7.2f  %10.4f  %7.2f %%  %9.4f  %6.2f %%\n", epoch, row.seconds, row.train.loss,
                    100 * row.train.accuracy, row.test.loss, 100 * row.test.accuracy);
        std::fflush(stdout);
        if (!o.csv_path.empty()) write_file_atomically(o.csv_path, csv_text(rows));  // after every epoch
    }
    std::printf("\ndone: %zu epoch%s in %.1f s (training %.1f s); final test accuracy %.2f %% (%zu of %zu)\n",
                o.epochs, o.epochs == 1 ? "" : "s", seconds_since(start), training_seconds, 100 * rows.back().test.accuracy,
                rows.back().test.correct, rows.back().test.count);
    if (!o.csv_path.empty()) std::printf("wrote %s\n", o.csv_path.c_str());
    return 0;
}

}  // namespace

int run_cli(int argc, const char* const* argv) {
    try {
        const Options o = parse_options(argc, argv);
        if (o.help) {
            std::fputs(usage().c_str(), stdout);
            return 0;
        }
        return train(o);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "mnist: error: %s\nTry 'mnist --help' for the options.\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mnist: error: %s\n", e.what());
        return 1;
    }
}

}  // namespace nn
