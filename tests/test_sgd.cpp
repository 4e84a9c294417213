// SGD: the update rule, a step along minus the numerical gradient, and the epoch loop (shuffling,
// the last partial batch, divergence).
#include <cmath>
#include <string>
#include <set>
#include <vector>

#include "check.hpp"
#include "fast/engine.hpp"
#include "nn/sgd.hpp"
#include "synthetic.hpp"

using nn::Matrix;

static void test_sgd_step() {
    // The plain loop (no engine installed yet), down to the last value.
    Matrix<double> theta(1, 4), dtheta(1, 4);
    theta[0] = 1; theta[1] = -2; theta[2] = 0.5; theta[3] = 0.5;
    dtheta[0] = 0.5; dtheta[1] = -1; dtheta[2] = 0; dtheta[3] = 2;
    nn::sgd_step(theta, dtheta, 0.1);
    CHECK_REL(theta[0], 0.95, 1e-15);   // 1 - 0.1 * 0.5
    CHECK_REL(theta[1], -1.9, 1e-15);   // -2 - 0.1 * -1
    CHECK_EQ(theta[2], 0.5);
    CHECK_REL(theta[3], 0.3, 1e-15);    // 0.5 - 0.1 * 2
    Matrix<double> wrong(2, 4);
    CHECK_THROWS_WITH(nn::sgd_step(theta, wrong, 0.1), "sgd_step", "expected 1 x 4", "found 2 x 4");
}

// A matrix as large as W1 is updated by all threads in blocks of rows: every value must still get
// exactly theta - eta * dtheta (values chosen so that the step is exact, fused or not), with any
// thread count, including the rows at the edges of the blocks.
static void test_sgd_step_parallel() {
    for (int threads : {1, 2, 3}) {
        nn::use_fast_kernels(threads);
        Matrix<float> theta(785, 300), dtheta(785, 300);
        for (std::size_t k = 0; k < theta.size(); ++k) {
            theta[k] = static_cast<float>(k % 1000);
            dtheta[k] = static_cast<float>(k % 7);
        }
        nn::sgd_step(theta, dtheta, 0.25f);
        std::size_t wrong = 0;
        for (std::size_t k = 0; k < theta.size(); ++k) {
            const float x = static_cast<float>(k % 1000), d = static_cast<float>(k % 7);
            wrong += theta[k] != x - 0.25f * d;
        }
        CHECK_EQ(wrong, std::size_t(0));
    }
    nn::use_fast_kernels(1);
}

