// ./mnist compare and ./mnist sweep: a grid of runs through the one training loop, one table, and
// the CSVs, charts, models and pictures of every run. What they show: docs/experiments.md.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/interrupt.hpp"
#include "app/setup.hpp"
#include "output/model_file.hpp"
#include "output/pictures.hpp"
#include "output/progress.hpp"
#include "run/grids.hpp"
#include "run/seeds.hpp"
#include "run/timing.hpp"
#include "run/training.hpp"

namespace nn {
namespace {

std::string mode_name(const RunConfig& c) {
    return c.batch_size == 1 ? "online (batch 1)" : "mini-batch (batch " + std::to_string(c.batch_size) + ")";
}

// The results in the shape of source 02's table (a Markdown table, so it pastes into docs).
void print_table(const std::vector<RunResult>& runs) {
    std::printf("| run | activation | hidden | batch | lr | epochs | Time(s) | Test accuracy(%%) | Test loss "
                "| Train accuracy(%%) | Train loss |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const RunResult& r : runs) {
        if (r.epochs.empty()) continue;
        const EpochRow& e = r.epochs.back();
        std::printf("| %s | %s | %s | %zu | %g | %zu | %.1f | %.2f | %.4f | %.2f | %.4f |\n", r.config.label.c_str(),
                    name(r.config.activation), hidden_sizes_text(r.config.layers).c_str(), r.config.batch_size, r.config.eta,
                    e.epoch, r.training_seconds, 100 * r.final_test.accuracy, r.final_test.loss, 100 * e.train.accuracy,
                    e.train.loss);
    }
    std::printf("Time: training only (evaluations excluded); accuracies and losses after the last epoch.\n");
    if (!runs.empty() && runs.front().validated)
        std::printf("Test: evaluated once per run, after its last epoch; the per-epoch lines above are on the "
                    "validation set.\n");
}

// The seeded table: per configuration mean ± sd and the 95 % interval of the mean over seeds.
void print_seeded_table(const std::vector<SeededRuns>& grid) {
    std::printf("| run | activation | hidden | batch | lr | \u03b7/m | epochs | seeds | Time(s) mean \u00b1 sd "
                "| Test accuracy(%%) mean \u00b1 sd [95 %% CI] | Test loss mean \u00b1 sd [95 %% CI] "
                "| Train accuracy(%%) mean |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const SeededRuns& g : grid) {
        const SeededSummary s = summarize(g);
        if (s.test_accuracy.n == 0) continue;
        const RunConfig& c = g.config;
        std::printf("| %s | %s | %s | %zu | %g | %g | %zu | %zu | %.1f \u00b1 %.1f | %.2f \u00b1 %.2f [%.2f, %.2f] "
                    "| %.4f \u00b1 %.4f [%.4f, %.4f] | %.2f |\n",
                    c.label.c_str(), name(c.activation), hidden_sizes_text(c.layers).c_str(), c.batch_size, c.eta,
                    c.eta / static_cast<double>(c.batch_size), g.runs.front().epochs.size(), s.test_accuracy.n,
                    s.seconds.mean, s.seconds.sd, 100 * s.test_accuracy.mean, 100 * s.test_accuracy.sd,
                    100 * s.test_accuracy.lo, 100 * s.test_accuracy.hi, s.test_loss.mean, s.test_loss.sd, s.test_loss.lo,
                    s.test_loss.hi, 100 * s.train_accuracy.mean);
    }
    std::printf("Time: training only (evaluations excluded). Test figures after the last epoch; the interval is "
                "mean \u00b1 t sd / \u221an over the seeds.\n");
}

// "relu-batch64 vs sigmoid-batch64: +4.90 points, 95 % CI [4.6, 5.2], McNemar p = 1e-30 (612 vs 121 images)".
void print_pairs(const std::vector<PairRow>& pairs) {
    if (pairs.empty()) return;
    std::printf("\nPaired on the same test images (seed-matched; pairs.csv):\n");
    for (const PairRow& p : pairs)
        std::printf("  %s vs %s: %+.2f points, 95 %% CI [%+.2f, %+.2f], McNemar p = %.3g%s (%zu vs %zu images right "
                    "only by one)\n",
                    p.first.c_str(), p.second.c_str(), 100 * p.difference.mean, 100 * p.difference.lo,
                    100 * p.difference.hi, p.p, p.seeds > 1 ? " (largest of the seeds)" : "", p.discordant.b,
                    p.discordant.c);
}

// Runs every config with `seeds` seeds (seed, seed + 1, ...) on the data, printing per-interval and
// per-epoch lines, then the table and the paired comparisons; writes the CSVs, curves, models and
// pictures (those of the first seed) to out_dir.
int run_grid(const std::vector<RunConfig>& grid, std::size_t seeds, const Mnist& data, const DataSetInfo& info,
             const std::string& out_dir, const std::string& title, bool pictures) {
    for (const RunConfig& c : grid)  // every run's network, before the first is trained
        check_memory(c, "run " + c.label + " (" + sizes_text(c.layers) + ", batch " +
                                                 std::to_string(c.batch_size) + ")");
    std::filesystem::create_directories(out_dir);
    const InterruptScope interrupt_scope;
    std::vector<SeededRuns> results;
    ProgressBar bar;
    std::vector<std::string> written;
    const std::size_t total = grid.size() * seeds;
    for (std::size_t i = 0; i < grid.size(); ++i) {
        results.push_back({grid[i], {}});
        for (std::size_t k = 0; k < seeds; ++k) {
            RunConfig c = grid[i];
            c.seed = grid[i].seed + k;
            std::printf("\nrun %zu/%zu: %s: %s hidden, %s, lr %g, %zu epoch%s, seed %llu\n", i * seeds + k + 1, total,
                        c.label.c_str(), name(c.activation), mode_name(c).c_str(), c.eta, c.epochs,
                        c.epochs == 1 ? "" : "s", static_cast<unsigned long long>(c.seed));
            if (!extras_text(c).empty()) std::printf("  with %s\n", extras_text(c).c_str());
            std::fflush(stdout);
            RunHooks hooks;
            hooks.before_epoch = [&](std::size_t) {
                bar.start();
                return !interrupted();
            };
            hooks.after_batch = [&](std::size_t, std::size_t samples) {
                bar.update(samples, data.train.size());
                return !interrupted();
            };
            const char* set = data.validation.size() ? "validation" : "test";  // the set the run is watched on
            hooks.on_interval = [&](const IntervalRow& r) {
                bar.clear();
                std::printf("  %8zu samples (epoch %5.2f): %s loss %.4f, %s accuracy %6.2f %%\n", r.samples, r.epoch,
                            set, r.watched().loss, set, 100 * r.watched().accuracy);
                std::fflush(stdout);
            };
            hooks.on_epoch = [&](const EpochRow& e) {
                bar.clear();
                std::printf("  epoch %zu: %.1f s training; train loss %.4f, accuracy %.2f %%; %s loss %.4f, accuracy "
                            "%.2f %%\n",
                            e.epoch, e.seconds, e.train.loss, 100 * e.train.accuracy, set, e.watched().loss,
                            100 * e.watched().accuracy);
                std::fflush(stdout);
            };
            Network<float> net({1, 1}, Activation::ReLU, Loss::CrossEntropy);
            RunResult run = run_experiment(c, data, net, hooks);
            if (run.stopped) {  // Ctrl-C or SIGTERM: keep what the finished runs wrote, drop this one
                bar.clear();
                if (results.back().runs.empty()) results.pop_back();
                write_seeded_csvs(results, out_dir);
                std::printf("\ninterrupted (%s) in run %s, seed %llu; the finished runs are in %s\n",
                            interrupt_name(), c.label.c_str(), static_cast<unsigned long long>(c.seed), out_dir.c_str());
                return interrupt_exit_code();
            }
            results.back().runs.push_back(std::move(run));
            if (k == 0) {  // the model and pictures of the first seed; the figures of all
                const std::string model = (std::filesystem::path(out_dir) / (c.label + ".model")).string();
                save_model(model, net);
                written.push_back(model);
                if (pictures) {
                    const std::vector<std::string> p = write_run_pictures(net, data.test, info, out_dir, c.label + "-");
                    written.insert(written.end(), p.begin(), p.end());
                }
            }
            // The figures so far, after every run: a long grid interrupted still leaves its results.
            write_seeded_csvs(results, out_dir);
        }
    }
    const std::vector<std::string> csvs = write_seeded_csvs(results, out_dir);
    const std::vector<std::string> curves = write_seeded_curves(results, out_dir, title);
    written.insert(written.end(), csvs.begin(), csvs.end());
    written.insert(written.end(), curves.begin(), curves.end());
    std::printf("\n");
    if (seeds == 1) {
        std::vector<RunResult> runs;
        for (const SeededRuns& g : results) runs.push_back(g.runs.front());
        print_table(runs);
    } else {
        print_seeded_table(results);
    }
    print_pairs(grid_pairs(results));
    std::printf("\n");
    print_written(written, out_dir);
    return 0;
}

// What compare and sweep share: the common settings of every run, the threads and the data
// (checked against the largest batch size of the grid).
struct GridSetup {
    RunConfig base;
    int threads = 1;
    Mnist data;
    DataSetInfo info;
};

GridSetup grid_setup(const Options& o, std::size_t largest_batch, const std::string& batch_option) {
    GridSetup g;
    g.base = run_config(o);  // the grid then sets what varies between its runs
    check_outputs(o);  // --out, before the data and the first run
    g.threads = use_threads(o);
    Options checked = o;
    checked.batch_size = largest_batch;
    g.data = load_data(checked, batch_option);
    set_pixels(g.data, o.pixels);
    g.base.layers = network_layers(o, g.data);  // 784-300-10 for MNIST by default
    g.info = identify_data_set(o.data_dir);
    return g;
}


// "expected time: about 2.1 min on 2 idle cores (...)", before the first run starts.
void print_expected_time(const std::vector<RunConfig>& grid, std::size_t seeds, const Mnist& data) {
    double seconds = 0;
    const std::size_t watched = data.validation.size() ? data.validation.size() : data.test.size();
    for (const RunConfig& c : grid) seconds += expected_seconds(c, data.train.size(), watched, data.test.size(), seeds);
    std::printf("expected time: about %.1f min for %zu run%s on 2 idle cores (rates measured in docs/experiments.md; "
                "a loaded machine takes longer)\n",
                seconds / 60, grid.size() * seeds, grid.size() * seeds == 1 ? "" : "s");
}

}  // namespace

int compare_command(const Options& o) {
    const std::vector<std::size_t>& batches = o.batches;
    // Each mode's customary rate: 0.01 online (source 04), 0.1 for a batch (source 01); a batch size
    // listed again gets 0.01 m, the step per sample eta/m of online SGD (docs/experiments.md).
    std::vector<double> etas;
    for (std::size_t i = 0; i < batches.size(); ++i) {
        const std::size_t b = batches[i];
        const bool again = std::find(batches.begin(), batches.begin() + static_cast<std::ptrdiff_t>(i), b) !=
                           batches.begin() + static_cast<std::ptrdiff_t>(i);
        etas.push_back(o.given.count("--lr") ? o.eta : b == 1 ? 0.01 : again ? 0.01 * static_cast<double>(b) : 0.1);
    }
    if (o.given.count("--lrs")) {
        if (o.given.count("--lr")) throw UsageError("--lr and --lrs: give one or the other, not both");
        etas = o.lrs;
        if (etas.size() != batches.size())
            throw UsageError("--lrs: expected " + std::to_string(batches.size()) +
                             " learning rates (one per batch size in --batches), found " + std::to_string(etas.size()));
    }
    const GridSetup g = grid_setup(o, *std::max_element(batches.begin(), batches.end()), "--batches");
    const std::vector<RunConfig> grid = compare_grid(g.base, o.activations, batches, etas);
    std::printf("compare: %zu runs of a %s network (softmax output, cross-entropy loss), %zu epoch%s each, seed %llu%s\n",
                grid.size(), sizes_text(g.base.layers).c_str(), g.base.epochs, g.base.epochs == 1 ? "" : "s",
                static_cast<unsigned long long>(g.base.seed),
                o.seeds > 1 ? (" to " + std::to_string(g.base.seed + o.seeds - 1)).c_str() : "");
    std::printf("learning rates:");
    for (std::size_t i = 0; i < batches.size(); ++i)
        std::printf("%s %s lr %g", i ? "," : "",
                    batches[i] == 1 ? "online (batch 1)" : ("mini-batch (batch " + std::to_string(batches[i]) + ")").c_str(),
                    etas[i]);
    std::printf("\ninit:    he for relu, xavier for sigmoid (output layer xavier); %s figures %s\n",
                g.data.validation.size() ? "validation" : "test", g.base.eval_every ? ("every " + std::to_string(g.base.eval_every) + " samples and per epoch").c_str()
                                  : "per epoch");
    print_data_line(o, g.data, g.info, g.threads);
    print_expected_time(grid, o.seeds, g.data);
    return run_grid(grid, o.seeds, g.data, g.info, o.out_dir, g.info.name + " compare", !o.no_plots);
}

int sweep_command(const Options& o) {
    // Batch 128 and lr 0.1 by default, as source 02 (sweep's option table).
    const GridSetup g = grid_setup(o, o.batch_size, "--batch");
    const RunConfig& base = g.base;
    std::string sizes;
    for (std::size_t h : o.hidden_sizes) sizes += (sizes.empty() ? "" : ",") + std::to_string(h);
    std::printf("sweep:   %zu runs, %zu-H-%zu with H in %s, %s hidden, batch %zu, lr %g, %zu epoch%s, seed %llu%s\n",
                o.hidden_sizes.size(), base.layers.front(), base.layers.back(), sizes.c_str(), name(base.activation), base.batch_size,
                base.eta, base.epochs, base.epochs == 1 ? "" : "s", static_cast<unsigned long long>(base.seed),
                o.seeds > 1 ? (" to " + std::to_string(base.seed + o.seeds - 1)).c_str() : "");
    print_data_line(o, g.data, g.info, g.threads);
    const std::vector<RunConfig> grid = sweep_grid(base, o.hidden_sizes);
    print_expected_time(grid, o.seeds, g.data);
    return run_grid(grid, o.seeds, g.data, g.info, o.out_dir, g.info.name + " hidden-size sweep", !o.no_plots);
}

}  // namespace nn
