// Inverted dropout (docs/18-dropout.md): the mask's kept fraction and scale, a gradient check through
// a fixed mask, no mask in evaluation, and training with dropout and Adam identical at 1 and 2 threads.
#include <cmath>
#include <cstdio>

#include "check.hpp"
#include "gradcheck.hpp"
#include "fast/engine.hpp"
#include "nn/dropout.hpp"
#include "nn/metrics.hpp"
#include "run/training.hpp"
#include "synthetic.hpp"

using nn::Matrix;

namespace {

// (18.1): each value is 0 or exactly 1/(1 - P), and the number kept out of n is Binomial(n, 1 - P):
// it lies within 5 standard deviations sqrt(n P (1 - P)) of n (1 - P) except with probability < 1e-6.
void test_mask_kept_fraction() {
    for (double P : {0.2, 0.5, 0.8}) {
        nn::Rng rng(4);
        Matrix<float> mask;
        nn::dropout_mask(mask, 200, 500, P, rng);
        const double n = double(mask.size()), kept_value = float(1.0 / (1.0 - P));
        double kept = 0;
        bool values_ok = true;
        for (std::size_t k = 0; k < mask.size(); ++k) {
            if (mask[k] != 0.0f) ++kept;
            values_ok = values_ok && (mask[k] == 0.0f || mask[k] == float(kept_value));
        }
        const double sd = std::sqrt(n * P * (1 - P));
        std::printf("dropout P %.1f: kept %.0f of %.0f, expected %.0f +- %.0f (1 sd)\n", P, kept, n, n * (1 - P), sd);
        CHECK(values_ok);
        CHECK(std::fabs(kept - n * (1 - P)) < 5 * sd);
    }
    nn::Rng rng(1);
    Matrix<float> mask;
    CHECK_THROWS_WITH(nn::dropout_mask(mask, 2, 2, 1.0, rng), "[0, 1)");
}

// The same seed gives the same mask; another seed another one.
void test_mask_reproducible() {
    Matrix<float> a, b, c;
    nn::Rng r1(9), r2(9), r3(10);
    nn::dropout_mask(a, 10, 20, 0.5, r1);
    nn::dropout_mask(b, 10, 20, 0.5, r2);
    nn::dropout_mask(c, 10, 20, 0.5, r3);
    CHECK(a == b);
    CHECK(a != c);
}

// (18.4): with the masks fixed (the same Rng seed before each pass draws the same masks), the
// gradient of the loss of forward_train is what backward() computes: every entry of W1, b1, W2,
// b2, W3, b3 of a 6-5-5-4 network (two hidden layers, both masked), batch 3, in double.
void test_gradient_through_fixed_mask() {
    const double h = gradcheck::h, tolerance = gradcheck::tolerance;
    for (nn::Activation act : {nn::Activation::ReLU, nn::Activation::Sigmoid}) {
        nn::Network<double> net({6, 5, 5, 4}, act, nn::Loss::CrossEntropy);
        nn::Rng rng(5);
        net.init(act == nn::Activation::ReLU ? nn::Init::He : nn::Init::Xavier, rng);
        net.dropout = 0.4;
        // Non-zero biases: a row of h * mask that is all zeros would otherwise give z = 0 exactly,
        // the ReLU kink.
        for (nn::Layer<double>& layer : net.layers)
            for (std::size_t k = 0; k < layer.b.size(); ++k) layer.b[k] = 2 * rng.uniform() - 1;
        Matrix<double> X(3, 6);
        for (std::size_t k = 0; k < X.size(); ++k) X[k] = 2 * rng.uniform() - 1;
        const std::vector<std::uint8_t> labels{2, 0, 3};
        const auto loss = [&] {
            nn::Rng masks(78);
            net.forward_train(X, masks);
            return net.loss(labels);
        };
        loss();
        std::size_t dropped = 0;
        for (std::size_t l = 0; l < 2; ++l)
            for (std::size_t k = 0; k < net.layers[l].mask.size(); ++k) dropped += net.layers[l].mask[k] == 0;
        CHECK(dropped > 0);  // the masks really drop units, so the check covers them
        for (std::size_t l = 0; l < 2; ++l)
            for (std::size_t k = 0; k < net.layers[l].z.size(); ++k)
                CHECK(std::fabs(net.layers[l].z[k]) > 10 * h);  // away from the ReLU kink
        net.backward(X, labels);
        double worst = 0, norm = 0;
        for (std::size_t l = 0; l < net.layers.size(); ++l) {
            nn::Layer<double>& layer = net.layers[l];
            const Matrix<double> dW = layer.dW, db = layer.db;  // backward's, before the loss() calls below
            for (const Matrix<double>* d : {&dW, &db})
                for (std::size_t i = 0; i < d->size(); ++i) norm += (*d)[i] * (*d)[i];
            const std::string n = std::to_string(l + 1);
            worst = std::fmax(worst, gradcheck::worst_relative_error("W" + n, layer.W, dW, loss));
            worst = std::fmax(worst, gradcheck::worst_relative_error("b" + n, layer.b, db, loss));
        }
        std::printf("dropout gradient (%s): worst relative error %.2e\n", nn::name(act), worst);
        CHECK(std::sqrt(norm) > 1e-3);
        CHECK(worst < tolerance);
    }
}

// Evaluation never masks: forward() of a network with dropout = 0.5 gives the outputs of the same
// network without dropout, bit for bit, and draws nothing; forward_train with dropout 0 is forward.
void test_evaluation_without_mask() {
    nn::Network<float> net({20, 16, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(6);
    net.init(nn::Init::He, rng);
    Matrix<float> X(4, 20);
    for (std::size_t k = 0; k < X.size(); ++k) X[k] = float(rng.uniform());
    const Matrix<float> plain = net.forward(X);
    nn::Network<float> dropping = net;
    dropping.dropout = 0.5;
    CHECK(dropping.forward(X) == plain);
    nn::Rng a(3), b(3);
    dropping.forward_train(X, a);
    CHECK(dropping.output() != plain);  // training does mask
    CHECK(dropping.forward(X) == plain);  // and evaluation afterwards does not
    net.forward_train(X, b);            // dropout 0: no draws, same outputs
    CHECK(net.output() == plain);
    CHECK(b.next() == nn::Rng(3).next());
    const nn::Dataset data = testdata::prototypes(50, 20, 0.3, 1);
    const nn::Evaluation e1 = nn::evaluate(net, data), e2 = nn::evaluate(dropping, data);
    CHECK_EQ(e1.loss, e2.loss);
    CHECK_EQ(e1.correct, e2.correct);
}

// Training with dropout, Adam and weight decay through the one training loop: identical weights at
// 1 and 2 threads (the masks come from the training Rng, drawn in one order), and from run to run.
nn::Network<float> train(int threads) {
    nn::use_fast_kernels(threads);
    const testdata::Split split = testdata::prototype_split(600, 100, 784, 0.5, 3);
    nn::Mnist data;
    data.train = split.train;
    data.test = split.test;
    nn::RunConfig c;
    c.layers = {784, 300, 10};
    c.epochs = 2;
    c.eta = 0.001;
    c.dropout = 0.3;
    c.optimizer.method = nn::Method::Adam;
    c.optimizer.weight_decay = 1e-4;
    nn::Network<float> net({1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::run_experiment(c, data, net);
    nn::use_fast_kernels(1);
    return net;
}

void test_threads_identical() {
    const nn::Network<float> one = train(1), two = train(2), again = train(1);
    for (std::size_t l = 0; l < one.layers.size(); ++l) {
        CHECK(one.layers[l].W == two.layers[l].W);
        CHECK(one.layers[l].b == two.layers[l].b);
        CHECK(one.layers[l].W == again.layers[l].W);
    }
}

}  // namespace

int main() {
    test_mask_kept_fraction();
    test_mask_reproducible();
    test_gradient_through_fixed_mask();
    test_evaluation_without_mask();
    test_threads_identical();
    return check::report("dropout");
}