// gather_batch copies rows order[begin..end) and their labels, on all threads for a large batch.
static void test_gather_batch() {
    const nn::Dataset data = testdata::prototypes(200, 784, 0.5, 4);
    std::vector<std::size_t> order(data.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = order.size() - 1 - i;  // reversed
    for (int threads : {1, 2}) {
        nn::use_fast_kernels(threads);
        nn::Batch batch;
        nn::gather_batch(data, order, 5, 5 + 67, batch);
        CHECK_EQ(batch.X.rows(), std::size_t(67));
        CHECK_EQ(batch.labels.size(), std::size_t(67));
        std::size_t wrong = 0;
        for (std::size_t r = 0; r < 67; ++r) {
            const std::size_t example = order.size() - 1 - (5 + r);
            wrong += batch.labels[r] != data.labels[example];
            for (std::size_t c = 0; c < 784; ++c) wrong += batch.X(r, c) != data.X(example, c);
        }
        CHECK_EQ(wrong, std::size_t(0));
    }
    nn::use_fast_kernels(1);
}

// One sgd_update moves every parameter, each W and each b of each layer, by -eta times its
// central-difference gradient.
static void test_step_follows_numeric_gradient() {
    nn::Rng rng(2);
    nn::Network<double> net({4, 3, 2}, nn::Activation::Sigmoid, nn::Loss::CrossEntropy);
    net.init(nn::Init::Xavier, rng);
    Matrix<double> X(2, 4);
    for (std::size_t k = 0; k < X.size(); ++k) X[k] = rng.uniform();
    const std::vector<std::uint8_t> labels = {1, 0};
    const double eta = 0.5, h = 1e-5;

    nn::Network<double> before = net;
    // The central-difference gradient of every W and b of every layer, then one step.
    std::vector<Matrix<double>> numeric;
    for (nn::Layer<double>& layer : net.layers)
        for (Matrix<double>* theta : {&layer.W, &layer.b}) {
            Matrix<double> g = *theta;
            for (std::size_t k = 0; k < theta->size(); ++k) {
                const double saved = (*theta)[k];
                (*theta)[k] = saved + h;
                net.forward(X);
                const double plus = net.loss(labels);
                (*theta)[k] = saved - h;
                net.forward(X);
                const double minus = net.loss(labels);
                (*theta)[k] = saved;
                g[k] = (plus - minus) / (2 * h);
            }
            numeric.push_back(g);
        }
    net.forward(X);
    net.backward(X, labels);
    nn::sgd_update(net, eta);
    std::size_t n = 0;
    for (std::size_t l = 0; l < net.layers.size(); ++l)
        for (int which = 0; which < 2; ++which, ++n) {
            const Matrix<double>& after = which == 0 ? net.layers[l].W : net.layers[l].b;
            const Matrix<double>& old = which == 0 ? before.layers[l].W : before.layers[l].b;
            // Guard: a gradient of all zeros would make the check below pass for any update rule
            // that leaves theta alone.
            double norm = 0;
            for (std::size_t k = 0; k < numeric[n].size(); ++k) norm += numeric[n][k] * numeric[n][k];
            CHECK(std::sqrt(norm) > 1e-3);
            for (std::size_t k = 0; k < numeric[n].size(); ++k)
                CHECK_REL(after[k] - old[k], -eta * numeric[n][k], 1e-6);
        }
    CHECK_EQ(n, std::size_t{4});  // W1, b1, W2, b2
}

// Every epoch visits the examples in a fresh order drawn from the Rng: the order of epoch e is the
// identity shuffled e times by a twin Rng (one Fisher-Yates pass per epoch, carried over), so an
// epoch that repeated the order of the one before (shuffling once, or with a copy of the Rng) fails.
std::vector<std::size_t> g_visited;  // example indices in the order learn saw them
std::vector<double> g_losses;        // the loss of each batch, as the step saw it
static void record_examples(nn::Network<float>& net, const nn::Batch& batch, float) {
    for (std::size_t r = 0; r < batch.X.rows(); ++r) g_visited.push_back(static_cast<std::size_t>(batch.X(r, 0)));
    g_losses.push_back(net.loss(batch.labels));
}

static void test_epoch_reshuffles() {
    nn::Dataset data;
    data.X = Matrix<float>(12, 2);
    data.labels.assign(12, 0);
    for (std::size_t i = 0; i < 12; ++i) data.X(i, 0) = static_cast<float>(i);  // example i carries its index
    nn::Network<float> net({2, 3, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng init_rng(3), rng(7), twin(7);
    net.init(nn::Init::He, init_rng);  // record_examples leaves the weights alone: the batch losses differ by example
    std::vector<std::size_t> order = nn::identity_order(12), expected = nn::identity_order(12), previous;
    nn::Batch batch;
    for (int epoch = 1; epoch <= 4; ++epoch) {
        g_visited.clear();
        g_losses.clear();
        const nn::EpochStats stats = nn::train_epoch(net, data, order, 5, 0.1f, rng, batch, {}, record_examples);
        nn::shuffle(expected, twin);
        CHECK(g_visited == expected);  // batches of 5, 5, 2 in the shuffled order
        CHECK(g_visited != previous);  // never the order of the epoch before
        previous = g_visited;
        // The epoch's mean batch loss is the mean over its 3 batches.
        CHECK_EQ(g_losses.size(), std::size_t{3});
        CHECK_REL(stats.mean_batch_loss, (g_losses[0] + g_losses[1] + g_losses[2]) / 3, 1e-15);
        CHECK(g_losses[0] != g_losses[2]);
    }
    // Even two examples are reshuffled: over 20 epochs both orders occur (a shuffle that skipped its
    // last swap would never move them).
    nn::Dataset two;
    two.X = Matrix<float>(2, 2);
    two.X(1, 0) = 1;
    two.labels = {0, 1};
    std::vector<std::size_t> order2 = nn::identity_order(2);
    std::set<std::vector<std::size_t>> seen;
    for (int epoch = 0; epoch < 20; ++epoch) {
        g_visited.clear();
        nn::train_epoch(net, two, order2, 2, 0.1f, rng, batch, {}, record_examples);
        seen.insert(g_visited);
    }
    CHECK_EQ(seen.size(), std::size_t{2});
}

static void test_epoch() {
    const nn::Dataset data = testdata::prototypes(103, 20, 0.3, 1);  // 103 = 10 batches of 10 + 3
    nn::Network<float> net({20, 8, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(1);
    net.init(nn::Init::He, rng);
    std::vector<std::size_t> order = nn::identity_order(data.size());
    nn::Batch batch;
    std::vector<std::size_t> seen;
    const nn::EpochStats stats = nn::train_epoch(net, data, order, 10, 0.1f, rng, batch, [&](std::size_t s) {
        seen.push_back(s);
        return true;
    });
    CHECK_EQ(stats.samples, 103u);
    CHECK(!stats.stopped);
    CHECK_EQ(seen.size(), 11u);  // the last, partial batch of 3 is trained on too
    CHECK_EQ(seen.back(), 103u);
    CHECK(std::isfinite(stats.mean_batch_loss) && stats.mean_batch_loss > 0);
    // order is a reshuffled permutation of 0..102.
    CHECK_EQ(std::set<std::size_t>(order.begin(), order.end()).size(), 103u);
    bool moved = false;
    for (std::size_t i = 0; i < order.size(); ++i) moved = moved || order[i] != i;
    CHECK(moved);

    // The callback can stop the epoch early.
    const nn::EpochStats early = nn::train_epoch(net, data, order, 10, 0.1f, rng, batch,
                                                 [](std::size_t s) { return s < 30; });
    CHECK(early.stopped);
    CHECK_EQ(early.samples, 30u);

    // A huge learning rate diverges; training stops at once with the batch number.
    nn::Network<float> wild({20, 8, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    wild.init(nn::Init::He, rng);
    CHECK_THROWS_WITH(nn::train_epoch(wild, data, order, 10, 1e30f, rng, batch), "diverged", "batch", "of 11");
    // An exploded but finite cross-entropy loss is divergence too (--lr 1000 gives losses of hundreds).
    nn::Network<float> big({20, 8, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    big.init(nn::Init::He, rng);
    for (std::size_t k = 0; k < big.layers[1].W.size(); ++k) big.layers[1].W[k] *= 1e4f;
    CHECK_THROWS_WITH(nn::train_epoch(big, data, order, 10, 0.1f, rng, batch), "diverged", "above 100 ln(10)",
                      "at batch 1 of 11");
    CHECK_REL(nn::exploded_loss(10), 100 * std::log(10.0), 1e-15);
    // NaN weights behind ReLU leave the loss finite (ReLU maps NaN to 0); the end-of-epoch check sees them.
    nn::Network<float> dead({20, 8, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    dead.init(nn::Init::He, rng);
    CHECK_EQ(nn::first_non_finite_parameter(dead), std::string(""));
    for (std::size_t k = 0; k < dead.layers[0].W.size(); ++k) dead.layers[0].W[k] = std::nanf("");
    CHECK_THROWS_WITH(nn::train_epoch(dead, data, order, 10, 0.1f, rng, batch), "diverged",
                      "W1 holds NaN or infinite values", "of 11");
    dead.init(nn::Init::He, rng);
    dead.layers[1].b[3] = INFINITY;
    CHECK_EQ(nn::first_non_finite_parameter(dead), std::string("b2"));
    CHECK_THROWS_WITH(nn::train_epoch(net, data, order, 0, 0.1f, rng, batch), "batch size", "found 0");
}

int main() {
    test_sgd_step();
    test_sgd_step_parallel();
    test_gather_batch();
    test_step_follows_numeric_gradient();
    test_epoch();
    test_epoch_reshuffles();
    return check::report("sgd");
}
