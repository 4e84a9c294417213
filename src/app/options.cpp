// The option tables of ./mnist and its sub-commands, the parser they drive and the --help they print.
// Strict: "12abc", "-3", "0" for a size and unknown names are all errors naming the option.
#include "app/options.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace nn {
namespace {

[[noreturn]] void bad(const std::string& option, const std::string& expected, const std::string& found) {
    throw UsageError(option + ": expected " + expected + ", found '" + found + "'");
}

std::vector<std::string> split_list(const std::string& option, const std::string& text, const std::string& expected) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');) parts.push_back(part);
    if (parts.empty() || text.back() == ',') bad(option, expected, text);
    return parts;
}

std::vector<std::size_t> count_list(const std::string& option, const std::string& text, std::uint64_t max,
                                    const std::string& expected) {
    std::vector<std::size_t> v;
    for (const std::string& p : split_list(option, text, expected)) v.push_back(parse_count(option, p, 1, max));
    return v;
}

Activation parse_activation(const std::string& option, const std::string& value) {
    if (value == "relu") return Activation::ReLU;
    if (value == "sigmoid") return Activation::Sigmoid;
    bad(option, "relu or sigmoid", value);
}

std::string non_empty(const std::string& option, const std::string& value, const char* what) {
    if (value.empty()) bad(option, what, value);
    return value;
}

