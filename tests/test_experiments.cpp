// Experiments on a small synthetic set: per-epoch and per-interval figures, reproducibility, the
// same numbers as a plain train_epoch loop (also under the cosine schedule), the CSV writers, the
// grids, the confusion matrix, data-set recognition and the progress line. What the real runs found: docs/experiments.md.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "check.hpp"
#include "temp_dir.hpp"
#include "text.hpp"
#include "data/classes.hpp"
#include "fast/engine.hpp"
#include "output/confusion.hpp"
#include "run/grids.hpp"
#include "run/records.hpp"
#include "run/training.hpp"
#include "output/progress.hpp"
#include "nn/sgd.hpp"
#include "synthetic.hpp"

namespace {

using testdata::lines_of;
using testdata::read_text;

nn::Mnist small_data() {
    nn::Mnist m;
    m.train = testdata::prototypes(200, 16, 0.3, 1);
    m.test = testdata::prototypes(60, 16, 0.3, 1);  // the same prototypes (seed); enough for these checks
    return m;
}

nn::RunConfig small_config(std::size_t batch) {
    nn::RunConfig c;
    c.label = "test";
    c.layers = {16, 8, 10};
    c.batch_size = batch;
    c.eta = batch == 1 ? 0.05 : 0.5;
    c.epochs = 2;
    c.eval_every = 50;
    return c;
}

// Every line after the header has `fields` comma-separated numbers (the first `text_fields` may be text).
bool numeric_rows(const std::vector<std::string>& ls, std::size_t fields, std::size_t text_fields = 0) {
    for (std::size_t i = 1; i < ls.size(); ++i) {
        std::stringstream parts(ls[i]);
        std::size_t n = 0;
        for (std::string f; std::getline(parts, f, ',');) {
            if (n++ < text_fields) continue;
            char* end = nullptr;
            std::strtod(f.c_str(), &end);
            if (f.empty() || *end != '\0') return false;
        }
        if (n != fields) return false;
    }
    return true;
}

void test_run_intervals() {
    const nn::Mnist data = small_data();
    nn::Network<float> net({1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    const nn::RunResult online = nn::run_experiment(small_config(1), data, net);
    CHECK_EQ(online.epochs.size(), std::size_t{2});
    std::vector<std::size_t> samples;
    for (const nn::IntervalRow& r : online.intervals) samples.push_back(r.samples);
    CHECK(samples == (std::vector<std::size_t>{50, 100, 150, 200, 250, 300, 350, 400}));
    CHECK_EQ(online.intervals[3].test.accuracy, online.epochs[0].test.accuracy);  // the epoch's end is the epoch's figure
    CHECK_REL(online.intervals[1].epoch, 0.5, 1e-12);
    CHECK(online.epochs[1].test.accuracy > 0.5);  // it learns

    // Mini-batches of 8: the first step at or past each multiple of 50.
    const nn::RunResult mini = nn::run_experiment(small_config(8), data, net);
    samples.clear();
    for (const nn::IntervalRow& r : mini.intervals) samples.push_back(r.samples);
    CHECK(samples == (std::vector<std::size_t>{56, 104, 152, 200, 256, 304, 352, 400}));

    // No intervals when eval_every is 0.
    nn::RunConfig per_epoch = small_config(8);
    per_epoch.eval_every = 0;
    CHECK(nn::run_experiment(per_epoch, data, net).intervals.empty());
}

void test_same_as_plain_loop() {
    const nn::Mnist data = small_data();
    const nn::RunConfig c = small_config(8);
    nn::Network<float> net({1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    const nn::RunResult a = nn::run_experiment(c, data, net);
    const nn::RunResult b = nn::run_experiment(c, data, net);
    CHECK_EQ(a.epochs[1].test.loss, b.epochs[1].test.loss);  // reproducible to the bit
    // What ./mnist does (app/train_command.cpp): one Rng for the weights, then the shuffles. Interval evaluations
    // must not change the training.
    nn::Network<float> plain(c.layers, c.activation, c.loss);
    nn::Rng rng(c.seed);
    plain.init(nn::Init::He, rng);
    std::vector<std::size_t> order = nn::identity_order(data.train.size());
    nn::Batch batch;
    for (int e = 0; e < 2; ++e) nn::train_epoch(plain, data.train, order, c.batch_size, static_cast<float>(c.eta), rng, batch);
    CHECK_EQ(nn::evaluate(plain, data.test).loss, a.epochs[1].test.loss);
    CHECK_EQ(nn::evaluate(plain, data.train).loss, a.epochs[1].train.loss);  // the training figures: on the training set
    CHECK_EQ(a.epochs[1].train.count, data.train.size());
    CHECK(plain.layers[0].W == net.layers[0].W);
}

// The cosine schedule through the one training loop (docs/19-schedules.md): over 4 epochs from
// eta0 = 0.5 the rates are eta0 (1 + cos(pi e / 4)) / 2 for e = 0..3: 0.5, 0.25 (1 + sqrt(1/2)) =
// 0.42677669529663687, 0.25 and 0.25 (1 - sqrt(1/2)) = 0.07322330470336313 (reaching 0 only after the
// last epoch), and each epoch trains at its rate: a plain train_epoch loop at these four rates ends
// with the same weights.
void test_cosine_schedule_in_loop() {
    const nn::Mnist data = small_data();
    nn::RunConfig c = small_config(8);
    c.epochs = 4;
    c.schedule.kind = nn::Schedule::Kind::Cosine;
    nn::Network<float> net({1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    const nn::RunResult r = nn::run_experiment(c, data, net);
    const double rates[4] = {0.5, 0.42677669529663687, 0.25, 0.07322330470336313};
    CHECK_EQ(r.epochs.size(), std::size_t{4});
    for (std::size_t e = 0; e < 4 && e < r.epochs.size(); ++e) CHECK_REL(r.epochs[e].eta, rates[e], 1e-12);
    nn::Network<float> plain(c.layers, c.activation, c.loss);
    nn::Rng rng(c.seed);
    plain.init(nn::Init::He, rng);
    std::vector<std::size_t> order = nn::identity_order(data.train.size());
    nn::Batch batch;
    for (double eta : rates)
        nn::train_epoch(plain, data.train, order, c.batch_size, static_cast<float>(eta), rng, batch);
    for (std::size_t l = 0; l < 2; ++l) {
        CHECK(plain.layers[l].W == net.layers[l].W);
        CHECK(plain.layers[l].b == net.layers[l].b);
    }
}

void test_csv() {
    const nn::Mnist data = small_data();
    nn::Network<float> net({1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::RunResult r = nn::run_experiment(small_config(8), data, net);
    const std::vector<std::string> e = lines_of(nn::epochs_csv(r.epochs));
    CHECK_EQ(e.size(), std::size_t{3});
    CHECK_EQ(e[0], std::string("epoch,seconds,train_loss,train_accuracy,test_loss,test_accuracy"));
    CHECK(numeric_rows(e, 6));
    CHECK(e[1].rfind("1,", 0) == 0 && e[2].rfind("2,", 0) == 0);
    const std::vector<std::string> i = lines_of(nn::intervals_csv(r.intervals));
    CHECK_EQ(i.size(), std::size_t{9});
    CHECK_EQ(i[0], std::string("samples,epoch,seconds,test_loss,test_accuracy"));
    CHECK(numeric_rows(i, 5));
    CHECK(i[1].rfind("56,0.2800,", 0) == 0);
    nn::RunResult r2 = r;
    r2.config.label = "second";
    const std::vector<std::string> s = lines_of(nn::summary_csv({r, r2}));
    CHECK_EQ(s.size(), std::size_t{3});
    CHECK(numeric_rows(s, 11, 2));
    CHECK(s[2].rfind("second,relu,8,0.5,8,2,", 0) == 0);
    CHECK_EQ(nn::epochs_csv({}), std::string("epoch,seconds,train_loss,train_accuracy,test_loss,test_accuracy\n"));
}

void test_grids() {
    nn::RunConfig base;
    const std::vector<nn::RunConfig> g = nn::compare_grid(base, {nn::Activation::Sigmoid, nn::Activation::ReLU},
                                                          {1, 64}, {0.01, 0.1});
    CHECK_EQ(g.size(), std::size_t{4});
    CHECK_EQ(g[0].label, std::string("sigmoid-online"));
    CHECK_EQ(g[3].label, std::string("relu-batch64"));
    CHECK_EQ(g[0].eta, 0.01);
    CHECK_EQ(g[1].eta, 0.1);
    CHECK_EQ(g[2].batch_size, std::size_t{1});
    CHECK(g[0].seed == g[3].seed && g[0].epochs == g[3].epochs && g[0].layers == g[3].layers);  // matched
    CHECK_THROWS_WITH(nn::compare_grid(base, {nn::Activation::ReLU}, {1, 64}, {0.1}), "one learning rate per batch size");
    const std::vector<nn::RunConfig> s = nn::sweep_grid(base, {30, 128});
    CHECK_EQ(s[1].label, std::string("hidden128"));
    CHECK(s[0].layers == (std::vector<std::size_t>{784, 30, 10}));
}

void test_confusion() {
    const nn::Mnist data = small_data();
    nn::Network<float> net({1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::RunConfig c = small_config(8);
    c.epochs = 1;
    nn::run_experiment(c, data, net);
    const nn::Evaluation ev = nn::evaluate(net, data.test);
    const nn::Confusion m = nn::confusion_matrix(net, data.test, 7);  // a chunk size that does not divide 60
    std::size_t total = 0, diagonal = 0;
    for (std::size_t r = 0; r < 10; ++r)
        for (std::size_t k = 0; k < 10; ++k) total += m.counts[r][k], diagonal += r == k ? m.counts[r][k] : 0;
    CHECK_EQ(total, data.test.size());
    CHECK_EQ(diagonal, ev.correct);
    CHECK_EQ(m.mistakes.size(), data.test.size() - ev.correct);
    for (const nn::Mistake& x : m.mistakes) CHECK(x.label == data.test.labels[x.index] && x.label != x.predicted);
    const std::vector<std::string> t = lines_of(nn::confusion_text(m, nn::identify_data_set("data").classes));
    CHECK_EQ(t.size(), std::size_t{12});  // header, ten rows, accuracy
    CHECK(t[0].find("recall") != std::string::npos);
    CHECK(t[11].find("accuracy") != std::string::npos);
}

void test_classes() {
    namespace fs = std::filesystem;
    const nn::DataSetInfo digits = nn::identify_data_set("data"), fashion = nn::identify_data_set("data/fashion"),
                          upper = nn::identify_data_set("somewhere/Fashion-MNIST/");
    CHECK_EQ(digits.name, std::string("MNIST"));
    CHECK_EQ(digits.classes[7], std::string("7"));
    CHECK_EQ(fashion.name, std::string("Fashion-MNIST"));
    CHECK_EQ(upper.classes[9], std::string("Ankle boot"));
    const testdata::TempDir tmp("nn-test-classes");
    const fs::path& dir = tmp.path;
    std::ofstream(dir / "DATASET") << "fashion-mnist\n";
    const nn::DataSetInfo marked = nn::identify_data_set(dir.string());
    CHECK_EQ(marked.classes[0], std::string("T-shirt/top"));
}

void test_progress() {
    const std::string p = nn::progress_line(30, 60, 3.0, 10);
    CHECK(p.rfind("\r[#####.....]", 0) == 0);
    CHECK(p.find("30/60") != std::string::npos);
    CHECK(p.find("10 samples/s") != std::string::npos);
    CHECK(p.find("ETA 0:03") != std::string::npos);
    CHECK(p.find('\n') == std::string::npos);
    CHECK(nn::progress_line(0, 60, 0, 10).find("0/60") != std::string::npos);
}

// Finite weights can still give a non-finite loss: here W1 and W2 hold 1e30, the training images
// are all zero (so ReLU hides W1 and the loss stays finite) and the test images all one (the
// products overflow float). The run stops with a divergence error instead of reporting the NaN.
void test_non_finite_evaluation() {
    nn::Mnist data;
    data.train.X = nn::Matrix<float>(20, 4, 0.0f);
    data.test.X = nn::Matrix<float>(4, 4, 1.0f);
    for (std::size_t i = 0; i < 20; ++i) data.train.labels.push_back(static_cast<std::uint8_t>(i % 2));
    data.test.labels = {0, 1, 0, 1};
    nn::RunConfig c;
    c.label = "huge";
    c.layers = {4, 2, 2};
    c.batch_size = 10;
    c.epochs = 2;
    c.eval_every = 0;
    nn::Network<float> net(c.layers, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    for (auto& layer : net.layers)
        for (std::size_t k = 0; k < layer.W.size(); ++k) layer.W[k] = 1e30f;
    nn::Rng rng(c.seed);
    CHECK_THROWS_WITH(nn::train_network(c, data, net, rng, {}), "training diverged: the loss on the test set is",
                      "after epoch 1 in run huge", "try a smaller learning rate than --lr 0.1");
}

// The default mini-batch step keeps W1 aside between its steps (fast/step_rows.hpp), and the training
// loop puts it back before anything reads the network (run/training.cpp). A 784-100-10 ReLU net, large
// enough for that step, on the fast engine at 2 threads: the figures of the plain step (the same
// kernels, backprop_and_update, which keeps nothing aside) at every interval's evaluation (mid-epoch)
// and every epoch's, and after a stop in the middle of an epoch, its network.
void test_fast_step_settled() {
    nn::Mnist data;
    data.train = testdata::prototypes(256, 784, 0.3, 5);
    data.test = testdata::prototypes(64, 784, 0.3, 6);
    for (std::size_t k = 0; k < data.train.X.size(); ++k)
        if (k % 784 % 10 < 7) data.train.X[k] = 0.0f;  // blank pixels, so that z1 skips steps
    nn::RunConfig c = small_config(16);
    c.label = "settled";
    c.layers = {784, 100, 10};
    c.eta = 0.1;
    c.eval_every = 40;
    struct Run {
        nn::RunResult result;
        nn::Network<float> net{{1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy};
    };
    nn::use_fast_kernels(2);
    const auto run = [&](bool fast, std::size_t stop_at) {
        nn::RunHooks hooks;
        if (!fast) hooks.learn = nn::backprop_and_update;
        hooks.after_batch = [stop_at](std::size_t epoch, std::size_t samples) { return epoch < 2 || samples != stop_at; };
        Run r;
        r.result = nn::run_experiment(c, data, r.net, hooks);
        return r;
    };
    const auto same = [](const nn::Evaluation& a, const nn::Evaluation& b) {
        return a.loss == b.loss && a.accuracy == b.accuracy && a.count == b.count && a.count > 0;
    };
    const auto same_net = [](const nn::Network<float>& a, const nn::Network<float>& b) {
        for (std::size_t l = 0; l < a.layers.size(); ++l)
            if (!(a.layers[l].W == b.layers[l].W) || !(a.layers[l].b == b.layers[l].b)) return false;
        return a.layers.size() == 2;
    };
    const Run fast = run(true, 0), plain = run(false, 0);
    CHECK_EQ(fast.result.intervals.size(), plain.result.intervals.size());
    CHECK(fast.result.intervals.size() >= 12);
    for (std::size_t i = 0; i < std::min(fast.result.intervals.size(), plain.result.intervals.size()); ++i)
        CHECK(same(fast.result.intervals[i].test, plain.result.intervals[i].test));
    CHECK_EQ(fast.result.epochs.size(), std::size_t{2});
    for (std::size_t e = 0; e < std::min(fast.result.epochs.size(), plain.result.epochs.size()); ++e) {
        CHECK(same(fast.result.epochs[e].train, plain.result.epochs[e].train));
        CHECK(same(fast.result.epochs[e].test, plain.result.epochs[e].test));
    }
    CHECK(same_net(fast.net, plain.net));
    const Run fast_stopped = run(true, 48), plain_stopped = run(false, 48);
    CHECK(fast_stopped.result.stopped && plain_stopped.result.stopped);
    CHECK(same_net(fast_stopped.net, plain_stopped.net));
    CHECK(!same_net(fast_stopped.net, fast.net));  // it did stop early

    // A stop right after a step that overflows rows of W1 (testdata::overflow_batches; its loss is
    // finite): train_epoch must see W1's infinities as it stops, so W1 must be back in the network.
    nn::Mnist over;
    over.train = testdata::overflow_set(16, 3);  // with label 3 the first loss is below the limit
    over.test = data.test;
    nn::RunConfig huge = c;
    huge.layers = {784, 300, 10};
    huge.eta = 3e38;
    huge.epochs = 1;
    huge.eval_every = 0;
    huge.shuffle = false;
    for (bool aside : {true, false}) {
        nn::RunHooks hooks;
        if (!aside) hooks.learn = nn::backprop_and_update;
        hooks.after_batch = [](std::size_t, std::size_t samples) { return samples != 16; };
        nn::Network<float> net({1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
        CHECK_THROWS_WITH(nn::run_experiment(huge, over, net, hooks), "W1 holds NaN or infinite values at batch 1 of 2");
    }
    nn::use_fast_kernels(1);
}

}  // namespace

int main() {
    test_run_intervals();
    test_same_as_plain_loop();
    test_cosine_schedule_in_loop();
    test_csv();
    test_grids();
    test_confusion();
    test_classes();
    test_progress();
    test_non_finite_evaluation();
    test_fast_step_settled();
    return check::report("test_experiments");
}
