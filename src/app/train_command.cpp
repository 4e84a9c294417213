// ./mnist: load data, build and initialise the network, train with the one training loop, report.
// What each printed figure means: docs/07-sgd.md#what-an-epoch-reports.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/interrupt.hpp"
#include "app/setup.hpp"
#include "fast/engine.hpp"
#include "output/atomic_file.hpp"
#include "output/model_file.hpp"
#include "output/pictures.hpp"
#include "output/progress.hpp"
#include "run/records.hpp"
#include "run/training.hpp"

namespace nn {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// "init he/xavier" as always for the default rules; "init normal(1)/normal(0.139), biases like weights" otherwise.
std::string init_text(const RunConfig& c) {
    if (c.layer_init.empty()) return "init " + std::string(name(c.init)) + "/xavier";
    std::string text = "init ";
    for (std::size_t l = 0; l < c.layer_init.size(); ++l) {
        char scale[32];
        std::snprintf(scale, sizeof scale, "%g", c.layer_init[l].scale);
        text += (l ? "/" : "") + std::string(name(c.layer_init[l].rule)) + "(" + scale + ")";
    }
    return text + (c.bias_init == BiasInit::Zero ? "" : ", biases drawn like the weights");
}

const char* output_text(Loss loss) {
    if (loss == Loss::CrossEntropy) return "softmax output, cross-entropy loss";
    if (loss == Loss::SquaredError) return "sigmoid output, squared-error loss";
    return "relu output, perceptron criterion";
}

}  // namespace