// The options, each written once; commands take them as they are or with another help or default.
OptionSpec data_option() {
    return {"--data", "DIR", "directory with the four MNIST IDX files", "data", "",
            [](Options& o, const std::string& v) { o.data_dir = non_empty("--data", v, "a directory"); }};
}
OptionSpec hidden_option() {
    return {"--hidden", "N", "one hidden layer of N units: pixels-N-classes, 784-N-10 for MNIST", "", "300", [](Options& o, const std::string& v) {
                o.layers = {784, parse_count("--hidden", v, 1, 1u << 20), 10};
            }};
}
OptionSpec layers_option() {
    return {"--layers", "A,B,...,Z", "any layer sizes, e.g. 784,128,64,10", "", "",
            [](Options& o, const std::string& v) {
                const std::string expected = "comma-separated layer sizes >= 1 such as 784,300,10";
                o.layers.clear();
                for (const std::string& p : split_list("--layers", v, expected)) {
                    if (p.empty() || p.find_first_not_of("0123456789") != std::string::npos) bad("--layers", expected, v);
                    o.layers.push_back(parse_count("--layers", p, 1, 1u << 20));
                }
                if (o.layers.size() < 2) bad("--layers", expected, v);
            }};
}
OptionSpec activation_option() {
    return {"--activation", "NAME", "hidden activation: relu or sigmoid", "relu", "",
            [](Options& o, const std::string& v) { o.activation = parse_activation("--activation", v); }};
}
OptionSpec loss_option() {
    return {"--loss", "NAME",
            "cross-entropy (softmax output), mse (sigmoid output) or perceptron (ReLU\n"
            "output, the perceptron criterion of source 05)", "cross-entropy", "",
            [](Options& o, const std::string& v) {
                if (v == "cross-entropy") o.loss = Loss::CrossEntropy;
                else if (v == "mse") o.loss = Loss::SquaredError;
                else if (v == "perceptron") o.loss = Loss::Perceptron;
                else bad("--loss", "cross-entropy, mse or perceptron", v);
            }};
}
Init parse_init(const std::string& option, const std::string& value) {
    if (value == "he") return Init::He;
    if (value == "xavier") return Init::Xavier;
    if (value == "normal") return Init::Normal;
    if (value == "uniform") return Init::Uniform;
    bad(option, "he, xavier, normal or uniform", value);
}
OptionSpec init_option() {
    return {"--init", "RULE[,RULE...]",
            "weights: he, xavier, normal (N(0,S^2)) or uniform (U(-S,S)); one rule for the\n"
            "hidden layers (the output keeps xavier) or one per layer, e.g. he,normal",
            "", "he for relu, xavier for sigmoid", [](Options& o, const std::string& v) {
                o.init_rules.clear();
                for (const std::string& r : split_list("--init", v, "he, xavier, normal or uniform, comma-separated"))
                    o.init_rules.push_back(parse_init("--init", r));
                o.init = o.init_rules.front();
                o.init_given = true;
            }};
}
OptionSpec init_scale_option() {
    return {"--init-scale", "S[,S...]",
            "normal: the std S; uniform: the half-width S; he, xavier: a gain on their std;\n"
            "one value, or one per layer", "", "1", [](Options& o, const std::string& v) {
                o.init_scales.clear();
                for (const std::string& x : split_list("--init-scale", v, "positive numbers, comma-separated"))
                    o.init_scales.push_back(parse_positive("--init-scale", x));
            }};
}
OptionSpec init_bias_option() {
    return {"--init-bias", "NAME", "biases: zero, or weights (drawn like the layer's weights, sources 03, 05)",
            "zero", "", [](Options& o, const std::string& v) {
                if (v == "zero") o.bias_init = BiasInit::Zero;
                else if (v == "weights") o.bias_init = BiasInit::LikeWeights;
                else bad("--init-bias", "zero or weights", v);
            }};
}
OptionSpec pixels_option() {
    return {"--pixels", "NAME", "unit (pixel / 255, in [0, 1]) or raw (0..255, as source 03)", "unit", "",
            [](Options& o, const std::string& v) {
                if (v == "unit") o.pixels = Pixels::Unit;
                else if (v == "raw") o.pixels = Pixels::Raw;
                else bad("--pixels", "unit or raw", v);
            }};
}
OptionSpec no_shuffle_option() {
    return {"--no-shuffle", "", "every epoch in file order, as sources 01 and 05 (default: reshuffled)", "", "",
            [](Options& o, const std::string&) { o.no_shuffle = true; }};
}
OptionSpec drop_remainder_option() {
    return {"--drop-remainder", "", "skip the last, smaller batch of each epoch (source 03)", "", "",
            [](Options& o, const std::string&) { o.drop_remainder = true; }};
}
OptionSpec perceptron_rule_option() {
    return {"--perceptron-rule", "NAME",
            "with --loss perceptron: subgradient (the true one) or source (source 05's\n"
            "rule, which drops the output ReLU's derivative)",
            "subgradient", "", [](Options& o, const std::string& v) {
                if (v == "subgradient") o.perceptron_rule = PerceptronRule::Subgradient;
                else if (v == "source") o.perceptron_rule = PerceptronRule::Source;
                else bad("--perceptron-rule", "subgradient or source", v);
            }};
}
OptionSpec batch_option() {
    return {"--batch", "N", "examples per SGD step; 1 = online SGD", "64", "",
            [](Options& o, const std::string& v) { o.batch_size = parse_count("--batch", v, 1); }};
}
OptionSpec lr_option() {
    return {"--lr", "X", "learning rate eta", "0.1", "",
            [](Options& o, const std::string& v) { o.eta = parse_positive("--lr", v); }};
}
OptionSpec epochs_option() {
    return {"--epochs", "N", "passes over the training set", "20", "",
            [](Options& o, const std::string& v) { o.epochs = parse_count("--epochs", v, 1, 1000000); }};
}
OptionSpec seed_option() {
    return {"--seed", "N", "seed of the weights and the shuffling", "1", "",
            [](Options& o, const std::string& v) { o.seed = parse_count("--seed", v, 0); }};
}
OptionSpec threads_option() {
    return {"--threads", "N", "threads for the matrix products; results do not depend on it", "", "one per core",
            [](Options& o, const std::string& v) { o.threads = static_cast<int>(parse_count("--threads", v, 1, 256)); }};
}
OptionSpec train_limit_option() {
    return {"--train-limit", "N", "train on the first N training images only", "", "all",
            [](Options& o, const std::string& v) { o.train_limit = parse_count("--train-limit", v, 1); }};
}
OptionSpec test_limit_option() {
    return {"--test-limit", "N", "test on the first N test images only", "", "all",
            [](Options& o, const std::string& v) { o.test_limit = parse_count("--test-limit", v, 1); }};
}
OptionSpec validation_option() {
    return {"--validation", "N",
            "hold out N training images and watch the epochs on them; the test set is then\n"
            "evaluated once, at the end (the same N images for every run and seed)",
            "0", "0: none", [](Options& o, const std::string& v) { o.validation = parse_count("--validation", v, 0); }};
}
OptionSpec seeds_option() {
    return {"--seeds", "N",
            "run every configuration with N seeds (--seed, --seed + 1, ...: weights and order);\n"
            "tables give mean \u00b1 sd and 95 % intervals, pairs.csv McNemar's test", "1", "",
            [](Options& o, const std::string& v) { o.seeds = parse_count("--seeds", v, 1, 1000); }};
}
OptionSpec csv_option() {
    return {"--csv", "FILE", "also write the per-epoch figures to FILE", "", "",
            [](Options& o, const std::string& v) { o.csv_path = non_empty("--csv", v, "a file name"); }};
}
OptionSpec eval_every_option() {
    return {"--eval-every", "N",
            "also test every N training samples and at each epoch's end (printed; with\n"
            "--csv, written to FILE-intervals.csv: samples,epoch,seconds,test_loss,test_accuracy)",
            "0", "", [](Options& o, const std::string& v) { o.eval_every = parse_count("--eval-every", v, 0); }};
}
OptionSpec save_option() {
    return {"--save", "FILE", "save the trained network to FILE (format: docs/model-format.md)", "", "",
            [](Options& o, const std::string& v) { o.save_path = non_empty("--save", v, "a file name"); }};
}
OptionSpec load_option() {
    return {"--load", "FILE", "start from the network saved in FILE instead of random weights", "", "",
            [](Options& o, const std::string& v) { o.load_path = non_empty("--load", v, "a file name"); }};
}
OptionSpec plots_option() {
    return {"--plots", "DIR", "write learning curves, confusion matrix, mistakes and weights to DIR", "", "",
            [](Options& o, const std::string& v) { o.plots_dir = non_empty("--plots", v, "a directory"); }};
}
// Past plain SGD (docs/15-momentum.md to docs/20-early-stopping.md): the same entries in the tables
// of ./mnist, compare and sweep, so that runs can be compared with them.
std::vector<OptionSpec> training_options() {
    return {
        {"--optimizer", "NAME", "sgd, momentum, nesterov or adam (docs/15-momentum.md, docs/16-adam.md)", "sgd", "",
         [](Options& o, const std::string& v) {
             if (v == "sgd") o.optimizer.method = Method::SGD;
             else if (v == "momentum") o.optimizer.method = Method::Momentum;
             else if (v == "nesterov") o.optimizer.method = Method::Nesterov;
             else if (v == "adam") o.optimizer.method = Method::Adam;
             else bad("--optimizer", "sgd, momentum, nesterov or adam", v);
         }},
        {"--momentum", "MU", "momentum and nesterov: velocity decay, 0 <= MU < 1", "0.9", "",
         [](Options& o, const std::string& v) { o.optimizer.momentum = parse_fraction("--momentum", v); }},
        {"--beta1", "B", "adam: decay of the mean gradient, 0 <= B < 1", "0.9", "",
         [](Options& o, const std::string& v) { o.optimizer.beta1 = parse_fraction("--beta1", v); }},
        {"--beta2", "B", "adam: decay of the mean squared gradient, 0 <= B < 1", "0.999", "",
         [](Options& o, const std::string& v) { o.optimizer.beta2 = parse_fraction("--beta2", v); }},
        {"--epsilon", "E", "adam: added to the root mean square", "1e-8", "",
         [](Options& o, const std::string& v) { o.optimizer.epsilon = parse_positive("--epsilon", v); }},
        {"--weight-decay", "LAMBDA", "L2 penalty (LAMBDA/2) sum W^2 on the weights, not biases; 0 = none\n"
                                     "(the losses printed are without it; docs/17-weight-decay.md)",
         "0", "", [](Options& o, const std::string& v) {
             o.optimizer.weight_decay = parse_non_negative("--weight-decay", v);
         }},
        {"--dropout", "P", "drop each hidden unit with probability P in training, 0 <= P < 1\n"
                           "(inverted dropout; docs/18-dropout.md)",
         "0", "", [](Options& o, const std::string& v) { o.dropout = parse_fraction("--dropout", v); }},
        {"--schedule", "NAME", "learning rate per epoch: constant, step:EVERY:FACTOR or cosine\n"
                               "(docs/19-schedules.md)",
         "constant", "", [](Options& o, const std::string& v) { o.schedule = parse_schedule("--schedule", v); }},
        {"--early-stop", "PATIENCE", "stop when the validation loss has not improved for PATIENCE epochs\n"
                                     "and keep the best epoch's weights (needs --validation); 0 = off",
         "0", "", [](Options& o, const std::string& v) { o.early_stop = parse_count("--early-stop", v, 0); }},
    };
}

