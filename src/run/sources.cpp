// The sources' experiments: settings read off each source's code, figures copied from its printed
// output. Why each setting is what it is, and why ours differ: docs/14-reproducing-the-sources.md.
#include "run/sources.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "nn/metrics.hpp"
#include "run/statistics.hpp"

namespace nn {
namespace {

constexpr std::size_t kTrain = 60000;  // MNIST's training images: source 04 and 05 count samples

RunConfig base(std::vector<std::size_t> layers, Activation a, Loss loss, std::size_t batch, double eta,
               std::size_t epochs) {
    RunConfig c;
    c.layers = std::move(layers);
    c.activation = a;
    c.loss = loss;
    c.batch_size = batch;
    c.eta = eta;
    c.epochs = epochs;
    return c;
}

SourceFigure printed(const std::string& run, const std::string& measure, double at, double reported,
                     const std::string& quote, const std::string& reason) {
    return {run, measure, at, reported, quote, reason};
}
// A printed figure that differs from ours only by the draw, printed with `decimals` digits.
SourceFigure drawn(const std::string& run, const std::string& measure, double at, double reported, int decimals,
                   const std::string& quote, const std::string& note = "") {
    SourceFigure f{run, measure, at, reported, quote, note};
    f.by_chance = true;
    f.rounding = 0.5 * std::pow(10.0, -decimals);
    return f;
}
// The same for a number as the source printed it ("0.978000"): its value and its decimals.
SourceFigure drawn(const std::string& run, const std::string& measure, double at, const std::string& number,
                   const std::string& quote) {
    const std::size_t point = number.find('.');
    const int decimals = point == std::string::npos ? 0 : static_cast<int>(number.size() - point - 1);
    return drawn(run, measure, at, std::stod(number), decimals, quote);
}
SourceFigure ours(const std::string& run, const std::string& measure, double at, const std::string& reason) {
    return {run, measure, at, NAN, "", reason};
}

// The share of the test images whose ten outputs are all 0: np.argmax then answers class 0.
double share_all_zero(Network<float>& net, const Dataset& test) {
    std::size_t zero = 0;
    for_each_chunk(net, test, identity_order(test.size()), 1000, [&](const Matrix<float>& p, const Batch&, std::size_t) {
        for (std::size_t i = 0; i < p.rows(); ++i) {
            bool all = true;
            for (std::size_t j = 0; j < p.cols(); ++j) all = all && p(i, j) == 0.0f;
            zero += all;
        }
    });
    return test.size() ? static_cast<double>(zero) / static_cast<double>(test.size()) : 0.0;
}

SourceExperiment source01() {
    SourceExperiment e;
    e.id = "01";
    e.file = "01-relu-softmax-minibatch-numpy-ru.txt";
    e.setting = "784-300-10 relu/softmax, cross-entropy, batch 64 (last 32), lr 0.1, 20 epochs in file order, "
                "W1 ~ N(0, 2/784), W2 ~ N(0, 6/310), b = 0";
    e.at_name = "epoch";
    RunConfig c = base({784, 300, 10}, Activation::ReLU, Loss::CrossEntropy, 64, 0.1, 20);
    c.layer_init = {{Init::He, 1.0}, {Init::Normal, std::sqrt(6.0 / 310.0)}};  // np.sqrt(6 / (hidden + output))
    c.shuffle = false;  // x_train[start_id:finish_id], the same order every epoch
    e.runs = {{"784-300-10", c, nullptr, nullptr, nullptr}};
    const char* const lines[] = {
        "Эпоха № 1\tВремя обучение: 4.18 сек\tОшибка: 0.20\tТочность: 0.94",
        "Эпоха № 2\tВремя обучение: 3.75 сек\tОшибка: 0.14\tТочность: 0.96",
        "Эпоха № 3\tВремя обучение: 3.56 сек\tОшибка: 0.11\tТочность: 0.97",
        "Эпоха № 4\tВремя обучение: 3.58 сек\tОшибка: 0.09\tТочность: 0.98",
        "Эпоха № 5\tВремя обучение: 3.54 сек\tОшибка: 0.07\tТочность: 0.98",
        "Эпоха № 6\tВремя обучение: 4.07 сек\tОшибка: 0.06\tТочность: 0.98",
        "Эпоха № 7\tВремя обучение: 3.97 сек\tОшибка: 0.06\tТочность: 0.99",
        "Эпоха № 8\tВремя обучение: 4.45 сек\tОшибка: 0.05\tТочность: 0.99",
        "Эпоха № 9\tВремя обучение: 3.55 сек\tОшибка: 0.04\tТочность: 0.99",
        "Эпоха № 10\tВремя обучение: 3.54 сек\tОшибка: 0.04\tТочность: 0.99",
        "Эпоха № 11\tВремя обучение: 3.54 сек\tОшибка: 0.04\tТочность: 0.99",
        "Эпоха № 12\tВремя обучение: 3.68 сек\tОшибка: 0.03\tТочность: 0.99",
        "Эпоха № 13\tВремя обучение: 3.50 сек\tОшибка: 0.03\tТочность: 0.99",
        "Эпоха № 14\tВремя обучение: 3.36 сек\tОшибка: 0.03\tТочность: 0.99",
        "Эпоха № 15\tВремя обучение: 3.46 сек\tОшибка: 0.03\tТочность: 0.99",
        "Эпоха № 16\tВремя обучение: 3.35 сек\tОшибка: 0.02"};
    const double loss[] = {0.20, 0.14, 0.11, 0.09, 0.07, 0.06, 0.06, 0.05, 0.04, 0.04, 0.04, 0.03, 0.03, 0.03, 0.03, 0.02};
    const double acc[] = {0.94, 0.96, 0.97, 0.98, 0.98, 0.98, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99};
    for (int k = 0; k < 16; ++k) e.figures.push_back(drawn("784-300-10", "train loss", k + 1, loss[k], 2, lines[k]));
    for (int k = 0; k < 15; ++k) e.figures.push_back(drawn("784-300-10", "train accuracy", k + 1, acc[k], 2, lines[k]));
    e.figures.push_back(ours("784-300-10", "test accuracy", 20, "the source's test figure is cut off with its log"));
    e.chart_measure = "train accuracy";
    e.chart_title = "Source 01: training accuracy per epoch";
    return e;
}

SourceExperiment source02() {
    SourceExperiment e;
    e.id = "02";
    e.file = "02-two-layer-net-vs-keras-ru.txt";
    e.setting = "784-K-10 relu/softmax, cross-entropy, batch 128, lr 0.1, 20 epochs shuffled, xavier for both layers";
    e.at_name = "epoch";
    // One row of its table per hidden size: name, time, test accuracy, test loss, train accuracy, train loss.
    // The numbers as printed (their decimals say how much the source rounded).
    struct Row { std::size_t hidden; const char* line; const char *test_acc, *test_loss, *train_acc, *train_loss; };
    const Row rows[] = {
        {30, "my_net | 25.023557 | 0.9648 | 0.122476 | 0.974233 | 0.090380 |", "0.9648", "0.122476", "0.974233", "0.090380"},
        {128, "my_net | 41.901075 | 0.9756 | 0.078803 | 0.988916 | 0.044473 |", "0.9756", "0.078803", "0.988916", "0.044473"},
        {256, "my_net | 64.535192 | 0.978000 | 0.071693 | 0.991483 | 0.036636 |", "0.978000", "0.071693", "0.991483", "0.036636"},
        {300, "my_net | 107.717036 | 0.978200 | 0.070821 | 0.992 | 0.036216 |", "0.978200", "0.070821", "0.992", "0.036216"}};
    for (const Row& r : rows) {
        RunConfig c = base({784, r.hidden, 10}, Activation::ReLU, Loss::CrossEntropy, 128, 0.1, 20);
        c.layer_init = {{Init::Xavier, 1.0}, {Init::Xavier, 1.0}};  // "методом Ксавье"; normal or uniform is not said
        const std::string run = "hidden " + std::to_string(r.hidden);
        e.runs.push_back({run, c, nullptr, nullptr, nullptr});
        e.figures.push_back(drawn(run, "test accuracy", 20, r.test_acc, r.line));
        e.figures.push_back(drawn(run, "test loss", 20, r.test_loss, r.line));
        e.figures.push_back(drawn(run, "train accuracy", 20, r.train_acc, r.line));
        e.figures.push_back(drawn(run, "train loss", 20, r.train_loss, r.line));
    }
    e.chart_measure = "test accuracy";
    e.chart_title = "Source 02: test accuracy per epoch, hidden 30/128/256/300";
    return e;
}

SourceExperiment source03() {
    SourceExperiment e;
    e.id = "03";
    e.file = "03-sigmoid-mlp-mse-numpy-zh.txt";
    e.setting = "784-30-10 sigmoid everywhere, squared error, raw pixels 0..255, W and b ~ N(0, 1), batch 256 "
                "(remainder dropped), lr 0.01, 200 epochs shuffled";
    e.at_name = "epoch";
    RunConfig c = base({784, 30, 10}, Activation::Sigmoid, Loss::SquaredError, 256, 0.01, 200);
    c.layer_init = {{Init::Normal, 1.0}, {Init::Normal, 1.0}};  // np.random.randn for weights and biases
    c.bias_init = BiasInit::LikeWeights;
    c.pixels = Pixels::Raw;      // x_train straight from datasets.mnist.load_data()
    c.drop_remainder = true;     // .batch(batch_size, drop_remainder=True): 234 batches of 256
    c.evaluate_every_epochs = 10;  // its loss is the sum of batch losses: whole-set figures every 10 epochs suffice
    SideStep before = [](Network<float>& net, const Mnist& data, Measurements& out) {
        // How many hidden pre-activations z1 at the initial weights are below -709.78, where the
        // source's np.exp(-z) overflows float64 (and its sigmoid returns 0 with a warning).
        std::size_t below = 0, all = 0;
        for_each_chunk(net, data.test, identity_order(data.test.size()), 1000, [&](const Matrix<float>&, const Batch&, std::size_t) {
            const Matrix<float>& z1 = net.layers[0].z;
            for (std::size_t k = 0; k < z1.size(); ++k) below += z1[k] < -709.78f;
            all += z1.size();
        });
        out["share of z1 < -709.78 (np.exp overflows)"][0] = all ? static_cast<double>(below) / static_cast<double>(all) : 0;
    };
    SideStep after = [](Network<float>& net, const Mnist& data, Measurements& out) {
        // Its epoch loss: the sum over the 234 batches of the batch mean of sum_j (a_j - y_j)^2, which
        // is 2 x 234 x our mean batch loss (ours has the 1/2 of (4.5)).
        for (const auto& point : out["mean batch loss"]) out["loss as the source sums it"][point.first] = 2.0 * 234 * point.second;
        // Its test "accuracy": y_test is reshaped to one column, so argmax(y_test, axis=1) is always 0
        // and it counts the predictions of class 0, over 39 batches of 256 (9984 images).
        std::size_t zeros = 0;
        const std::size_t used = std::min<std::size_t>(data.test.size(), 9984);
        for_each_chunk(net, data.test, identity_order(data.test.size()), 1000, [&](const Matrix<float>& p, const Batch&, std::size_t first) {
            const std::vector<int> predicted = argmax_rows(p);
            for (std::size_t i = 0; i < predicted.size(); ++i) zeros += first + i < used && predicted[i] == 0;
        });
        out["the source's test 'accuracy' (share predicted 0)"][200] = used ? static_cast<double>(zeros) / used : 0;
    };
    e.runs = {{"784-30-10", c, before, after, nullptr}};
    const std::string lost = "the source only plotted its loss (an image lost from the text)";
    for (double at : {1.0, 10.0, 50.0, 100.0, 200.0})
        e.figures.push_back(ours("784-30-10", "loss as the source sums it", at, lost));
    e.figures.push_back(ours("784-30-10", "train accuracy", 200, "its per-batch training accuracy was printed, not kept"));
    e.figures.push_back(ours("784-30-10", "test accuracy", 200, "not compared: the source's accuracy code is broken"));
    e.figures.push_back(ours("784-30-10", "the source's test 'accuracy' (share predicted 0)", 200,
                             "what its broken code would print: argmax of a 1-column y is 0"));
    e.figures.push_back(ours("784-30-10", "share of z1 < -709.78 (np.exp overflows)", 0,
                             "raw pixels x N(0,1) weights: z1 in the thousands, sigmoids saturated"));
    e.chart_measure = "loss as the source sums it";
    e.chart_title = "Source 03: epoch loss (sum of batch means of |a - y|^2)";
    return e;
}

SourceExperiment source04() {
    SourceExperiment e;
    e.id = "04";
    e.file = "04-sigmoid-softmax-online-sgd-zh.txt";
    e.setting = "784-64-10 sigmoid/softmax, cross-entropy, online, lr 0.01, 5 epochs shuffled, W ~ N(0, 1), b = 0, "
                "10 warm-up steps on image 1, W2 updated before delta1, test every 10000 samples";
    e.at_name = "samples";
    e.test_every = 10000;  // if index % 10000 == 0, after training on example `index`
    e.test_offset = 1;
    RunConfig c = base({784, 64, 10}, Activation::Sigmoid, Loss::CrossEntropy, 1, 0.01, 5);
    c.layer_init = {{Init::Normal, 1.0}, {Init::Normal, 1.0}};  // np.random.randn for both; biases np.zeros
    SideStep before = [](Network<float>& net, const Mnist& data, Measurements&) {
        // "测试训练": ten steps on train_images[1:2] before the training loop (index = 1).
        Batch one;
        const std::vector<std::size_t> order = identity_order(data.train.size());
        gather_batch(data.train, order, 1, 2, one);
        for (int k = 0; k < 10; ++k) {
            net.forward(one.X);
            learn_updating_w2_first(net, one, 0.01f);
        }
    };
    e.runs = {{"784-64-10", c, before, nullptr, learn_updating_w2_first}};
    struct Point { int epoch, index; const char* loss; double acc; };
    const Point points[] = {{0, 0, "8.21996605027983", 0.0892},     {0, 10000, "1.2390590076281032", 0.7833},
                            {0, 20000, "0.16352187075209745", 0.8358}, {0, 30000, "0.18625180174804273", 0.8518},
                            {0, 40000, "0.017464559994938084", 0.8649}, {0, 50000, "2.336440394287572", 0.8795},
                            {1, 0, "0.03388167125926495", 0.8892},    {1, 10000, "0.0003113355522074509", 0.8915},
                            {1, 20000, "2.4832208308321015", 0.8934},  {1, 30000, "3.5124014555825642", 0.8997},
                            {1, 40000, "0.019325449800918094", 0.9031}, {1, 50000, "3.402583545306575", 0.9053},
                            {2, 0, "0.29551786162378396", 0.9081},    {2, 10000, "0.00176281519735282", 0.9067},
                            {2, 20000, "0.31044146769123204", 0.9101}};
    for (const Point& p : points) {
        char acc[32];
        std::snprintf(acc, sizeof acc, "%.4f", p.acc);
        const std::string quote = "epoch: " + std::to_string(p.epoch) + ", index: " + std::to_string(p.index) +
                                  ", loss: " + p.loss + "\naccuracy: " + acc;
        const double at = static_cast<double>(p.epoch) * kTrain + p.index;
        e.figures.push_back(at == 0 ? printed("784-64-10", "test accuracy", at, p.acc, quote,
                                              "after 11 steps from N(0,1) weights: chance level, whichever the seed")
                                    : drawn("784-64-10", "test accuracy", at, p.acc, 4, quote));
    }
    e.chart_measure = "test accuracy";
    e.chart_title = "Source 04: test accuracy every 10000 samples";
    return e;
}

SourceExperiment source05() {
    SourceExperiment e;
    e.id = "05";
    e.file = "05-single-layer-relu-ru.txt";
    e.setting = "784-10 relu outputs, perceptron criterion, online, lr 1, one pass in file order, pixels / 255, "
                "W and b ~ U(-0.1, 0.1)";
    e.at_name = "samples";
    e.test_every = 5000;
    RunConfig c = base({784, 10}, Activation::ReLU, Loss::Perceptron, 1, 1.0, 1);
    c.layer_init = {{Init::Uniform, 0.1}};  // (2*np.random.rand(10, 784) - 1) / 10, and the same for b
    c.bias_init = BiasInit::LikeWeights;
    c.shuffle = false;  // for n in range(len(tr_images))
    c.perceptron_rule = PerceptronRule::Source;
    RunConfig true_rule = c;
    true_rule.perceptron_rule = PerceptronRule::Subgradient;
    SideStep after = [](Network<float>& net, const Mnist& data, Measurements& out) {
        out["test images with every output 0 (class 0 by default)"][kTrain] = share_all_zero(net, data.test);
    };
    e.runs = {{"source rule", c, nullptr, after, nullptr}, {"true subgradient", true_rule, nullptr, after, nullptr}};
    e.figures.push_back(drawn("source rule", "test accuracy", kTrain, 0.88, 2, "У меня получилось 88%."));
    for (const double reader : {0.8817, 0.8697, 0.8774}) {
        char quote[32];
        std::snprintf(quote, sizeof quote, "> accuracy %.4f", reader);
        e.figures.push_back(drawn("source rule", "test accuracy", kTrain, reader, 4, quote, "a reader's run"));
    }
    e.figures.push_back(ours("true subgradient", "test accuracy", kTrain,
                             "relu' kept: a unit with z <= 0 gets no step, so dead units stay dead"));
    for (const char* run : {"source rule", "true subgradient"})
        e.figures.push_back(ours(run, "test images with every output 0 (class 0 by default)", kTrain,
                                 "np.argmax of ten zeros is 0"));
    e.chart_measure = "test accuracy";
    e.chart_title = "Source 05: test accuracy during its one pass";
    return e;
}

}  // namespace

// Whether a source's one run could have been one more seed of ours: inside the 95 % range of one
// more run, (E.1) in docs/experiments.md, widened by the source's rounding.
std::string verdict(const SourceFigure& f, const std::vector<double>& ours) {
    if (ours.size() < 2) return "one seed: --seeds 5 tells chance from a difference";
    const Summary next = prediction_interval(ours);
    if (f.reported >= next.lo - f.rounding && f.reported <= next.hi + f.rounding)
        return "inside the 95 % range of one more seed of ours (E.1): chance";
    return "outside the 95 % range of one more seed of ours (E.1): see docs/14";
}

std::vector<SourceExperiment> source_experiments() {
    return {source01(), source02(), source03(), source04(), source05()};
}

void learn_updating_w2_first(Network<float>& net, const Batch& batch, float eta) {
    if (net.layers.size() != 2 || batch.X.rows() != 1)
        throw std::invalid_argument("learn_updating_w2_first: expected one hidden layer and one example, found " +
                                    std::to_string(net.layers.size() - 1) + " and " + std::to_string(batch.X.rows()));
    Layer<float>& first = net.layers[0];
    Layer<float>& out = net.layers[1];
    net.output_delta(batch.labels);
    net.backward_layer(1, batch.X);  // dW2 = h^T delta2, db2 = delta2 (and a delta1 from the old W2)
    sgd_step(out.W, out.dW, eta);
    sgd_step(out.b, out.db, eta);
    net.backward_layer(1, batch.X);  // dW2 is the same; delta1 = (delta2 W2^T) * h (1 - h) with the new W2
    // dW1 = x^T delta1 and db1 = delta1, applied at once: W1(p, j) -= eta x_p delta1_j, skipping the
    // pixels x_p = 0 where the step is 0 (as fast/online.cpp does; most of a digit is background).
    const float* delta1 = first.delta.row(0);
    for (std::size_t j = 0; j < first.b.size(); ++j) first.b[j] -= eta * delta1[j];
    for (std::size_t p = 0; p < first.W.rows(); ++p) {
        const float x_p = batch.X(0, p);
        if (x_p == 0.0f) continue;
        float* w = first.W.row(p);
        for (std::size_t j = 0; j < first.W.cols(); ++j) w[j] -= eta * (x_p * delta1[j]);
    }
}

MeanSd mean_sd(const std::vector<double>& values) {
    MeanSd r;
    r.n = values.size();
    if (values.empty()) return r;
    double sum = 0;
    for (double v : values) sum += v;
    r.mean = sum / static_cast<double>(values.size());
    double squares = 0;
    for (double v : values) squares += (v - r.mean) * (v - r.mean);
    r.sd = values.size() > 1 ? std::sqrt(squares / static_cast<double>(values.size() - 1)) : 0.0;
    return r;
}

Measurements run_source(const SourceExperiment& e, const SourceRun& run, std::uint64_t seed, const Mnist& data,
                        RunHooks hooks) {
    RunConfig config = run.config;
    config.seed = seed;
    config.label = "source-" + e.id + (e.runs.size() > 1 ? " " + run.name : "");
    Network<float> net(config.layers, config.activation, config.loss);
    Rng rng(seed);  // first the weights, then the order of the examples, as run_experiment
    init_network(config, net, rng);
    Measurements out;
    if (run.before) run.before(net, data, out);
    const std::size_t per_epoch = samples_per_epoch(data.train.size(), config.batch_size, {config.shuffle, config.drop_remainder});
    const bool by_samples = e.at_name == "samples";
    const auto outer_after = hooks.after_batch;
    if (e.test_every)
        hooks.after_batch = [&, outer_after](std::size_t epoch, std::size_t samples) {
            if (samples % e.test_every == e.test_offset % e.test_every) {
                const double at = static_cast<double>((epoch - 1) * per_epoch + samples - e.test_offset);
                out["test accuracy"][at] = evaluate(net, data.test).accuracy;
            }
            return outer_after ? outer_after(epoch, samples) : true;
        };
    const auto outer_epoch = hooks.on_epoch;
    hooks.on_epoch = [&, outer_epoch](const EpochRow& row) {
        const double at = by_samples ? static_cast<double>(row.epoch * per_epoch) : static_cast<double>(row.epoch);
        out["mean batch loss"][at] = row.mean_batch_loss;
        if (row.train.count > 0) {  // else an epoch without whole-set figures (evaluate_every_epochs)
            out["train loss"][at] = row.train.loss;
            out["train accuracy"][at] = row.train.accuracy;
            out["test loss"][at] = row.test.loss;
            if (!by_samples || !e.test_every) out["test accuracy"][at] = row.test.accuracy;
        }
        if (outer_epoch) outer_epoch(row);
    };
    if (run.learn) hooks.learn = run.learn;
    train_network(config, data, net, rng, hooks);
    if (run.after) run.after(net, data, out);
    return out;
}

}  // namespace nn
