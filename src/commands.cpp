// The sub-commands of ./mnist (compare, sweep, evaluate, predict) and the helpers cli.cpp shares
// with them. Part of the program, like cli.cpp: these print and choose exit codes. docs/experiments.md.
#include "commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "classes.hpp"
#include "confusion.hpp"
#include "experiments.hpp"
#include "metrics.hpp"
#include "model_file.hpp"
#include "parallel.hpp"
#include "pgm.hpp"
#include "pictures.hpp"
#include "progress.hpp"

namespace nn {

int use_threads(const Options& o) {
    const int threads = o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    set_thread_count(threads);
    return threads;
}

Mnist load_data(const Options& o, const std::string& batch_option) {
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
    if (!o.layers.empty()) {  // empty for evaluate: the model file's sizes are checked by the caller
        if (o.layers.front() != data.train.X.cols())
            throw UsageError("--layers: expected the first size to be " + std::to_string(data.train.X.cols()) +
                             " (the pixels of one image), found " + std::to_string(o.layers.front()));
        if (o.layers.back() != 10)
            throw UsageError("--layers: expected the last size to be 10 (the classes), found " +
                             std::to_string(o.layers.back()));
    }
    if (o.batch_size > data.train.size())
        throw UsageError(batch_option + ": expected at most " + std::to_string(data.train.size()) +
                         " (the training images), found " + std::to_string(o.batch_size));
    return data;
}

ProgressBar::ProgressBar() : enabled_(isatty(STDOUT_FILENO) == 1) {}

void ProgressBar::start() { start_ = last_ = std::chrono::steady_clock::now(); }

void ProgressBar::update(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    std::fputs(progress_line(done, total, std::chrono::duration<double>(now - start_).count()).c_str(), stdout);
    std::fflush(stdout);
    shown_ = true;
}

void ProgressBar::clear() {
    if (!shown_) return;
    std::fputs(progress_clear().c_str(), stdout);
    shown_ = false;
}

namespace {

// A sub-command's own options (taken out of argv) and the rest, parsed as ./mnist's options.
struct Split {
    std::map<std::string, std::string> own;
    std::vector<std::string> positional;
    std::set<std::string> given;  // names of the common options present, e.g. "--epochs"
    Options common;
};

// own_flags take no value; own_values take one. Positional arguments are kept when allowed.
Split split_options(int argc, const char* const* argv, const std::set<std::string>& own_values,
                    const std::set<std::string>& own_flags, bool positional_allowed) {
    Split s;
    std::vector<std::string> rest_storage{"mnist"};
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i], name = arg, value;
        const std::size_t eq = arg.find('=');
        const bool has_value = arg.rfind("--", 0) == 0 && eq != std::string::npos;
        if (has_value) name = arg.substr(0, eq), value = arg.substr(eq + 1);
        if (own_flags.count(name)) {
            if (has_value) throw UsageError(name + ": expected no value, found '" + value + "'");
            s.own[name] = "";
        } else if (own_values.count(name)) {
            if (!has_value) {
                if (i + 1 >= argc) throw UsageError(name + ": expected a value, found the end of the command");
                value = argv[++i];
            }
            s.own[name] = value;
        } else if (positional_allowed && arg.rfind("-", 0) != 0) {
            s.positional.push_back(arg);
        } else {
            if (arg.rfind("--", 0) == 0) s.given.insert(name);
            rest_storage.push_back(arg);
            // Every option of ./mnist but --help takes a value: keep it with its option, so that
            // "--load FILE" is not taken for a positional argument.
            if (arg.rfind("--", 0) == 0 && !has_value && name != "--help" && i + 1 < argc) rest_storage.push_back(argv[++i]);
        }
    }
    std::vector<const char*> rest;
    for (const std::string& r : rest_storage) rest.push_back(r.c_str());
    s.common = parse_options(static_cast<int>(rest.size()), rest.data());
    return s;
}