// Options that only mean something with another one, e.g. --momentum with --optimizer momentum.
void require_context(const Options& o) {
    if (o.early_stop && !o.validation)
        throw UsageError("--early-stop: expected a validation set (--validation N), found none");
    const Method m = o.optimizer.method;
    if (o.given.count("--momentum") && m != Method::Momentum && m != Method::Nesterov)
        throw UsageError("--momentum: expected --optimizer momentum or nesterov, found --optimizer " +
                         std::string(name(m)));
    for (const char* adam_only : {"--beta1", "--beta2", "--epsilon"})
        if (o.given.count(adam_only) && m != Method::Adam)
            throw UsageError(std::string(adam_only) + ": expected --optimizer adam, found --optimizer " + name(m));
}

OptionSpec out_option(const std::string& initial) {
    return {"--out", "DIR", "where the CSVs, SVG charts, models and pictures go", initial, "",
            [](Options& o, const std::string& v) { o.out_dir = non_empty("--out", v, "a directory"); }};
}
OptionSpec no_plots_option() {
    return {"--no-plots", "", "skip the per-run pictures (curves and CSVs are still written)", "", "",
            [](Options& o, const std::string&) { o.no_plots = true; }};
}
OptionSpec help_option() {
    return {"-h, --help", "", "this text", "", "", [](Options& o, const std::string&) { o.help = true; }};
}

