// The one training loop: epochs of train_epoch, timed, evaluated and reported through hooks.
// What each figure means: docs/07-sgd.md#what-an-epoch-reports.
#include "run/training.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "fast/engine.hpp"
#include "fast/evaluation.hpp"
#include "run/early_stopping.hpp"
#include "nn/sgd.hpp"

namespace nn {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

// "; try a smaller learning rate than --lr 0.1", the end of every divergence message.
std::string smaller_lr(const RunConfig& config) {
    char text[64];
    std::snprintf(text, sizeof text, "; try a smaller learning rate than --lr %g", config.eta);
    return text;
}

std::string in_run(const RunConfig& config) { return config.label.empty() ? "" : " in run " + config.label; }

// Never report a NaN or an infinity as a figure: finite weights can still give a non-finite loss
// (the products overflow float), and the reader must be told the run diverged.
void require_finite(const Evaluation& e, const char* set, const std::string& when, const RunConfig& config) {
    if (!std::isfinite(e.loss))
        throw std::runtime_error("training diverged: the loss on the " + std::string(set) + " set is " +
                                 (std::isnan(e.loss) ? "NaN " : "infinite ") + when + in_run(config) +
                                 smaller_lr(config));
}

// 1 for each example of data (in file order) that the network classifies right.
std::vector<std::uint8_t> correct_per_example(Network<float>& net, const Dataset& data) {
    std::vector<std::uint8_t> correct(data.size(), 0);
    for_each_chunk(net, data, identity_order(data.size()), 1000, [&](const Matrix<float>& p, const Batch& batch, std::size_t first) {
        const std::vector<int> predicted = argmax_rows(p);
        for (std::size_t i = 0; i < predicted.size(); ++i)
            correct[first + i] = predicted[i] == static_cast<int>(batch.labels[i]) ? 1 : 0;
    });
    return correct;
}

}  // namespace

bool is_plain_run(const RunConfig& config) {
    return is_plain_sgd(config.optimizer) && config.dropout == 0 && config.schedule.kind == Schedule::Kind::Constant;
}

std::string extras_text(const RunConfig& config) {
    const OptimizerSettings& o = config.optimizer;
    std::string text;
    char part[128];
    const auto add = [&](const char* t) { text += (text.empty() ? "" : ", ") + std::string(t); };
    if (o.method == Method::Momentum || o.method == Method::Nesterov) {
        std::snprintf(part, sizeof part, "%s %g", name(o.method), o.momentum);
        add(part);
    } else if (o.method == Method::Adam) {
        std::snprintf(part, sizeof part, "adam (beta1 %g, beta2 %g, epsilon %g)", o.beta1, o.beta2, o.epsilon);
        add(part);
    }
    if (o.weight_decay > 0) {
        std::snprintf(part, sizeof part, "weight decay %g", o.weight_decay);
        add(part);
    }
    if (config.dropout > 0) {
        std::snprintf(part, sizeof part, "dropout %g", config.dropout);
        add(part);
    }
    if (config.schedule.kind != Schedule::Kind::Constant) add((config.schedule.text() + " schedule").c_str());
    if (config.early_stop) add(("early stop (patience " + std::to_string(config.early_stop) + ")").c_str());
    return text;
}

std::vector<LayerInit> layer_rules(const RunConfig& config) {
    const std::size_t count = config.layers.size() < 2 ? 0 : config.layers.size() - 1;
    if (config.layer_init.empty()) {
        std::vector<LayerInit> rules(count, LayerInit{config.init, 1.0});
        if (count) rules.back() = LayerInit{Init::Xavier, 1.0};  // the output layer (docs/08)
        return rules;
    }
    if (config.layer_init.size() != count)
        throw std::invalid_argument("run" + in_run(config) + ": expected " + std::to_string(count) +
                                    " initialisation rules, one per layer of " + sizes_text(config.layers) +
                                    ", found " + std::to_string(config.layer_init.size()));
    return config.layer_init;
}