void refuse(const Split& s, const std::string& command, const std::vector<std::pair<std::string, std::string>>& bad) {
    for (const auto& b : bad)
        if (s.given.count(b.first)) throw UsageError(command + ": " + b.first + " is not used here" + b.second);
}

std::vector<std::string> split_list(const std::string& option, const std::string& text, const std::string& expected) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');) parts.push_back(part);
    if (parts.empty() || text.back() == ',')
        throw UsageError(option + ": expected " + expected + ", found '" + text + "'");
    return parts;
}

std::vector<std::size_t> count_list(const std::string& option, const std::string& text, std::size_t max) {
    std::vector<std::size_t> v;
    for (const std::string& p : split_list(option, text, "comma-separated whole numbers such as 1,64"))
        v.push_back(parse_count(option, p, 1, max));
    return v;
}

std::string mode_name(const RunConfig& c) {
    return c.batch_size == 1 ? "online (batch 1)" : "mini-batch (batch " + std::to_string(c.batch_size) + ")";
}

// "784-300-10".
std::string sizes_text(const std::vector<std::size_t>& layers) {
    std::string d;
    for (std::size_t n : layers) d += (d.empty() ? "" : "-") + std::to_string(n);
    return d;
}

std::string hidden_of(const std::vector<std::size_t>& layers) {
    std::string h;
    for (std::size_t i = 1; i + 1 < layers.size(); ++i) h += (h.empty() ? "" : "-") + std::to_string(layers[i]);
    return h;
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
                    name(r.config.activation), hidden_of(r.config.layers).c_str(), r.config.batch_size, r.config.eta,
                    e.epoch, r.training_seconds, 100 * e.test.accuracy, e.test.loss, 100 * e.train.accuracy,
                    e.train.loss);
    }
    std::printf("Time: training only (evaluations excluded); accuracies and losses after the last epoch.\n");
}

void print_written(const std::vector<std::string>& paths, const std::string& dir) {
    std::printf("wrote %zu files to %s:", paths.size(), dir.c_str());
    for (const std::string& p : paths) std::printf(" %s", std::filesystem::path(p).filename().string().c_str());
    std::printf("\n");
}

// Runs every config on the data, printing per-interval and per-epoch lines, then the table; writes
// the CSVs, curves, models and pictures of each run to out_dir.
int run_grid(const std::vector<RunConfig>& grid, const Mnist& data, const DataSetInfo& info,
             const std::string& out_dir, const std::string& title, bool pictures) {
    std::filesystem::create_directories(out_dir);
    std::vector<RunResult> results;
    ProgressBar bar;
    std::vector<std::string> written;
    for (std::size_t i = 0; i < grid.size(); ++i) {
        const RunConfig& c = grid[i];
        std::printf("\nrun %zu/%zu: %s: %s hidden, %s, lr %g, %zu epoch%s, seed %llu\n", i + 1, grid.size(),
                    c.label.c_str(), name(c.activation), mode_name(c).c_str(), c.eta, c.epochs,
                    c.epochs == 1 ? "" : "s", static_cast<unsigned long long>(c.seed));
        std::fflush(stdout);
        RunHooks hooks;
        hooks.after_batch = [&](std::size_t, std::size_t samples) {
            if (samples <= c.batch_size) bar.start();
            bar.update(samples, data.train.size());
            return true;
        };
        hooks.on_interval = [&](const IntervalRow& r) {
            bar.clear();
            std::printf("  %8zu samples (epoch %5.2f): test loss %.4f, test accuracy %6.2f %%\n", r.samples, r.epoch,
                        r.test.loss, 100 * r.test.accuracy);
            std::fflush(stdout);
        };
        hooks.on_epoch = [&](const EpochRow& e) {
            bar.clear();
            std::printf("  epoch %zu: %.1f s training; train loss %.4f, accuracy %.2f %%; test loss %.4f, accuracy %.2f %%\n",
                        e.epoch, e.seconds, e.train.loss, 100 * e.train.accuracy, e.test.loss, 100 * e.test.accuracy);
            std::fflush(stdout);
        };
        Network<float> net({1, 1}, Activation::ReLU, Loss::CrossEntropy);
        results.push_back(run_experiment(c, data, net, hooks));
        const std::string model = (std::filesystem::path(out_dir) / (c.label + ".model")).string();
        save_model(model, net);
        written.push_back(model);
        if (pictures) {
            const std::vector<std::string> p = write_run_pictures(net, data.test, info, out_dir, c.label + "-");
            written.insert(written.end(), p.begin(), p.end());
        }
        // The figures so far, after every run: a long grid interrupted still leaves its results.
        write_run_csvs(results, out_dir);
    }
    const std::vector<std::string> csvs = write_run_csvs(results, out_dir);
    const std::vector<std::string> curves = write_curves(results, out_dir, title);
    written.insert(written.end(), csvs.begin(), csvs.end());
    written.insert(written.end(), curves.begin(), curves.end());
    std::printf("\n");
    print_table(results);
    std::printf("\n");
    print_written(written, out_dir);
    return 0;
}

