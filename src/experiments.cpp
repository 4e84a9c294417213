// Experiments: one training run with per-epoch and per-interval test figures, and the run grids of
// `mnist compare` and `mnist sweep`. Which sources they mirror and what they found: docs/experiments.md.
#include "experiments.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "rng.hpp"
#include "sgd.hpp"

namespace nn {
namespace {

double seconds_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

std::string format(const char* fmt, double a) {
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, a);
    return buf;
}

// Never report a NaN or an infinity as a figure: finite weights can still give a non-finite loss
// (the products overflow float), and the reader must be told the run diverged, as in cli.cpp.
void require_finite(const Evaluation& e, const char* set, const std::string& when, const RunConfig& config) {
    if (!std::isfinite(e.loss))
        throw std::runtime_error("training diverged: the loss on the " + std::string(set) + " set is " +
                                 (std::isnan(e.loss) ? "NaN " : "infinite ") + when + " in run " + config.label +
                                 "; try a smaller learning rate than " + format("%g", config.eta));
}

}  // namespace

RunResult run_experiment(const RunConfig& config, const Mnist& data, Network<float>& net, const RunHooks& hooks) {
    net = Network<float>(config.layers, config.activation, config.loss);
    Rng init_rng(config.seed);
    net.init(config.activation == Activation::ReLU ? Init::He : Init::Xavier, init_rng);
    return train_network(config, data, net, hooks);
}

RunResult train_network(const RunConfig& config, const Mnist& data, Network<float>& net, const RunHooks& hooks) {
    const std::size_t n = data.train.size();
    if (n == 0 || config.batch_size == 0 || config.batch_size > n)
        throw std::invalid_argument("run " + config.label + ": expected a batch size from 1 to " + std::to_string(n) +
                                    ", found " + std::to_string(config.batch_size));
    // The same seed drives the shuffling as in `mnist` (cli.cpp): a run here and a single run with
    // the same options see the examples in the same order. For a fresh network the weights were
    // drawn from an Rng of this seed first, so draw them again to leave this Rng where cli's is.
    Rng rng(config.seed);
    {
        Network<float> scratch(net.sizes(), net.hidden, net.loss_kind);
        scratch.init(net.hidden == Activation::ReLU ? Init::He : Init::Xavier, rng);
    }
    RunResult result;
    result.config = config;
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    Batch batch;
    std::size_t seen_before = 0;  // samples of the finished epochs
    for (std::size_t epoch = 1; epoch <= config.epochs; ++epoch) {
        double eval_seconds = 0;  // spent in interval evaluations, taken out of the epoch's time
        const auto start = std::chrono::steady_clock::now();
        std::size_t next_eval = config.eval_every ? (seen_before / config.eval_every + 1) * config.eval_every : 0;
        bool stopped = false;
        const AfterBatch after = [&](std::size_t samples) {
            const std::size_t total = seen_before + samples;
            if (config.eval_every && total >= next_eval && samples < n) {  // the epoch's end is logged below
                const auto e0 = std::chrono::steady_clock::now();
                IntervalRow row{total, static_cast<double>(total) / static_cast<double>(n), 0, evaluate(net, data.test)};
                require_finite(row.test, "test", "after " + std::to_string(samples) + " samples of epoch " +
                                                     std::to_string(epoch), config);
                const auto e1 = std::chrono::steady_clock::now();
                row.seconds = result.training_seconds + seconds_between(start, e0) - eval_seconds;
                eval_seconds += seconds_between(e0, e1);
                result.intervals.push_back(row);
                if (hooks.on_interval) hooks.on_interval(row);
                while (next_eval <= total) next_eval += config.eval_every;
            }
            if (hooks.after_batch && !hooks.after_batch(epoch, samples)) {
                stopped = true;
                return false;
            }
            return true;
        };
        try {
            train_epoch(net, data.train, order, config.batch_size, static_cast<float>(config.eta), rng, batch, after);
        } catch (const Diverged& d) {
            throw std::runtime_error(std::string(d.what()) + " of epoch " + std::to_string(epoch) + " in run " +
                                     config.label + "; try a smaller learning rate than " + format("%g", config.eta));
        }
        EpochRow row;
        row.epoch = epoch;
        row.seconds = seconds_between(start, std::chrono::steady_clock::now()) - eval_seconds;
        if (stopped) break;
        row.train = evaluate(net, data.train);
        row.test = evaluate(net, data.test);
        require_finite(row.train, "training", "after epoch " + std::to_string(epoch), config);
        require_finite(row.test, "test", "after epoch " + std::to_string(epoch), config);
        result.training_seconds += row.seconds;
        result.epochs.push_back(row);
        seen_before += n;
        if (config.eval_every) {
            IntervalRow end{seen_before, static_cast<double>(epoch), result.training_seconds, row.test};
            result.intervals.push_back(end);
            if (hooks.on_interval) hooks.on_interval(end);
        }
        if (hooks.on_epoch) hooks.on_epoch(row);
    }
    return result;
}