// The same option with another help text and default.
OptionSpec with(OptionSpec spec, const std::string& help, const std::string& initial, const std::string& note = "") {
    spec.help = help;
    spec.initial = initial;
    spec.note = note;
    return spec;
}

const char* const kTrainIntro = R"(usage: mnist [options]

Trains a fully connected network on MNIST with backpropagation and SGD, printing time, loss and
accuracy after every epoch.
)";

const char* const kTrainOutro = R"(
commands (each has its own --help):
  ./mnist compare        sigmoid vs relu x online vs mini-batch, one table (the two assignments)
  ./mnist sweep          hidden-size sweep 30,128,256,300 as in source 02
  ./mnist evaluate --load FILE          test accuracy and confusion matrix of a saved network
  ./mnist predict --load FILE IMAGE.pgm the ten class probabilities of a 28 x 28 PGM image
  ./mnist export-web --load FILE        a page to draw digits on, answered live (net.model -> net.html)

A progress bar (samples/s, ETA) is shown during epochs when stdout is a terminal.

examples:
  ./mnist                                   the classic 784-300-10 ReLU/softmax network
  ./mnist --activation sigmoid --hidden 64 --batch 1 --lr 0.01 --epochs 1
                                            online SGD with a sigmoid hidden layer (source 04)
)";

// The table with the training_options inserted before its last entry (--help).
std::vector<OptionSpec> with_training_options(std::vector<OptionSpec> table) {
    const std::vector<OptionSpec> extra = training_options();
    table.insert(table.end() - 1, extra.begin(), extra.end());
    return table;
}

CommandSpec make_train() {
    return {"", kTrainIntro,
            with_training_options({data_option(), hidden_option(), layers_option(), activation_option(), loss_option(), init_option(),
             batch_option(), lr_option(), epochs_option(), seed_option(), threads_option(), train_limit_option(),
             test_limit_option(), validation_option(), csv_option(), eval_every_option(), save_option(), load_option(),
             plots_option(), init_scale_option(), init_bias_option(), pixels_option(), no_shuffle_option(),
             drop_remainder_option(), perceptron_rule_option(), help_option()}),
            kTrainOutro, false, {}};
}