void print_data_line(const Options& o, const Mnist& data, const DataSetInfo& info, int threads) {
    std::printf("data:    %s, %s (%zu training, %zu test images); %d thread%s\n", o.data_dir.c_str(), info.name.c_str(),
                data.train.size(), data.test.size(), threads, threads == 1 ? "" : "s");
}

const char* const kCompareHelp = R"(usage: mnist compare [options]

The two classic assignments in one command: trains the grid {sigmoid, relu} x {online SGD (batch 1),
mini-batch SGD (batch 64)} with the same seed, epochs, data and network, and prints one table in
the shape of source 02's Keras comparison. Test accuracy is also logged every --eval-every samples,
so online and mini-batch can be compared per sample seen as well as per epoch.

options (defaults in brackets):
  --activations LIST     hidden activations to compare [sigmoid,relu]
  --batches LIST         batch sizes to compare; 1 = online SGD [1,64]
  --lrs LIST             learning rate of each batch size, in the same order
                         [0.01 for batch 1 (source 04), 0.1 otherwise (source 01)]
  --lr X                 one learning rate for every run instead
  --epochs N             epochs of every run [5; one online epoch of 784-300-10 took 5 to 16 s
                         on the 2-core development machine, depending on its load]
  --hidden N             hidden units (--layers for several hidden layers) [300]
  --eval-every N         test figures every N training samples, 0 = per epoch only [10000]
  --out DIR              where the CSVs, SVG charts, models and pictures go [results/compare]
  --no-plots             skip the per-run pictures (curves and CSVs are still written)
  --data DIR, --seed N, --threads N, --train-limit N, --test-limit N   as for ./mnist [data, 1, all, all, all]

Writes to DIR: <run>.csv (per epoch, as --csv), <run>-intervals.csv, summary.csv, <run>.model,
accuracy-vs-epoch.svg, loss-vs-epoch.svg, accuracy-vs-samples.svg, loss-vs-samples.svg and per run
<run>-confusion.{txt,svg}, <run>-mistakes.{svg,pgm}, <run>-weights.{svg,pgm}.
)";

const char* const kSweepHelp = R"(usage: mnist sweep [options]

Source 02's hidden-size table: one run per hidden size with otherwise equal settings, one table.

options (defaults in brackets):
  --hidden LIST          hidden sizes [30,128,256,300]
  --batch N              examples per step [128, as source 02]
  --lr X                 learning rate [0.1, as source 02]
  --epochs N             epochs of every run [20, as source 02]
  --activation NAME      relu or sigmoid [relu]
  --eval-every N         test figures every N training samples, 0 = per epoch only [0]
  --out DIR              where the CSVs, SVG charts, models and pictures go [results/sweep]
  --no-plots             skip the per-run pictures (curves and CSVs are still written)
  --data DIR, --seed N, --threads N, --train-limit N, --test-limit N   as for ./mnist
)";