int train_command(const Options& o) {
    const auto start = std::chrono::steady_clock::now();
    check_outputs(o);  // before anything slow: a long run must not end in "cannot write"
    const int threads = use_threads(o);
    Mnist data = load_data(o);
    set_pixels(data, o.pixels);

    RunConfig config = run_config(o);
    config.layers = network_layers(o, data);  // 784-300-10 for MNIST by default
    check_memory(config, "--layers " + sizes_text(config.layers) + " with --batch " +
                                                  std::to_string(o.batch_size));
    Network<float> net(config.layers, o.activation, o.loss);
    Rng rng(o.seed);  // one stream: first the weights, then the order of the examples
    Optimizer<float> optimizer(config.optimizer, net);  // zero state (docs/15-momentum.md)
    if (o.load_path.empty()) {
        init_network(config, net, rng);
    } else {  // the saved weights instead of random ones, and the optimiser's state if saved
        Checkpoint saved = load_checkpoint(o.load_path);
        net = saved.net;
        require_model_shape(net, o.load_path, data.train.features(), "the pixels of one image of " + data.train_images,
                            data.classes);
        optimizer = Optimizer<float>(config.optimizer, net);
        const Method had = saved.optimizer.settings.method;
        if (had != Method::SGD && had == config.optimizer.method) {
            optimizer.v = saved.optimizer.v;
            optimizer.s = saved.optimizer.s;
            optimizer.t = saved.optimizer.t;
            std::printf("loaded:  %s (with its %s state after %llu steps: training continues)\n", o.load_path.c_str(),
                        name(had), static_cast<unsigned long long>(saved.optimizer.t));
        } else if (had != Method::SGD) {
            std::printf("loaded:  %s (its %s state is not used: --optimizer %s starts from zero)\n",
                        o.load_path.c_str(), name(had), name(config.optimizer.method));
        } else {
            std::printf("loaded:  %s%s\n", o.load_path.c_str(),
                        config.optimizer.method == Method::SGD ? "" : " (no optimizer state saved: it starts from zero)");
        }
    }

    // From here on Ctrl-C stops training gracefully (before the report's header is printed, so that
    // anyone who has seen the header can rely on it).
    const InterruptScope interrupt_scope;
    std::string output = output_text(o.loss);
    if (o.loss == Loss::Perceptron) output += std::string(" (") + name(o.perceptron_rule) + " rule)";
    std::printf("network: %s, %s hidden, %s, %s\n", net.describe().c_str(), name(net.hidden), output.c_str(),
                init_text(config).c_str());
    std::string walk;  // only what differs from the default walk through the data
    if (o.no_shuffle) walk += ", file order";
    if (o.drop_remainder) walk += ", remainder dropped";
    if (o.pixels == Pixels::Raw) walk += ", raw pixels 0..255";
    std::printf("sgd:     %s, batch %zu, lr %g, %zu epoch%s, seed %llu, %d thread%s%s\n",
                o.batch_size == 1 ? "online" : "mini-batch", o.batch_size, o.eta, o.epochs, o.epochs == 1 ? "" : "s",
                static_cast<unsigned long long>(o.seed), threads, threads == 1 ? "" : "s", walk.c_str());
    const std::string extras = extras_text(config);
    if (!extras.empty()) std::printf("extras:  %s\n", extras.c_str());
    if (config.optimizer.weight_decay > 0)
        std::printf("         (losses below are the data loss only, without the penalty (lambda/2) sum W^2)\n");
    const bool validated = data.validation.size() > 0;
    if (validated)  // the epochs are watched on the held-out images; the test set waits for the end
        std::printf("data:    %s (%zu training, %zu validation, %zu test images; test evaluated once, at the end)\n",
                    o.data_dir.c_str(), data.train.size(), data.validation.size(), data.test.size());
    else
        std::printf("data:    %s (%zu training, %zu test images)\n", o.data_dir.c_str(), data.train.size(),
                    data.test.size());
    if (!fast_kernels_in_use()) std::printf("engine:  %s\n", engine_name());
    std::printf("\n");
    // The CSV's header now, so that a run interrupted in its first epoch still leaves a valid CSV.
    if (!o.csv_path.empty()) write_file_atomically(o.csv_path, epochs_csv({}, validated));
    std::printf(validated ? "epoch  train s  train loss  train acc   val loss   val acc\n"
                          : "epoch  train s  train loss  train acc  test loss  test acc\n");
    std::fflush(stdout);

    ProgressBar bar;  // only drawn when stdout is a terminal
    std::vector<EpochRow> rows;
    std::vector<IntervalRow> intervals;
    const std::string intervals_path = intervals_csv_path(o.csv_path);
    const auto write_csvs = [&] {
        if (o.csv_path.empty()) return;
        write_file_atomically(o.csv_path, epochs_csv(rows, validated));
        if (o.eval_every) write_file_atomically(intervals_path, intervals_csv(intervals, validated));
    };
    RunHooks hooks;
    hooks.before_epoch = [&](std::size_t) {
        bar.start();
        return !interrupted();  // Ctrl-C during the last evaluation: stop before this epoch
    };
    hooks.after_batch = [&](std::size_t, std::size_t samples) {
        bar.update(samples, data.train.size());
        return !interrupted();
    };
    // --eval-every N: test figures every N training samples (counted across epochs), so that online
    // and mini-batch runs can be compared per sample seen (docs/07-sgd.md#online-and-mini-batch).
    hooks.on_interval = [&](const IntervalRow& r) {
        intervals.push_back(r);
        if (r.epoch_end) return;  // printed with its epoch
        bar.clear();
        const char* set = validated ? "validation" : "test";
        std::printf("       after %zu samples: %s loss %.4f, %s accuracy %.2f %%\n", r.samples, set,
                    r.watched().loss, set, 100 * r.watched().accuracy);
        std::fflush(stdout);
    };
    hooks.on_epoch = [&](const EpochRow& row) {
        bar.clear();
        rows.push_back(row);
        std::printf("%5zu  %7.2f  %10.4f  %7.2f %%  %9.4f  %6.2f %%", row.epoch, row.seconds, row.train.loss,
                    100 * row.train.accuracy, row.watched().loss, 100 * row.watched().accuracy);
        if (config.schedule.kind != Schedule::Kind::Constant) std::printf("  lr %.4g", row.eta);
        std::printf("\n");
        std::fflush(stdout);
        write_csvs();  // after every epoch
    };
    const RunResult run = train_network(config, data, net, rng, hooks, &optimizer);
    bar.clear();

    if (run.stopped) {
        if (run.stopped_samples > 0)
            std::printf("\ninterrupted (%s) in epoch %zu after %zu of %zu training images; ", interrupt_name(), run.stopped_epoch,
                        run.stopped_samples, data.train.size());
        else  // the signal came while the previous epoch was evaluated (or before the first batch)
            std::printf("\ninterrupted (%s) before epoch %zu; ", interrupt_name(), run.stopped_epoch);
        if (rows.empty())
            std::printf("no epoch completed, so no test accuracy yet (%.1f s)\n", seconds_since(start));
        else
            std::printf("%zu of %zu epoch%s done in %.1f s (training %.1f s); %s accuracy after epoch %zu "
                        "%.2f %% (%zu of %zu)\n",
                        rows.size(), o.epochs, o.epochs == 1 ? "" : "s", seconds_since(start), run.training_seconds,
                        validated ? "validation" : "test", rows.back().epoch, 100 * rows.back().watched().accuracy,
                        rows.back().watched().correct, rows.back().watched().count);
        if (!o.csv_path.empty()) {
            write_csvs();  // the completed epochs, and the intervals so far
            std::printf("wrote %s\n", o.csv_path.c_str());
        }
        if (!o.save_path.empty()) {  // the weights after the last completed batch, written atomically
            save_model(o.save_path, net, &optimizer);
            std::printf("wrote %s (the network as it was when interrupted)\n", o.save_path.c_str());
        }
        std::fflush(stdout);
        return interrupt_exit_code();
    }

    if (run.early_stopped)
        std::printf("\nearly stop: the validation loss has not improved for %zu epochs since epoch %zu\n", o.early_stop,
                    run.best_epoch);
    if (config.early_stop && run.best_epoch > 0)
        std::printf("%skept the weights of epoch %zu (lowest validation loss %.4f, accuracy %.2f %%)\n",
                    run.early_stopped ? "" : "\n", run.best_epoch, run.epochs[run.best_epoch - 1].validation.loss,
                    100 * run.epochs[run.best_epoch - 1].validation.accuracy);
    if (config.optimizer.weight_decay > 0)
        std::printf("weight decay: the penalty (lambda/2) sum W^2 of the final weights is %.4f (not in the losses above)\n",
                    weight_penalty(net, config.optimizer.weight_decay));
    std::printf("\ndone: %zu epoch%s in %.1f s (training %.1f s); final test accuracy %.2f %% (%zu of %zu)\n",
                rows.size(), rows.size() == 1 ? "" : "s", seconds_since(start), run.training_seconds,
                100 * run.final_test.accuracy, run.final_test.correct, run.final_test.count);
    if (!o.csv_path.empty()) std::printf("wrote %s\n", o.csv_path.c_str());
    if (!o.csv_path.empty() && o.eval_every) std::printf("wrote %s\n", intervals_path.c_str());
    if (!o.save_path.empty()) {
        save_model(o.save_path, net, &optimizer);
        std::printf("wrote %s (the trained network; ./mnist evaluate --load %s)\n", o.save_path.c_str(), o.save_path.c_str());
    }
    if (!o.plots_dir.empty()) {
        RunResult curves = run;
        curves.config.label = net.describe() + "-" + name(o.activation);
        std::vector<std::string> written = write_curves({curves}, o.plots_dir, "Learning curve");
        const std::vector<std::string> pictures =
            write_run_pictures(net, data.test, identify_data_set(o.data_dir), o.plots_dir, "");
        written.insert(written.end(), pictures.begin(), pictures.end());
        std::printf("wrote %zu pictures to %s\n", written.size(), o.plots_dir.c_str());
    }
    return 0;
}

}  // namespace nn