CommandSpec make_compare() {
    return {"compare", R"(usage: mnist compare [options]

The two classic assignments in one command: trains the grid {sigmoid, relu} x {online SGD (batch 1,
lr 0.01), mini-batch SGD (batch 64, lr 0.1), mini-batch at online's step per sample (batch 64,
lr 0.64: eta/m = 0.01)} with the same seeds, epochs, data and network, and prints one table in the
shape of source 02's Keras comparison. With --seeds N every run is repeated with N seeds: mean, sd
and 95 % intervals, and McNemar's exact test between configurations on the same test images.
Figures are also logged every --eval-every samples, so the runs can be compared per sample seen
and per second of training as well as per epoch.
)",
            with_training_options({{"--activations", "LIST", "hidden activations to compare", "sigmoid,relu", "",
              [](Options& o, const std::string& v) {
                  o.activations.clear();
                  for (const std::string& a : split_list("--activations", v, "relu and/or sigmoid"))
                      o.activations.push_back(parse_activation("--activations", a));
              }},
             {"--batches", "LIST", "batch sizes to compare; 1 = online SGD; a size listed twice runs\n"
              "again at the step per sample of online SGD", "1,64,64", "",
              [](Options& o, const std::string& v) {
                  o.batches = count_list("--batches", v, 1u << 30, "comma-separated whole numbers such as 1,64");
              }},
             {"--lrs", "LIST", "learning rate of each batch size, in the same order", "",
              "0.01 for batch 1 (source 04), 0.1 for a batch (source 01), 0.01 m for a batch size listed again",
              [](Options& o, const std::string& v) {
                  o.lrs.clear();
                  for (const std::string& x : split_list("--lrs", v, "comma-separated learning rates"))
                      o.lrs.push_back(parse_positive("--lrs", x));
              }},
             with(lr_option(), "one learning rate for every run instead", ""),
             with(epochs_option(), "epochs of every run", "5"),
             with(hidden_option(), "hidden units (--layers for several hidden layers)", "", "300"), layers_option(),
             with(eval_every_option(), "test figures every N training samples, 0 = per epoch only", "10000"),
             out_option("results/compare"), no_plots_option(), data_option(), seed_option(), threads_option(),
             train_limit_option(), test_limit_option(), seeds_option(), with(validation_option(),
                  "hold out N training images to watch the runs on (the same images for every run\n"
                  "and seed); the test set is evaluated once, after the last epoch; 0 = watch the test set",
                  "10000", "10000, or a sixth of a smaller training set"),
             pixels_option(), no_shuffle_option(), drop_remainder_option(), help_option()}),
            R"(
Writes to DIR: <run>.csv (per epoch, as --csv; <run>-seed<S>.csv with --seeds), <run>-intervals.csv,
summary.csv, pairs.csv, <run>.model, accuracy-vs-epoch.svg, loss-vs-epoch.svg,
accuracy-vs-samples.svg, loss-vs-samples.svg, accuracy-vs-seconds.svg and per configuration
<run>-confusion.{txt,svg}, <run>-mistakes.{svg,pgm}, <run>-weights.{svg,pgm}.
)",
            false,
            {{"--activation", "; use --activations"}, {"--batch", "; use --batches"},
             {"--csv", "; every run's CSV goes to --out"}, {"--save", "; models go to --out"}, {"--load", ""},
             {"--plots", "; pictures go to --out"}, {"--init", ""}, {"--loss", ""}}};
}

CommandSpec make_sweep() {
    return {"sweep", R"(usage: mnist sweep [options]

Source 02's hidden-size table: one run per hidden size with otherwise equal settings, one table.
)",
            with_training_options({{"--hidden", "LIST", "hidden sizes", "30,128,256,300", "",
              [](Options& o, const std::string& v) {
                  o.hidden_sizes = count_list("--hidden", v, 1u << 20, "comma-separated whole numbers such as 30,128");
              }},
             with(batch_option(), "examples per step", "128"), with(lr_option(), "learning rate", "0.1"),
             with(epochs_option(), "epochs of every run", "20"), activation_option(),
             with(eval_every_option(), "test figures every N training samples, 0 = per epoch only", "0"),
             out_option("results/sweep"), no_plots_option(), data_option(), seed_option(), threads_option(),
             train_limit_option(), test_limit_option(), seeds_option(), with(validation_option(),
                  "hold out N training images to watch the runs on (the same images for every run\n"
                  "and seed); the test set is evaluated once, after the last epoch; 0 = watch the test set",
                  "10000", "10000, or a sixth of a smaller training set"),
             pixels_option(), no_shuffle_option(), drop_remainder_option(), help_option()}),
            "", false,
            {{"--layers", "; use --hidden LIST"}, {"--csv", "; every run's CSV goes to --out"},
             {"--save", "; models go to --out"}, {"--load", ""}, {"--plots", "; pictures go to --out"},
             {"--init", ""}, {"--loss", ""}}};
}

