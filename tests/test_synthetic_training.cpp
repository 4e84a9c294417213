// A real training run that needs no download: ten noisy prototypes in 64 dimensions. Online and
// mini-batch SGD, ReLU and sigmoid, must each learn them to a stated accuracy on held-out data; and the
// figures an epoch reports (mean batch loss, evaluation in chunks) are the means they claim to be.
#include <cmath>
#include <cstdio>
#include <vector>

#include "check.hpp"
#include "nn/metrics.hpp"
#include "nn/sgd.hpp"
#include "synthetic.hpp"

static double train_and_test(nn::Activation act, nn::Loss loss, std::size_t batch, float eta, int epochs) {
    // Same prototypes (seed 7); the test examples are other draws of the noise than the training ones.
    const testdata::Split data = testdata::prototype_split(2000, 3000, 64, 0.9, 7);
    const nn::Dataset& train = data.train;
    const nn::Dataset& test = data.test;
    nn::Network<float> net({64, 32, 10}, act, loss);
    nn::Rng rng(1);
    net.init(act == nn::Activation::ReLU ? nn::Init::He : nn::Init::Xavier, rng);
    std::vector<std::size_t> order = nn::identity_order(train.size());
    nn::Batch b;
    const double before = nn::evaluate(net, test).accuracy;
    for (int e = 0; e < epochs; ++e) nn::train_epoch(net, train, order, batch, eta, rng, b);
    const double after = nn::evaluate(net, test).accuracy;
    std::printf("%s/%s batch %zu: test accuracy %.4f before, %.4f after training\n", nn::name(act),
                nn::name(loss), batch, before, after);
    return after;
}

// The figures of an epoch: mean_batch_loss is the mean of the batch losses the steps saw (recorded by
// a Learn that then does the usual step), and evaluate gives the same mean loss and accuracy whatever
// the chunk size (each chunk's mean weighted by its size; 3000 = 428 chunks of 7 + 4).
std::vector<double> g_batch_losses;
std::vector<std::uint8_t> g_labels;  // the labels in the order the steps saw them
static void record_and_learn(nn::Network<float>& net, const nn::Batch& batch, float eta) {
    g_batch_losses.push_back(net.loss(batch.labels));  // forward has run on this batch
    g_labels.insert(g_labels.end(), batch.labels.begin(), batch.labels.end());
    nn::backprop_and_update(net, batch, eta);
}

static void test_epoch_figures() {
    const testdata::Split data = testdata::prototype_split(2000, 3000, 64, 0.9, 7);
    nn::Network<float> net({64, 32, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(2);
    net.init(nn::Init::He, rng);
    std::vector<std::size_t> order = nn::identity_order(data.train.size());
    nn::Batch b;
    std::vector<std::uint8_t> previous;
    for (int e = 0; e < 2; ++e) {
        g_batch_losses.clear();
        g_labels.clear();
        const nn::EpochStats stats = nn::train_epoch(net, data.train, order, 48, 0.1f, rng, b, {}, record_and_learn);
        CHECK_EQ(g_batch_losses.size(), std::size_t{42});  // 41 batches of 48 and one of 32
        double sum = 0;
        for (double l : g_batch_losses) sum += l;
        CHECK_REL(stats.mean_batch_loss, sum / 42, 1e-12);
        CHECK_EQ(g_labels.size(), data.train.size());
        CHECK(g_labels != previous);  // a fresh order every epoch (docs/07-sgd.md)
        previous = g_labels;
    }
    const nn::Evaluation whole = nn::evaluate(net, data.test, 3000), small = nn::evaluate(net, data.test, 7);
    CHECK_REL(small.loss, whole.loss, 1e-6);
    CHECK_EQ(small.correct, whole.correct);
    CHECK(whole.loss > 0 && whole.loss < std::log(10.0));
}

int main() {
    // The noise (amplitude 0.9 on 0/1 prototypes) makes single pixels unreliable; only a trained
    // network that combines many pixels reaches these figures. Untrained: about 0.1.
    CHECK(train_and_test(nn::Activation::ReLU, nn::Loss::CrossEntropy, 32, 0.1f, 5) >= 0.97);
    CHECK(train_and_test(nn::Activation::Sigmoid, nn::Loss::CrossEntropy, 1, 0.01f, 3) >= 0.97);
    CHECK(train_and_test(nn::Activation::Sigmoid, nn::Loss::SquaredError, 8, 0.5f, 10) >= 0.95);
    test_epoch_figures();
    return check::report("synthetic_training");
}