const char* const kEvaluateHelp = R"(usage: mnist evaluate --load FILE [--data DIR] [--test-limit N] [--plots DIR] [--threads N]

Test loss, accuracy and confusion matrix of a network saved with --save; with --plots, also the
confusion heat map, the misclassified test images and the first-layer weights as SVG and PGM.
)";

const char* const kPredictHelp = R"(usage: mnist predict --load FILE IMAGE.pgm [--invert] [--data DIR]

Classifies one 28 x 28 greyscale PGM image (P2 or P5, any maxval) with a saved network and prints
the ten class probabilities. MNIST digits are light on dark (0 = background): --invert for a dark
digit on a light background. --data DIR only picks the class names (e.g. data/fashion).
)";

// What compare and sweep share: the common settings of every run, the output directory, the
// threads and the data (checked against the largest batch size of the grid).
struct GridSetup {
    RunConfig base;
    std::string out;
    int threads = 1;
    Mnist data;
    DataSetInfo info;
};

GridSetup grid_setup(const Split& s, RunConfig base, std::size_t default_epochs, std::size_t default_eval_every,
                     const std::string& default_out, std::size_t largest_batch, const std::string& batch_option) {
    GridSetup g;
    base.epochs = s.given.count("--epochs") ? s.common.epochs : default_epochs;
    base.seed = s.common.seed;
    base.eval_every = s.own.count("--eval-every") ? parse_count("--eval-every", s.own.at("--eval-every"), 0)
                                                  : default_eval_every;
    g.base = base;
    g.out = s.own.count("--out") ? s.own.at("--out") : default_out;
    if (g.out.empty()) throw UsageError("--out: expected a directory, found ''");
    g.threads = use_threads(s.common);
    Options checked = s.common;
    checked.batch_size = largest_batch;
    g.data = load_data(checked, batch_option);
    g.info = identify_data_set(s.common.data_dir);
    return g;
}

int compare_command(int argc, const char* const* argv) {
    const Split s = split_options(argc, argv, {"--activations", "--batches", "--lrs", "--eval-every", "--out"},
                                  {"--no-plots"}, false);
    if (s.common.help) return std::fputs(kCompareHelp, stdout), 0;
    refuse(s, "compare", {{"--activation", "; use --activations"}, {"--batch", "; use --batches"},
                          {"--csv", "; every run's CSV goes to --out"}, {"--save", "; models go to --out"},
                          {"--load", ""}, {"--plots", "; pictures go to --out"}, {"--init", ""}});
    std::vector<Activation> activations{Activation::Sigmoid, Activation::ReLU};
    if (s.own.count("--activations")) {
        activations.clear();
        for (const std::string& a : split_list("--activations", s.own.at("--activations"), "relu and/or sigmoid"))
            if (a == "relu") activations.push_back(Activation::ReLU);
            else if (a == "sigmoid") activations.push_back(Activation::Sigmoid);
            else throw UsageError("--activations: expected relu or sigmoid, found '" + a + "'");
    }
    const std::vector<std::size_t> batches =
        s.own.count("--batches") ? count_list("--batches", s.own.at("--batches"), 1u << 30) : std::vector<std::size_t>{1, 64};
    std::vector<double> etas;
    for (std::size_t b : batches) etas.push_back(s.given.count("--lr") ? s.common.eta : b == 1 ? 0.01 : 0.1);
    if (s.own.count("--lrs")) {
        if (s.given.count("--lr")) throw UsageError("--lr and --lrs: give one or the other, not both");
        etas.clear();
        for (const std::string& x : split_list("--lrs", s.own.at("--lrs"), "comma-separated learning rates"))
            etas.push_back(parse_positive("--lrs", x));
        if (etas.size() != batches.size())
            throw UsageError("--lrs: expected " + std::to_string(batches.size()) + " learning rates (one per batch size in --batches), found " +
                             std::to_string(etas.size()));
    }
    RunConfig layers_only;
    layers_only.layers = s.common.layers;
    const GridSetup g = grid_setup(s, layers_only, 5, 10000, "results/compare",
                                   *std::max_element(batches.begin(), batches.end()), "--batches");
    const std::vector<RunConfig> grid = compare_grid(g.base, activations, batches, etas);
    std::printf("compare: %zu runs of a %s network (softmax output, cross-entropy loss), %zu epoch%s each, seed %llu\n",
                grid.size(), sizes_text(g.base.layers).c_str(), g.base.epochs, g.base.epochs == 1 ? "" : "s",
                static_cast<unsigned long long>(g.base.seed));
    std::printf("learning rates:");
    for (std::size_t i = 0; i < batches.size(); ++i)
        std::printf("%s %s lr %g", i ? "," : "", batches[i] == 1 ? "online (batch 1)" : ("mini-batch (batch " + std::to_string(batches[i]) + ")").c_str(), etas[i]);
    std::printf("\ninit:    he for relu, xavier for sigmoid (output layer xavier); test figures %s\n",
                g.base.eval_every ? ("every " + std::to_string(g.base.eval_every) + " samples and per epoch").c_str()
                                  : "per epoch");
    print_data_line(s.common, g.data, g.info, g.threads);
    return run_grid(grid, g.data, g.info, g.out, g.info.name + " compare", !s.own.count("--no-plots"));
}