void init_network(const RunConfig& config, Network<float>& net, Rng& rng) {
    net.perceptron_rule = config.perceptron_rule;
    if (config.layer_init.empty() && config.bias_init == BiasInit::Zero) net.init(config.init, rng);
    else net.init(layer_rules(config), config.bias_init, rng);
}

RunResult run_experiment(const RunConfig& config, const Mnist& data, Network<float>& net, const RunHooks& hooks) {
    net = Network<float>(config.layers, config.activation, config.loss);
    Rng rng(config.seed);  // first the weights, then (in train_network) the order of the examples
    init_network(config, net, rng);
    return train_network(config, data, net, rng, hooks);
}

RunResult train_network(const RunConfig& config, const Mnist& data, Network<float>& net, Rng& rng,
                        const RunHooks& hooks, Optimizer<float>* continued) {
    if (config.early_stop && data.validation.size() == 0)
        throw std::invalid_argument("run" + in_run(config) + ": early stopping needs a validation set, found none");
    const std::size_t n = data.train.size();
    if (n == 0 || config.batch_size == 0 || config.batch_size > n)
        throw std::invalid_argument("run" + in_run(config) + ": expected a batch size from 1 to " +
                                    std::to_string(n) + ", found " + std::to_string(config.batch_size));
    if (data.pixels != config.pixels)
        throw std::invalid_argument("run" + in_run(config) + ": expected " + name(config.pixels) +
                                    " pixels, found " + name(data.pixels) + " ones (set_pixels in data/mnist.hpp)");
    Optimizer<float> fresh(continued ? OptimizerSettings{} : config.optimizer, net);
    Optimizer<float>& optimizer = continued ? *continued : fresh;
    net.dropout = config.dropout;
    EarlyStopping stopper;
    stopper.patience = config.early_stop;
    const BatchPlan plan{config.shuffle, config.drop_remainder};
    const std::size_t per_epoch = samples_per_epoch(n, config.batch_size, plan);
    RunResult result;
    result.config = config;
    result.validated = data.validation.size() > 0;
    // The set the run is watched on; the test set stays untouched until the end when it is validation.
    const Dataset& watched = result.validated ? data.validation : data.test;
    const char* watched_name = result.validated ? "validation" : "test";
    const auto set_watched = [&](Evaluation& test, Evaluation& validation, const Evaluation& e) {
        (result.validated ? validation : test) = e;
    };
    std::vector<std::size_t> order = identity_order(n);
    Batch batch;
    std::size_t seen_before = 0;  // samples of the finished epochs
    for (std::size_t epoch = 1; epoch <= config.epochs; ++epoch) {
        if (hooks.before_epoch && !hooks.before_epoch(epoch)) {
            result.stopped = true;
            result.stopped_epoch = epoch;
            break;
        }
        const double eta = scheduled_rate(config.schedule, config.eta, epoch - 1, config.epochs);
        double eval_seconds = 0;  // spent in interval evaluations, taken out of the epoch's time
        const Clock::time_point start = Clock::now();
        std::size_t next_eval = config.eval_every ? (seen_before / config.eval_every + 1) * config.eval_every : 0;
        bool stopped = false;
        // Plain SGD: the online shortcut when it applies (same numbers); the optimiser's step otherwise;
        // the caller's own step when it brings one. A new one each epoch (step_for).
        const TrainStep step = hooks.learn ? TrainStep{nullptr, hooks.learn, nullptr}
                                           : step_for(config.batch_size, optimizer, config.dropout);
        // The step may keep W1 aside (TrainStep::settle): net holds it again before anything reads
        // it, an interval's evaluation, a stop, the epoch's end (train_epoch then checks every
        // parameter), and on every way out of this epoch, exceptions included.
        struct Settle {
            const TrainStep& step;
            Network<float>& net;
            void operator()() const {
                if (step.settle) step.settle(net);
            }
            ~Settle() { (*this)(); }
        } const settle{step, net};
        const AfterBatch after = [&](std::size_t samples) {
            const std::size_t total = seen_before + samples;
            if (samples == per_epoch) settle();
            if (config.eval_every && total >= next_eval && samples < per_epoch) {  // the epoch's end is logged below
                settle();  // before the evaluation reads W1
                const Clock::time_point e0 = Clock::now();
                IntervalRow row{total, static_cast<double>(total) / static_cast<double>(per_epoch), 0, {}, false, {}};
                const Evaluation e = fast_evaluate(net, watched);
                set_watched(row.test, row.validation, e);
                require_finite(e, watched_name,
                               "after " + std::to_string(samples) + " samples of epoch " + std::to_string(epoch), config);
                row.seconds = result.training_seconds + seconds_between(start, e0) - eval_seconds;
                eval_seconds += seconds_between(e0, Clock::now());
                result.intervals.push_back(row);
                if (hooks.on_interval) hooks.on_interval(row);
                while (next_eval <= total) next_eval += config.eval_every;
            }
            if (hooks.after_batch && !hooks.after_batch(epoch, samples)) {
                settle();  // train_epoch checks every parameter as it stops
                stopped = true;
                result.stopped_samples = samples;
                return false;
            }
            return true;
        };
        EpochStats stats;
        try {
            stats = train_epoch(net, data.train, order, config.batch_size, static_cast<float>(eta), rng, batch,
                                after, step.learn, plan, step.forward);
        } catch (const Diverged& d) {
            throw std::runtime_error(std::string(d.what()) + " of epoch " + std::to_string(epoch) + in_run(config) +
                                     smaller_lr(config));
        }
        EpochRow row;
        row.epoch = epoch;
        row.eta = eta;
        row.seconds = seconds_between(start, Clock::now()) - eval_seconds;
        row.mean_batch_loss = stats.mean_batch_loss;
        result.training_seconds += row.seconds;
        if (stopped) {
            result.stopped = true;
            result.stopped_epoch = epoch;
            break;
        }
        // Source 03's 200 epochs need the figures of a few only (the loss it sums is mean_batch_loss).
        const std::size_t every = config.evaluate_every_epochs ? config.evaluate_every_epochs : 1;
        Evaluation e;
        if (epoch % every == 0 || epoch == config.epochs) {
            row.train = fast_evaluate(net, data.train);
            e = fast_evaluate(net, watched);
            set_watched(row.test, row.validation, e);
        }
        require_finite(row.train, "training", "after epoch " + std::to_string(epoch), config);
        require_finite(e, watched_name, "after epoch " + std::to_string(epoch), config);
        result.epochs.push_back(row);
        seen_before += per_epoch;
        if (config.eval_every) {
            IntervalRow end{seen_before, static_cast<double>(epoch), result.training_seconds, row.test, true,
                            row.validation};
            result.intervals.push_back(end);
            if (hooks.on_interval) hooks.on_interval(end);
        }
        if (hooks.on_epoch) hooks.on_epoch(row);
        if (config.early_stop && row.validation.count && stopper.should_stop(epoch, row.validation.loss, net)) {
            result.early_stopped = epoch < config.epochs;
            break;
        }
    }
    if (config.early_stop && !result.stopped) {  // the parameters of the lowest validation loss
        stopper.restore_best(net);
        result.best_epoch = stopper.best_epoch;
    }
    if (!result.stopped && !result.epochs.empty()) {
        if (result.validated) {  // the one look at the test set
            result.final_test = fast_evaluate(net, data.test);
            require_finite(result.final_test, "test", "after the last epoch", config);
        } else {
            result.final_test = result.epochs.back().test;
        }
        result.test_correct = correct_per_example(net, data.test);
    }
    return result;
}

}  // namespace nn
