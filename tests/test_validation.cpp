// The validation split: sizes, disjoint parts that cover the training set, the same images held out
// for every configuration, seed and --train-limit, and a test set that is not looked at until the
// run ends, and early stopping handing back its best epoch. Why: docs/experiments.md#validation.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "app/setup.hpp"
#include "check.hpp"
#include "data/validation.hpp"
#include "fast/engine.hpp"
#include "idx_writer.hpp"
#include "run/training.hpp"
#include "synthetic.hpp"
#include "temp_dir.hpp"

namespace {

// m examples of 2 pixels whose first pixel is the example's index (an id that survives any reordering).
nn::Dataset numbered(std::size_t m) {
    nn::Dataset d;
    d.image_rows = 1;
    d.image_cols = 2;
    d.X = nn::Matrix<float>(m, 2);
    for (std::size_t i = 0; i < m; ++i) {
        d.X(i, 0) = static_cast<float>(i);
        d.labels.push_back(static_cast<std::uint8_t>(i % 10));
    }
    return d;
}

std::vector<std::size_t> ids(const nn::Dataset& d) {
    std::vector<std::size_t> v;
    for (std::size_t i = 0; i < d.size(); ++i) v.push_back(static_cast<std::size_t>(d.X(i, 0)));
    return v;
}

void test_sizes_and_disjoint() {
    nn::Dataset train = numbered(200);
    const nn::Dataset validation = nn::hold_out(train, 30);
    CHECK_EQ(train.size(), std::size_t{170});
    CHECK_EQ(validation.size(), std::size_t{30});
    const std::vector<std::size_t> kept = ids(train), held = ids(validation);
    std::set<std::size_t> all(kept.begin(), kept.end());
    for (std::size_t i : held) CHECK(all.insert(i).second);  // no image in both parts
    CHECK_EQ(all.size(), std::size_t{200});                   // and none lost
    CHECK(std::is_sorted(kept.begin(), kept.end()) && std::is_sorted(held.begin(), held.end()));
    for (std::size_t r = 0; r < train.size(); ++r) CHECK_EQ(train.labels[r], static_cast<std::uint8_t>(kept[r] % 10));
    for (std::size_t r = 0; r < validation.size(); ++r)
        CHECK_EQ(validation.labels[r], static_cast<std::uint8_t>(held[r] % 10));
    // A shuffle, not the last 30 rows of the file.
    CHECK(held != (std::vector<std::size_t>{170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184,
                                            185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197, 198, 199}));

    nn::Dataset again = numbered(200);
    CHECK(ids(nn::hold_out(again, 30)) == held);  // the same split every time
    nn::Dataset other = numbered(200);
    CHECK(ids(nn::hold_out(other, 30, nn::kValidationSeed + 1)) != held);  // the seed matters

    nn::Dataset whole = numbered(50);
    CHECK_EQ(nn::hold_out(whole, 0).size(), std::size_t{0});
    CHECK_EQ(whole.size(), std::size_t{50});
    CHECK_THROWS_WITH(nn::hold_out(whole, 50), "fewer than 50", "found 50");
}

// Through load_data, as every command gets its data: --seed and --train-limit do not move the split.
void test_same_split_for_every_run() {
    const testdata::TempDir tmp("nn-test-validation");
    std::vector<double> images, labels, test_images, test_labels;
    for (std::size_t i = 0; i < 120; ++i) {
        images.insert(images.end(), {static_cast<double>(i), 0, 0, 0});
        labels.push_back(static_cast<double>(i % 10));
    }
    for (std::size_t i = 0; i < 20; ++i) {
        test_images.insert(test_images.end(), {static_cast<double>(i), 1, 1, 1});
        test_labels.push_back(static_cast<double>(i % 10));
    }
    const std::string dir = tmp.path.string();
    testdata::write_idx(dir + "/train-images-idx3-ubyte", nn::IdxType::UByte, {120, 2, 2}, images);
    testdata::write_idx(dir + "/train-labels-idx1-ubyte", nn::IdxType::UByte, {120}, labels);
    testdata::write_idx(dir + "/t10k-images-idx3-ubyte", nn::IdxType::UByte, {20, 2, 2}, test_images);
    testdata::write_idx(dir + "/t10k-labels-idx1-ubyte", nn::IdxType::UByte, {20}, test_labels);

    nn::Options o;
    o.data_dir = dir;
    o.layers.clear();  // no layer check: these are 2 x 2 images
    o.batch_size = 1;
    o.validation = 20;
    o.given.insert("--validation");
    const nn::Mnist a = nn::load_data(o);
    o.seed = 7;
    const nn::Mnist b = nn::load_data(o);
    o.train_limit = 40;
    const nn::Mnist c = nn::load_data(o);
    const auto id = [](const nn::Dataset& d) {  // pixel values are stored as /255
        std::vector<long> v;
        for (std::size_t i = 0; i < d.size(); ++i) v.push_back(std::lround(d.x(i, 0) * 255));
        return v;
    };
    CHECK_EQ(a.validation.size(), std::size_t{20});
    CHECK_EQ(a.train.size(), std::size_t{100});
    CHECK(id(a.validation) == id(b.validation) && id(a.validation) == id(c.validation));
    CHECK_EQ(c.train.size(), std::size_t{40});
    const std::vector<long> first = id(a.train);
    CHECK(id(c.train) == std::vector<long>(first.begin(), first.begin() + 40));  // the limit cuts what is left
    CHECK(id(a.test) == id(b.test) && a.test.size() == 20);                      // the test set as it was

    // Without --validation on the command line, compare's default of 10000 becomes a sixth here.
    o.given.clear();
    o.validation = 10000;
    o.train_limit = 0;
    CHECK_EQ(nn::load_data(o).validation.size(), std::size_t{20});
    o.given.insert("--validation");
    CHECK_THROWS_WITH(nn::load_data(o), "--validation: expected fewer than 120", "found 10000");
    o.validation = 0;
    CHECK_EQ(nn::load_data(o).validation.size(), std::size_t{0});
}

nn::RunConfig small_config() {
    nn::RunConfig c;
    c.label = "held";
    c.layers = {16, 8, 10};
    c.batch_size = 8;
    c.eta = 0.5;
    c.epochs = 3;
    c.eval_every = 50;
    return c;
}

// With a validation set the epochs and intervals hold validation figures only, and the test set is
// read once, after the last epoch: a test set whose pixels overflow float (1e38: a non-finite loss)
// lets every epoch finish and then fails.
void test_test_set_untouched() {
    nn::Mnist data;
    data.train = testdata::prototypes(200, 16, 0.3, 1);
    data.validation = nn::hold_out(data.train, 40);
    data.test = testdata::prototypes(60, 16, 0.3, 1);
    nn::Network<float> net({1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    const nn::RunResult r = nn::run_experiment(small_config(), data, net);
    CHECK(r.validated);
    CHECK_EQ(r.epochs.size(), std::size_t{3});
    for (const nn::EpochRow& e : r.epochs) CHECK(e.test.count == 0 && e.validation.count == 40);
    for (const nn::IntervalRow& i : r.intervals) CHECK(i.test.count == 0 && i.validation.count == 40);
    CHECK_EQ(r.final_test.count, std::size_t{60});
    CHECK_EQ(r.final_test.loss, nn::evaluate(net, data.test).loss);  // the trained network's, once
    std::size_t right = 0;  // the per-image correctness that McNemar's test pairs agrees with the count
    for (std::uint8_t c : r.test_correct) right += c;
    CHECK(r.test_correct.size() == 60 && right == r.final_test.correct);
    CHECK(r.epochs.back().validation.accuracy > 0.5);                 // it learns
    CHECK_EQ(std::string(nn::watched_set(r)), std::string("validation"));

    nn::Mnist poisoned = data;
    for (std::size_t k = 0; k < poisoned.test.X.size(); ++k) poisoned.test.X[k] = 1e38f;
    poisoned.test.value.fill(1e38f);  // when the images are held as bytes
    std::size_t epochs_seen = 0;
    nn::RunHooks hooks;
    hooks.on_epoch = [&](const nn::EpochRow&) { ++epochs_seen; };
    CHECK_THROWS_WITH(nn::run_experiment(small_config(), poisoned, net, hooks), "the loss on the test set is",
                      "after the last epoch");
    CHECK_EQ(epochs_seen, std::size_t{3});

    // Without one, today's behaviour: the test set every epoch, and final_test is the last epoch's.
    data.validation = nn::Dataset{};
    const nn::RunResult t = nn::run_experiment(small_config(), data, net);
    CHECK(!t.validated && t.epochs.back().validation.count == 0);
    CHECK_EQ(t.final_test.loss, t.epochs.back().test.loss);
    CHECK_EQ(std::string(nn::watched_set(t)), std::string("test"));
}

// Early stopping hands back its best epoch's network (docs/20-early-stopping.md): the very weights,
// bit for bit, that a run of best_epoch epochs from the same seed ends with (at a constant rate the
// first epochs do not depend on how many follow), not those of the last epoch it trained.
void test_early_stopping_returns_best_epoch() {
    nn::Mnist data;
    data.train = testdata::prototypes(300, 16, 0.9, 4);
    data.validation = nn::hold_out(data.train, 100);
    data.test = testdata::prototypes(60, 16, 0.9, 4);
    nn::RunConfig c = small_config();
    c.epochs = 40;
    c.early_stop = 2;
    nn::Network<float> stopped({1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    const nn::RunResult r = nn::run_experiment(c, data, stopped);
    std::printf("early stopping: best epoch %zu of %zu trained\n", r.best_epoch, r.epochs.size());
    CHECK(r.early_stopped);  // 40 epochs of lr 0.5 on 200 noisy examples overfit
    CHECK(r.best_epoch >= 1 && r.best_epoch + 2 == r.epochs.size());
    c.epochs = r.best_epoch;
    c.early_stop = 0;
    nn::Network<float> shorter({1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::run_experiment(c, data, shorter);
    for (std::size_t l = 0; l < 2; ++l) {
        CHECK(stopped.layers[l].W == shorter.layers[l].W);
        CHECK(stopped.layers[l].b == shorter.layers[l].b);
    }
}

// The same on the fast engine's default step, which keeps W1 aside between its steps (fast/step_rows.hpp)
// until the training loop puts it back (run/training.cpp): a 784-100-10 ReLU net at 2 threads gives
// the validation figures of every interval and epoch, the best epoch and its network of the plain
// step (the same kernels, backprop_and_update, nothing kept aside); and a run stopped right after a
// step that overflows W1 (train_network, lr 3e38) reports the infinities in W1 as the plain step does.
void test_early_stopping_on_the_fast_step() {
    nn::use_fast_kernels(2);
    nn::Mnist data;
    data.train = testdata::prototypes(300, 784, 0.9, 7);
    for (std::size_t k = 0; k < data.train.X.size(); ++k)
        if (k % 784 % 4 == 0) data.train.X[k] = 0.0f;
    data.validation = nn::hold_out(data.train, 100);
    data.test = testdata::prototypes(60, 784, 0.9, 8);
    nn::RunConfig c = small_config();
    c.layers = {784, 100, 10};
    c.eta = 0.5;
    c.epochs = 12;
    c.early_stop = 2;
    c.eval_every = 70;
    nn::Network<float> aside({1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy), plain = aside;
    nn::RunHooks plain_step;
    plain_step.learn = nn::backprop_and_update;
    const nn::RunResult a = nn::run_experiment(c, data, aside), p = nn::run_experiment(c, data, plain, plain_step);
    CHECK(a.epochs.size() == p.epochs.size() && a.intervals.size() == p.intervals.size() && !a.intervals.empty());
    for (std::size_t e = 0; e < std::min(a.epochs.size(), p.epochs.size()); ++e)
        CHECK(a.epochs[e].validation.loss == p.epochs[e].validation.loss && a.epochs[e].train.loss == p.epochs[e].train.loss);
    for (std::size_t i = 0; i < std::min(a.intervals.size(), p.intervals.size()); ++i)
        CHECK(a.intervals[i].validation.loss == p.intervals[i].validation.loss);
    CHECK_EQ(a.best_epoch, p.best_epoch);
    CHECK(a.early_stopped && a.best_epoch < a.epochs.size());  // it stopped early and handed back an earlier epoch
    CHECK_EQ(a.final_test.loss, p.final_test.loss);
    for (std::size_t l = 0; l < 2; ++l) CHECK(aside.layers[l].W == plain.layers[l].W && aside.layers[l].b == plain.layers[l].b);

    nn::Mnist over;
    over.train = testdata::overflow_set(8, 3);  // label 3: the first loss stays below the limit
    over.test = data.test;
    c.layers = {784, 300, 10};
    c.eta = 3e38;
    c.eval_every = 0;
    c.early_stop = 0;
    c.shuffle = false;
    for (const nn::RunHooks& step : {nn::RunHooks{}, plain_step}) {
        nn::RunHooks hooks = step;
        hooks.after_batch = [](std::size_t, std::size_t samples) { return samples != 8; };
        nn::Network<float> net(c.layers, c.activation, c.loss);
        nn::Rng rng(c.seed);
        net.init(nn::Init::He, rng);
        CHECK_THROWS_WITH(nn::train_network(c, over, net, rng, hooks), "W1 holds NaN or infinite values at batch 1 of 2");
    }
    nn::use_fast_kernels(1);
}

}  // namespace

int main() {
    test_sizes_and_disjoint();
    test_same_split_for_every_run();
    test_test_set_untouched();
    test_early_stopping_returns_best_epoch();
    test_early_stopping_on_the_fast_step();
    return check::report("test_validation");
}