int sweep_command(int argc, const char* const* argv) {
    const Split s = split_options(argc, argv, {"--hidden", "--eval-every", "--out"}, {"--no-plots"}, false);
    if (s.common.help) return std::fputs(kSweepHelp, stdout), 0;
    refuse(s, "sweep", {{"--layers", "; use --hidden LIST"}, {"--csv", "; every run's CSV goes to --out"},
                        {"--save", "; models go to --out"}, {"--load", ""}, {"--plots", "; pictures go to --out"},
                        {"--init", ""}});
    const std::vector<std::size_t> hidden =
        s.own.count("--hidden") ? count_list("--hidden", s.own.at("--hidden"), 1u << 20) : std::vector<std::size_t>{30, 128, 256, 300};
    RunConfig common;
    common.activation = s.common.activation;
    common.batch_size = s.given.count("--batch") ? s.common.batch_size : 128;
    common.eta = s.common.eta;  // 0.1 by default, as source 02
    const GridSetup g = grid_setup(s, common, 20, 0, "results/sweep", common.batch_size, "--batch");
    const RunConfig& base = g.base;
    std::printf("sweep:   %zu runs, 784-H-10 with H in %s, %s hidden, batch %zu, lr %g, %zu epoch%s, seed %llu\n",
                hidden.size(), s.own.count("--hidden") ? s.own.at("--hidden").c_str() : "30,128,256,300",
                name(base.activation), base.batch_size, base.eta, base.epochs, base.epochs == 1 ? "" : "s",
                static_cast<unsigned long long>(base.seed));
    print_data_line(s.common, g.data, g.info, g.threads);
    return run_grid(sweep_grid(base, hidden), g.data, g.info, g.out, g.info.name + " hidden-size sweep",
                    !s.own.count("--no-plots"));
}

