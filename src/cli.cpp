// The ./mnist program: load data, build and initialise the network, train epoch by epoch, report.
// What each printed figure means: docs/07-sgd.md#what-an-epoch-reports.
#include "cli.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "atomic_file.hpp"
#include "classes.hpp"
#include "commands.hpp"
#include "experiments.hpp"
#include "model_file.hpp"
#include "pictures.hpp"
#include "metrics.hpp"
#include "mnist.hpp"
#include "network.hpp"
#include "options.hpp"
#include "parallel.hpp"
#include "rng.hpp"
#include "sgd.hpp"

namespace nn {
namespace {

// Ctrl-C (SIGINT) during training: the first sets this flag, which the loop reads after every batch
// (it then stops, reports and exits with 130 = 128 + SIGINT, the shell's code for it); a second
// Ctrl-C exits at once. Only async-signal-safe things happen in the handler. An atomic rather than
// volatile sig_atomic_t because the signal may land on any thread, e.g. one of the matmul pool's.
std::atomic<int> g_interrupted{0};
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler may only use lock-free atomics");

extern "C" void on_interrupt(int) {
    if (g_interrupted) std::_Exit(130);
    g_interrupted = 1;
}

// Installs on_interrupt for SIGINT while in scope (training only; loading data stops at once as
// usual), and puts the previous handler back afterwards.
struct InterruptScope {
    using Handler = void (*)(int);
    Handler previous;
    InterruptScope() : previous(std::signal(SIGINT, on_interrupt)) { g_interrupted = 0; }
    ~InterruptScope() { std::signal(SIGINT, previous == SIG_ERR ? SIG_DFL : previous); }
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;
};

constexpr int kExitInterrupted = 130;

// "run.csv" -> "run-intervals.csv": where --csv puts the --eval-every figures (compare's naming).
std::string intervals_csv_path(const std::string& csv_path) {
    const std::string ext = ".csv";
    const bool has_ext = csv_path.size() > ext.size() && csv_path.compare(csv_path.size() - ext.size(), ext.size(), ext) == 0;
    return (has_ext ? csv_path.substr(0, csv_path.size() - ext.size()) : csv_path) + "-intervals.csv";
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int train(const Options& o) {
    const auto start = std::chrono::steady_clock::now();
    const int threads = use_threads(o);
    const Mnist data = load_data(o);

    Network<float> net(o.layers, o.activation, o.loss);
    Rng rng(o.seed);
    net.init(o.init, rng);
    if (!o.load_path.empty()) {  // the saved weights replace the random ones; rng stays where it is
        net = load_model(o.load_path);
        require_model_shape(net, o.load_path, data.train.X.cols(), "the pixels of one image", 10);
        std::printf("loaded:  %s\n", o.load_path.c_str());
    }

    // From here on Ctrl-C stops training gracefully (before the report's header is printed, so that
    // anyone who has seen the header can rely on it).
    const InterruptScope interrupt_scope;
    const bool xent = o.loss == Loss::CrossEntropy;
    std::printf("network: %s, %s hidden, %s, init %s/xavier\n", net.describe().c_str(), name(net.hidden),
                xent ? "softmax output, cross-entropy loss" : "sigmoid output, squared-error loss", name(o.init));
    std::printf("sgd:     %s, batch %zu, lr %g, %zu epoch%s, seed %llu, %d thread%s\n",
                o.batch_size == 1 ? "online" : "mini-batch", o.batch_size, o.eta, o.epochs, o.epochs == 1 ? "" : "s",
                static_cast<unsigned long long>(o.seed), threads, threads == 1 ? "" : "s");
    std::printf("data:    %s (%zu training, %zu test images)\n\n", o.data_dir.c_str(), data.train.size(),
                data.test.size());
    // Fail on an unwritable --csv path now, not after the first epoch's minutes of work.
    if (!o.csv_path.empty()) write_file_atomically(o.csv_path, epochs_csv({}));
    std::printf("epoch  train s  train loss  train acc  test loss  test acc\n");
    std::fflush(stdout);

    std::vector<std::size_t> order(data.train.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    Batch batch;
    ProgressBar bar;  // only drawn when stdout is a terminal
    std::vector<EpochRow> rows;
    double training_seconds = 0;
    char lr[32];
    std::snprintf(lr, sizeof lr, "%g", o.eta);
    const std::string smaller_lr = std::string("; try a smaller learning rate than --lr ") + lr;
    // --eval-every N: test figures every N training samples (counted across epochs), so that online
    // and mini-batch runs can be compared per sample seen (docs/07-sgd.md#online-and-mini-batch).
    std::vector<IntervalRow> intervals;
    std::size_t samples_before = 0, next_eval = o.eval_every;  // samples of the completed epochs
    std::chrono::steady_clock::time_point epoch_start;
    double eval_seconds = 0;  // time spent on interval evaluations in this epoch, not training
    const std::string intervals_path = intervals_csv_path(o.csv_path);
    const auto write_csvs = [&] {
        if (o.csv_path.empty()) return;
        write_file_atomically(o.csv_path, epochs_csv(rows));
        if (o.eval_every) write_file_atomically(intervals_path, intervals_csv(intervals));
    };
    const AfterBatch keep_going = [&](std::size_t samples) {
        bar.update(samples, data.train.size());
        if (o.eval_every && samples_before + samples >= next_eval) {
            const auto eval_start = std::chrono::steady_clock::now();
            IntervalRow r;
            r.samples = samples_before + samples;
            r.epoch = static_cast<double>(r.samples) / static_cast<double>(data.train.size());
            r.test = evaluate(net, data.test);  // safe: the next step runs its own forward pass
            eval_seconds += seconds_since(eval_start);
            r.seconds = training_seconds + seconds_since(epoch_start) - eval_seconds;
            intervals.push_back(r);
            bar.clear();
            std::printf("       after %zu samples: test loss %.4f, test accuracy %.2f %%\n", r.samples, r.test.loss,
                        100 * r.test.accuracy);
            std::fflush(stdout);
            while (next_eval <= r.samples) next_eval += o.eval_every;
        }
        return g_interrupted == 0;
    };
    for (std::size_t epoch = 1; epoch <= o.epochs; ++epoch) {
        epoch_start = std::chrono::steady_clock::now();
        eval_seconds = 0;
        EpochStats stats;
        if (!g_interrupted) {  // else Ctrl-C came during the last evaluation: stop before this epoch
            try {
                bar.start();
                stats = train_epoch(net, data.train, order, o.batch_size, static_cast<float>(o.eta), rng, batch,
                                    keep_going);
                bar.clear();
            } catch (const Diverged& d) {
                throw std::runtime_error(std::string(d.what()) + " of epoch " + std::to_string(epoch) + smaller_lr);
            }
        }
        if (g_interrupted) {
            training_seconds += seconds_since(epoch_start) - eval_seconds;
            bar.clear();
            if (stats.samples > 0)
                std::printf("\ninterrupted (Ctrl-C) in epoch %zu after %zu of %zu training images; ", epoch,
                            stats.samples, data.train.size());
            else  // Ctrl-C came while the previous epoch was evaluated (or before the first batch)
                std::printf("\ninterrupted (Ctrl-C) before epoch %zu; ", epoch);
            if (rows.empty())
                std::printf("no epoch completed, so no test accuracy yet (%.1f s)\n", seconds_since(start));
            else
                std::printf("%zu of %zu epoch%s done in %.1f s (training %.1f s); test accuracy after epoch %zu "
                            "%.2f %% (%zu of %zu)\n",
                            rows.size(), o.epochs, o.epochs == 1 ? "" : "s", seconds_since(start), training_seconds,
                            rows.back().epoch, 100 * rows.back().test.accuracy, rows.back().test.correct,
                            rows.back().test.count);
            if (!o.csv_path.empty()) {
                write_csvs();  // the completed epochs, and the intervals so far
                std::printf("wrote %s\n", o.csv_path.c_str());
            }
            if (!o.save_path.empty()) {  // the weights after the last completed batch, written atomically
                save_model(o.save_path, net);
                std::printf("wrote %s (the network as it was when interrupted)\n", o.save_path.c_str());
            }
            std::fflush(stdout);
            return kExitInterrupted;
        }
        samples_before += data.train.size();
        EpochRow row{epoch, seconds_since(epoch_start) - eval_seconds, evaluate(net, data.train),
                     evaluate(net, data.test)};
        // Never print a NaN or an infinity as if it were a result: finite weights can still give an
        // infinite loss (a huge logit gap), and the reader must be told the run diverged.
        if (!std::isfinite(row.train.loss) || !std::isfinite(row.test.loss))
            throw std::runtime_error("training diverged: the loss on the " +
                                     std::string(std::isfinite(row.train.loss) ? "test" : "training") +
                                     " set is " + std::to_string(std::isfinite(row.train.loss) ? row.test.loss
                                                                                               : row.train.loss) +
                                     " after epoch " + std::to_string(epoch) + smaller_lr);
        training_seconds += row.seconds;
        rows.push_back(row);
        std::printf("%5zu  %7.2f  %10.4f  %7.2f %%  %9.4f  %6.2f %%\n", epoch, row.seconds, row.train.loss,
                    100 * row.train.accuracy, row.test.loss, 100 * row.test.accuracy);
        std::fflush(stdout);
        write_csvs();  // after every epoch
    }
    std::printf("\ndone: %zu epoch%s in %.1f s (training %.1f s); final test accuracy %.2f %% (%zu of %zu)\n",
                o.epochs, o.epochs == 1 ? "" : "s", seconds_since(start), training_seconds, 100 * rows.back().test.accuracy,
                rows.back().test.correct, rows.back().test.count);
    if (!o.csv_path.empty()) std::printf("wrote %s\n", o.csv_path.c_str());
    if (!o.csv_path.empty() && o.eval_every) std::printf("wrote %s\n", intervals_path.c_str());
    if (!o.save_path.empty()) {
        save_model(o.save_path, net);
        std::printf("wrote %s (the trained network; ./mnist evaluate --load %s)\n", o.save_path.c_str(), o.save_path.c_str());
    }
    if (!o.plots_dir.empty()) {
        RunResult run;
        run.config.label = net.describe() + "-" + name(o.activation);
        run.epochs = rows;
        run.intervals = intervals;  // curves against samples seen too, when --eval-every was given
        std::vector<std::string> written = write_curves({run}, o.plots_dir, "Learning curve");
        const std::vector<std::string> pictures =
            write_run_pictures(net, data.test, identify_data_set(o.data_dir), o.plots_dir, "");
        written.insert(written.end(), pictures.begin(), pictures.end());
        std::printf("wrote %zu pictures to %s\n", written.size(), o.plots_dir.c_str());
    }
    return 0;
}

}  // namespace

int run_cli(int argc, const char* const* argv) {
    try {
        if (argc >= 2 && is_command(argv[1])) return run_command(argc, argv);
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