CommandSpec make_reproduce() {
    return {"reproduce", R"(usage: mnist reproduce SOURCE [options]      SOURCE: 01, 02, 03, 04, 05 or all

Runs a source tutorial's experiment with exactly its settings (network, activations, loss or update
rule, initialisation per layer, pixel scale, batch size and remainder, learning rate, epochs, file
order or shuffling, and when it measured), then prints one table: each figure the source printed,
ours at the same point, the difference and why they differ. docs/14-reproducing-the-sources.md.
)",
            {with(seeds_option(), "runs per setting with seeds --seed, --seed + 1, ...: mean and sd", "1"),
             with(seed_option(), "the first seed", "1"),
             {"--csv", "FILE", "also write the rows source,measure,at,reported,ours_mean,ours_sd", "", "",
              [](Options& o, const std::string& v) { o.csv_path = non_empty("--csv", v, "a file name"); }},
             with(out_option("results/reproduce"), "where the chart of each source goes (source-NN.svg)",
                  "results/reproduce"),
             no_plots_option(), data_option(), threads_option(), help_option()},
            R"(
examples:
  ./mnist reproduce 05                 source 05's rule and the true subgradient, one pass each
  ./mnist reproduce all --seeds 5 --csv results/reproduce/all.csv
)",
            true, {}};
}

CommandSpec make_evaluate() {
    return {"evaluate", R"(usage: mnist evaluate --load FILE [options]

Test loss, accuracy and confusion matrix of a network saved with --save; with --plots, also the
confusion heat map, the misclassified test images and the first-layer weights as SVG and PGM.
)",
            {with(load_option(), "the network to evaluate (saved with --save)", ""), data_option(),
             test_limit_option(), with(plots_option(), "also write the pictures to DIR", ""), threads_option(),
             help_option()},
            "", false, {}};
}

CommandSpec make_predict() {
    return {"predict", R"(usage: mnist predict --load FILE IMAGE.pgm [options]

Classifies one 28 x 28 greyscale PGM image (P2 or P5, any maxval) with a saved network and prints
the ten class probabilities. MNIST digits are light on dark (0 = background).
)",
            {with(load_option(), "the network (saved with --save)", ""),
             {"--invert", "", "for a dark digit on a light background", "", "",
              [](Options& o, const std::string&) { o.invert = true; }},
             with(data_option(), "only picks the class names (e.g. data/fashion)", "data"), help_option()},
            "", true, {}};
}

CommandSpec make_export_web() {
    return {"export-web", R"(usage: mnist export-web --load FILE [--out PAGE.html] [--data DIR]

Writes one self-contained web page for a network saved with --save: draw a digit with the mouse, a
finger or a pen and watch the ten probabilities change as you draw. The page shows the 28 x 28 image
the network sees (MNIST's preprocessing: crop, scale to 20 x 20, centre of mass to the centre), the
first layer's activations, and saves the drawing as a PGM for ./mnist predict. The weights are inside
the page (base64 float32): it needs no server and no network; open it from disk.
)",
            {with(load_option(), "the saved network (784 inputs, 10 outputs, any hidden layers)", ""),
             {"--out", "PAGE.html", "where the page goes", "", "FILE with its extension replaced by .html,\n"
              "e.g. net.model -> net.html",
              [](Options& o, const std::string& v) { o.page_path = non_empty("--out", v, "a file name"); }},
             with(data_option(),
                  "only picks the class names shown, as for predict: a Fashion-MNIST\n"
                  "directory (e.g. data/fashion) gives the clothing names",
                  "data"),
             help_option()},
            "", false, {}};
}