int evaluate_command(int argc, const char* const* argv) {
    const Split s = split_options(argc, argv, {}, {}, false);
    if (s.common.help) return std::fputs(kEvaluateHelp, stdout), 0;
    if (s.common.load_path.empty()) throw UsageError("evaluate: expected --load FILE, found none");
    const int threads = use_threads(s.common);
    Network<float> net = load_model(s.common.load_path);
    Options checked = s.common;
    checked.layers.clear();  // the model file's sizes are checked below, with its name and offsets
    checked.batch_size = 1;
    Mnist data = load_data(checked);
    require_model_shape(net, s.common.load_path, data.test.X.cols(), "the pixels of one image", 10);
    const DataSetInfo info = identify_data_set(s.common.data_dir);
    std::printf("network: %s (%s, %s hidden)\n", s.common.load_path.c_str(), net.describe().c_str(), name(net.hidden));
    print_data_line(s.common, data, info, threads);
    const Evaluation test = evaluate(net, data.test);
    std::printf("test:    loss %.4f, accuracy %.2f %% (%zu of %zu)\n\n", test.loss, 100 * test.accuracy, test.correct,
                test.count);
    std::string confusion = confusion_text(confusion_matrix(net, data.test), info.classes);
    if (!s.common.plots_dir.empty()) {
        const std::vector<std::string> written = write_run_pictures(net, data.test, info, s.common.plots_dir, "", &confusion);
        std::fputs(confusion.c_str(), stdout);
        print_written(written, s.common.plots_dir);
    } else {
        std::fputs(confusion.c_str(), stdout);
    }
    return 0;
}

int predict_command(int argc, const char* const* argv) {
    const Split s = split_options(argc, argv, {}, {"--invert"}, true);
    if (s.common.help) return std::fputs(kPredictHelp, stdout), 0;
    if (s.common.load_path.empty()) throw UsageError("predict: expected --load FILE, found none");
    if (s.positional.size() != 1)
        throw UsageError("predict: expected one image file (PGM), found " + std::to_string(s.positional.size()));
    GreyImage image = read_pgm(s.positional[0]);
    if (image.width != 28 || image.height != 28)
        throw std::runtime_error(s.positional[0] + ": expected a 28 x 28 image (as MNIST), found " +
                                 std::to_string(image.width) + " x " + std::to_string(image.height) +
                                 "; resize it first, e.g. with ImageMagick: convert IN -resize 28x28! OUT.pgm");
    Network<float> net = load_model(s.common.load_path);
    require_model_shape(net, s.common.load_path, 784, "28 x 28 pixels", 10);
    set_thread_count(1);
    Matrix<float> X(1, 784);
    for (std::size_t k = 0; k < 784; ++k) {
        const unsigned v = s.own.count("--invert") ? 255u - image.pixels[k] : image.pixels[k];
        X[k] = static_cast<float>(v) / 255.0f;  // as the data loader: pixel / 255 in [0, 1]
    }
    const Matrix<float>& p = net.forward(X);
    const DataSetInfo info = identify_data_set(s.common.data_dir);
    std::printf("network: %s (%s, %s hidden)\nimage:   %s (28 x 28%s)\n\nclass         probability\n",
                s.common.load_path.c_str(), net.describe().c_str(), name(net.hidden), s.positional[0].c_str(),
                s.own.count("--invert") ? ", inverted" : "");
    const int best = argmax_rows(p)[0];
    for (std::size_t k = 0; k < 10; ++k)
        std::printf("%-12s  %.6f%s\n", info.classes[k].c_str(), static_cast<double>(p(0, k)), static_cast<int>(k) == best ? "  <- prediction" : "");
    std::printf("\nprediction: %s (probability %.4f)\n", info.classes[best].c_str(), static_cast<double>(p(0, best)));
    return 0;
}

}  // namespace

bool is_command(const char* arg) {
    for (const char* c : {"compare", "sweep", "evaluate", "predict"})
        if (std::strcmp(arg, c) == 0) return true;
    return false;
}

int run_command(int argc, const char* const* argv) {
    const std::string command = argv[1];
    if (command == "compare") return compare_command(argc, argv);
    if (command == "sweep") return sweep_command(argc, argv);
    if (command == "evaluate") return evaluate_command(argc, argv);
    return predict_command(argc, argv);
}

}  // namespace nn