std::string epochs_csv(const std::vector<EpochRow>& rows) {
    std::string text = "epoch,seconds,train_loss,train_accuracy,test_loss,test_accuracy\n";
    char line[256];
    for (const EpochRow& r : rows) {
        std::snprintf(line, sizeof line, "%zu,%.3f,%.6f,%.6f,%.6f,%.6f\n", r.epoch, r.seconds, r.train.loss,
                      r.train.accuracy, r.test.loss, r.test.accuracy);
        text += line;
    }
    return text;
}

std::string intervals_csv(const std::vector<IntervalRow>& rows) {
    std::string text = "samples,epoch,seconds,test_loss,test_accuracy\n";
    char line[256];
    for (const IntervalRow& r : rows) {
        std::snprintf(line, sizeof line, "%zu,%.4f,%.3f,%.6f,%.6f\n", r.samples, r.epoch, r.seconds, r.test.loss,
                      r.test.accuracy);
        text += line;
    }
    return text;
}

std::string summary_csv(const std::vector<RunResult>& runs) {
    std::string text = "run,activation,batch,lr,hidden,epochs,seconds,test_accuracy,test_loss,train_accuracy,train_loss\n";
    char line[512];
    for (const RunResult& r : runs) {
        if (r.epochs.empty()) continue;
        const EpochRow& last = r.epochs.back();
        std::string hidden;
        for (std::size_t i = 1; i + 1 < r.config.layers.size(); ++i)
            hidden += (hidden.empty() ? "" : "-") + std::to_string(r.config.layers[i]);
        std::snprintf(line, sizeof line, "%s,%s,%zu,%g,%s,%zu,%.3f,%.6f,%.6f,%.6f,%.6f\n", r.config.label.c_str(),
                      name(r.config.activation), r.config.batch_size, r.config.eta, hidden.c_str(), last.epoch,
                      r.training_seconds, last.test.accuracy, last.test.loss, last.train.accuracy, last.train.loss);
        text += line;
    }
    return text;
}

std::vector<RunConfig> compare_grid(const RunConfig& base, const std::vector<Activation>& activations,
                                    const std::vector<std::size_t>& batch_sizes, const std::vector<double>& etas) {
    if (etas.size() != batch_sizes.size())
        throw std::invalid_argument("compare_grid: expected one learning rate per batch size (" +
                                    std::to_string(batch_sizes.size()) + "), found " + std::to_string(etas.size()));
    std::vector<RunConfig> grid;
    for (Activation a : activations)
        for (std::size_t i = 0; i < batch_sizes.size(); ++i) {
            RunConfig c = base;
            c.activation = a;
            c.batch_size = batch_sizes[i];
            c.eta = etas[i];
            c.label = std::string(name(a)) + "-" +
                      (batch_sizes[i] == 1 ? std::string("online") : "batch" + std::to_string(batch_sizes[i]));
            grid.push_back(c);
        }
    return grid;
}

std::vector<RunConfig> sweep_grid(const RunConfig& base, const std::vector<std::size_t>& hidden_sizes) {
    std::vector<RunConfig> grid;
    for (std::size_t h : hidden_sizes) {
        RunConfig c = base;
        c.layers = {base.layers.front(), h, base.layers.back()};
        c.label = "hidden" + std::to_string(h);
        grid.push_back(c);
    }
    return grid;
}

}  // namespace nn