// The spec of `name` in the command's table ("-h" and "--help" are one entry).
const OptionSpec* find(const CommandSpec& command, const std::string& name) {
    for (const OptionSpec& spec : command.options)
        if (spec.name == name || (spec.name == "-h, --help" && (name == "--help" || name == "-h"))) return &spec;
    return nullptr;
}

}  // namespace

std::uint64_t parse_count(const std::string& option, const std::string& text, std::uint64_t min,
                          std::uint64_t max) {
    const std::string expected = "a whole number" + (min > 0 ? " >= " + std::to_string(min) : std::string());
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) bad(option, expected, text);
    errno = 0;
    const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
    if (errno == ERANGE || value > max) bad(option, "a whole number <= " + std::to_string(max), text);
    if (value < min) bad(option, expected, text);
    return value;
}

namespace {
// A number in plain decimal notation within [low, high) (or (low, high) when low is excluded), else
// UsageError "<option>: expected <expected>, found '<text>'". strtod alone would also take " 0.5",
// hex floats and "inf".
double parse_decimal(const std::string& option, const std::string& text, const std::string& expected, double low,
                     bool low_allowed, double high) {
    if (text.empty() || text.find_first_not_of("0123456789.eE+-") != std::string::npos) bad(option, expected, text);
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(text.c_str(), &end);
    if (*end != '\0' || errno == ERANGE || !std::isfinite(value) || value < low || (value == low && !low_allowed) ||
        !(value < high))
        bad(option, expected, text);
    return value;
}
}  // namespace

double parse_positive(const std::string& option, const std::string& text) {
    return parse_decimal(option, text, "a positive number such as 0.1", 0, false, HUGE_VAL);
}

double parse_non_negative(const std::string& option, const std::string& text) {
    return parse_decimal(option, text, "a number >= 0 such as 0.0005", 0, true, HUGE_VAL);
}

double parse_fraction(const std::string& option, const std::string& text) {
    return parse_decimal(option, text, "a number from 0 to below 1 such as 0.5", 0, true, 1);
}

Schedule parse_schedule(const std::string& option, const std::string& text) {
    Schedule s;
    if (text == "constant") return s;
    if (text == "cosine") {
        s.kind = Schedule::Kind::Cosine;
        return s;
    }
    const std::string expected = "constant, cosine or step:EVERY:FACTOR such as step:10:0.5";
    if (text.rfind("step:", 0) != 0) bad(option, expected, text);
    const std::string rest = text.substr(5);
    const std::size_t colon = rest.find(':');
    if (colon == std::string::npos) bad(option, expected, text);
    s.kind = Schedule::Kind::Step;
    s.every = parse_count(option + " (EVERY)", rest.substr(0, colon), 1, 1000000);
    s.factor = parse_positive(option + " (FACTOR)", rest.substr(colon + 1));
    if (s.factor > 1) bad(option + " (FACTOR)", "a factor from above 0 to 1 such as 0.5", rest.substr(colon + 1));
    return s;
}

const CommandSpec& train_command_spec() {
    static const CommandSpec spec = make_train();
    return spec;
}

const CommandSpec& command_spec(const std::string& name) {
    static const CommandSpec specs[] = {make_compare(), make_sweep(), make_evaluate(), make_predict(),
                                        make_export_web(), make_reproduce()};
    for (const CommandSpec& s : specs)
        if (s.name == name) return s;
    throw std::out_of_range("no command '" + name + "'");
}

