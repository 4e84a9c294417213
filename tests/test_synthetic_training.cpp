// A real training run that needs no download: ten noisy prototypes in 64 dimensions. Online and
// mini-batch SGD, ReLU and sigmoid, must each learn them to a stated accuracy on held-out data.
#include <cstdio>

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

int main() {
    // The noise (amplitude 0.9 on 0/1 prototypes) makes single pixels unreliable; only a trained
    // network that combines many pixels reaches these figures. Untrained: about 0.1.
    CHECK(train_and_test(nn::Activation::ReLU, nn::Loss::CrossEntropy, 32, 0.1f, 5) >= 0.97);
    CHECK(train_and_test(nn::Activation::Sigmoid, nn::Loss::CrossEntropy, 1, 0.01f, 3) >= 0.97);
    CHECK(train_and_test(nn::Activation::Sigmoid, nn::Loss::SquaredError, 8, 0.5f, 10) >= 0.95);
    return check::report("synthetic_training");
}