Options parse_command(const CommandSpec& command, int argc, const char* const* argv, int first) {
    Options o;
    for (const OptionSpec& spec : command.options)
        if (!spec.initial.empty()) spec.set(o, spec.initial);
    const std::string prefix = command.name.empty() ? "" : command.name + ": ";
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i], value;
        if (arg.rfind("-", 0) != 0 || arg == "-") {
            if (!command.positional) throw UsageError("unexpected argument '" + arg + "'");
            o.positional.push_back(arg);
            continue;
        }
        const std::size_t eq = arg.find('=');
        const bool has_value = arg.rfind("--", 0) == 0 && eq != std::string::npos;
        if (has_value) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        const OptionSpec* spec = find(command, arg);
        if (!spec) {
            for (const auto& r : command.refused)
                if (r.first == arg) throw UsageError(prefix + arg + " is not used here" + r.second);
            if (!command.name.empty() && find(train_command_spec(), arg))
                throw UsageError(prefix + arg + " is not used here");
            throw UsageError("unknown option '" + arg + "'");
        }
        if (spec->metavar.empty()) {  // a flag
            if (has_value) bad(arg, "no value", value);
        } else if (!has_value) {
            if (i + 1 >= argc) throw UsageError(arg + ": expected a value, found the end of the command");
            value = argv[++i];
            // "--csv --epochs 3" forgot the file name; taking "--epochs" as one would hide that.
            // (A value that really starts with "--" can be given as --csv=--name.)
            if (value.rfind("--", 0) == 0)
                throw UsageError(arg + ": expected a value, found the option '" + value + "'");
        }
        spec->set(o, value);
        o.given.insert(arg == "-h" ? "--help" : arg);
    }
    if (o.given.count("--hidden") && o.given.count("--layers"))
        throw UsageError("--hidden and --layers: give one or the other, not both");
    if (!o.init_given) o.init = default_init(o.activation);
    if (o.given.count("--perceptron-rule") && o.loss != Loss::Perceptron)
        throw UsageError("--perceptron-rule: expected --loss perceptron with it, found --loss " + std::string(name(o.loss)));
    o.layer_init = resolve_layer_init(o);
    require_context(o);
    return o;
}

std::vector<LayerInit> resolve_layer_init(const Options& o) {
    if (o.init_rules.empty() && o.init_scales.empty() && o.bias_init == BiasInit::Zero) return {};
    const std::size_t count = o.layers.size() < 2 ? 0 : o.layers.size() - 1;
    const std::string per_layer = " (one per layer of " + sizes_text(o.layers) + ")";
    std::vector<Init> rules = o.init_rules.empty() ? std::vector<Init>{o.init} : o.init_rules;
    if (rules.size() != 1 && rules.size() != count)
        bad("--init", "1 rule or " + std::to_string(count) + per_layer, std::to_string(rules.size()) + " rules");
    const std::vector<double> scales = o.init_scales.empty() ? std::vector<double>{1.0} : o.init_scales;
    if (scales.size() != 1 && scales.size() != count)
        bad("--init-scale", "1 value or " + std::to_string(count) + per_layer, std::to_string(scales.size()) + " values");
    std::vector<LayerInit> layer_init(count);
    for (std::size_t l = 0; l < count; ++l) {
        const bool output = l + 1 == count;
        // A single rule names the hidden layers' rule (as --init always has); the output keeps xavier,
        // at gain 1, unless a one-layer network makes the single rule the list of one.
        const bool own = rules.size() == count || !output;
        layer_init[l].rule = own ? rules[rules.size() == 1 ? 0 : l] : Init::Xavier;
        layer_init[l].scale = own || scales.size() == count ? scales[scales.size() == 1 ? 0 : l] : 1.0;
    }
    return layer_init;
}

Options parse_options(int argc, const char* const* argv) { return parse_command(train_command_spec(), argc, argv, 1); }

std::string usage(const CommandSpec& command) {
    std::string text = command.intro + "\noptions (defaults in brackets):\n";
    for (const OptionSpec& spec : command.options) {
        std::string head = "  " + spec.name + (spec.metavar.empty() ? "" : " " + spec.metavar);
        head += std::string(head.size() < 25 ? 25 - head.size() : 1, ' ');
        std::string help = spec.help;
        const std::string shown = !spec.note.empty() ? spec.note : spec.initial;
        if (!shown.empty()) help += " [" + shown + "]";
        std::size_t start = 0;
        for (std::size_t line = 0;; ++line) {
            const std::size_t end = help.find('\n', start);
            text += (line == 0 ? head : std::string(25, ' ')) + help.substr(start, end - start) + "\n";
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    return text + command.outro;
}

std::string usage() { return usage(train_command_spec()); }

}  // namespace nn
