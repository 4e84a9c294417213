// Network<T>: construction errors, shapes, initialisation statistics, that the gradient of a batch
// is the mean of the gradients of its examples (the 1/m of docs/06-backprop.md), and dropout by hand.
#include <cmath>

#include "check.hpp"
#include "nn/network.hpp"

using nn::Matrix;

static void test_construction() {
    nn::Network<float> net({784, 300, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    CHECK_EQ(net.describe(), std::string("784-300-10"));
    CHECK_EQ(net.layers.size(), 2u);
    CHECK_EQ(net.layers[0].W.shape(), std::string("784 x 300"));
    CHECK_EQ(net.layers[0].b.shape(), std::string("1 x 300"));
    CHECK_EQ(net.layers[1].W.shape(), std::string("300 x 10"));
    CHECK_EQ(net.layers[1].b.shape(), std::string("1 x 10"));
    CHECK_THROWS_WITH(nn::Network<float>({784}, nn::Activation::ReLU, nn::Loss::CrossEntropy),
                      "expected at least 2 layer sizes", "found 1");
    CHECK_THROWS_WITH(nn::Network<float>({784, 0, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy),
                      "layer size 1", "found 0");

    Matrix<float> X(5, 784, 0.5f);
    const Matrix<float>& p = net.forward(X);
    CHECK_EQ(p.shape(), std::string("5 x 10"));
    CHECK_EQ(net.layers[0].z.shape(), std::string("5 x 300"));
    CHECK_EQ(net.layers[0].h.shape(), std::string("5 x 300"));
    // All parameters zero before init(): z2 = 0, p uniform, loss ln 10.
    CHECK_REL(p(0, 3), 0.1, 1e-6);
    CHECK_REL(net.loss({0, 1, 2, 3, 4}), std::log(10.0), 1e-6);
}

// Sample mean and standard deviation of W's entries.
static void moments(const Matrix<double>& W, double& mean, double& std) {
    double s = 0, s2 = 0;
    for (std::size_t k = 0; k < W.size(); ++k) { s += W[k]; s2 += W[k] * W[k]; }
    mean = s / static_cast<double>(W.size());
    std = std::sqrt(s2 / static_cast<double>(W.size()) - mean * mean);
}

static void test_init() {
    nn::Rng rng(1);
    nn::Network<double> net({784, 300, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    net.init(nn::Init::He, rng);
    double mean, std;
    moments(net.layers[0].W, mean, std);  // He: N(0, 2/784), 235200 samples
    CHECK(std::fabs(mean) < 0.001);
    CHECK_REL(std, std::sqrt(2.0 / 784), 0.01);
    moments(net.layers[1].W, mean, std);  // output, Xavier: N(0, 2/(300 + 10)), 3000 samples
    CHECK_REL(std, std::sqrt(2.0 / 310), 0.05);
    for (const auto& layer : net.layers)
        for (std::size_t k = 0; k < layer.b.size(); ++k) CHECK_EQ(layer.b[k], 0.0);

    nn::Rng rng2(1);
    nn::Network<double> xavier({784, 300, 10}, nn::Activation::Sigmoid, nn::Loss::CrossEntropy);
    xavier.init(nn::Init::Xavier, rng2);
    moments(xavier.layers[0].W, mean, std);
    CHECK_REL(std, std::sqrt(2.0 / (784 + 300)), 0.01);
}

// The gradient of a batch of m is the mean of the m single-example gradients, because the output
// delta carries 1/m and everything after it is linear in delta.
// docs/07-sgd.md#eq-7-2, docs/06-backprop.md#where-1m-lives
static void test_batch_is_mean_of_examples() {
    for (auto act : {nn::Activation::ReLU, nn::Activation::Sigmoid}) {
        nn::Rng rng(4);
        nn::Network<double> net({5, 4, 3}, act, nn::Loss::CrossEntropy);
        net.init(nn::Init::Xavier, rng);
        const std::size_t m = 4;
        Matrix<double> X(m, 5);
        for (std::size_t k = 0; k < X.size(); ++k) X[k] = 2 * rng.uniform() - 1;
        const std::vector<std::uint8_t> labels = {0, 2, 1, 2};
        net.forward(X);
        net.backward(X, labels);
        const Matrix<double> dW1 = net.layers[0].dW, db2 = net.layers[1].db;

        Matrix<double> mean_dW1(dW1.rows(), dW1.cols()), mean_db2(1, db2.cols());
        for (std::size_t i = 0; i < m; ++i) {
            Matrix<double> x(1, 5);
            for (std::size_t j = 0; j < 5; ++j) x(0, j) = X(i, j);
            net.forward(x);
            net.backward(x, {labels[i]});
            for (std::size_t k = 0; k < dW1.size(); ++k) mean_dW1[k] += net.layers[0].dW[k] / m;
            for (std::size_t k = 0; k < db2.size(); ++k) mean_db2[k] += net.layers[1].db[k] / m;
        }
        for (std::size_t k = 0; k < dW1.size(); ++k) CHECK_REL(dW1[k], mean_dW1[k], 1e-12);
        for (std::size_t k = 0; k < db2.size(); ++k) CHECK_REL(db2[k], mean_db2[k], 1e-12);
    }
}

// ReLU's derivative at exactly z = 0 is 0 (docs/03-activations.md), inside a network too: a hidden
// unit whose pre-activation is exactly 0 passes no gradient back, so its column of dW1 and its db1
// are 0, while the active unit's are not. Hand-built 2-2-2 net, x = (1, 1):
// z1 = x W1 = (1 - 1, 0.5 + 0.5) = (0, 1), h = (0, 1), and dh_0 = (delta2 W2^T)_0 = p_1 > 0.
static void test_relu_zero_passes_no_gradient() {
    nn::Network<double> net({2, 2, 2}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    net.layers[0].W = Matrix<double>(2, 2);
    net.layers[0].W(0, 0) = 1;  net.layers[0].W(0, 1) = 0.5;
    net.layers[0].W(1, 0) = -1; net.layers[0].W(1, 1) = 0.5;
    net.layers[1].W(0, 0) = 1;  net.layers[1].W(0, 1) = 2;
    net.layers[1].W(1, 0) = 3;  net.layers[1].W(1, 1) = -1;
    Matrix<double> x(1, 2, 1.0);
    net.forward(x);
    CHECK_EQ(net.layers[0].z(0, 0), 0.0);  // exactly on the kink
    CHECK_EQ(net.layers[0].z(0, 1), 1.0);
    net.backward(x, {0});
    CHECK_EQ(net.layers[0].delta(0, 0), 0.0);
    CHECK_EQ(net.layers[0].db(0, 0), 0.0);
    CHECK_EQ(net.layers[0].dW(0, 0), 0.0);
    CHECK_EQ(net.layers[0].dW(1, 0), 0.0);
    // The active unit: dh_1 = (p_0 - 1) * 3 + p_1 * (-1) = -4 p_1, with p_1 = e^-1 / (e^3 + e^-1) = 1 / (1 + e^4)
    // (z2 = h W2 = (3, -1)).
    const double p1 = 1 / (1 + std::exp(4.0));
    CHECK_REL(net.layers[0].db(0, 1), -4 * p1, 1e-12);
    CHECK_REL(net.layers[0].dW(0, 1), -4 * p1, 1e-12);
}

// Softmax subtracts the row maximum, so logits of +-1000 give p = (1, 0), not inf / inf = NaN
// (docs/03-activations.md#eq-3-5): a one-layer net x W with x = 1, W = (1000, -1000).
static void test_large_logits() {
    nn::Network<double> net({1, 2}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    net.layers[0].W(0, 0) = 1000;
    net.layers[0].W(0, 1) = -1000;
    const Matrix<double> x(1, 1, 1.0);
    const Matrix<double>& p = net.forward(x);
    CHECK_EQ(p(0, 0), 1.0);
    CHECK_EQ(p(0, 1), 0.0);
    CHECK_REL(net.loss({1}), 2000.0, 1e-15);  // logsumexp(z) - z_1 = 1000 + 1000
    net.backward(x, {1});
    CHECK_EQ(net.layers[0].db(0, 0), 1.0);   // p - y = (1, -1)
    CHECK_EQ(net.layers[0].db(0, 1), -1.0);
}

// Dropout by hand (docs/18-dropout.md, (18.1)-(18.4)): 1-2-2 with W1 = [1 1], b1 = 0, W2 = [1 2; 3 4],
// b2 = 0, x = 1, label 0, P = 0.5, and a seed whose mask drops hidden unit 1 and keeps unit 2.
// Forward: h = [1 1], mask = [0 2] (kept units scaled by 1/(1 - P) = 2), h * mask = [0 2],
// z2 = [0*1 + 2*3, 0*2 + 2*4] = [6 8], p = [sigmoid(-2), sigmoid(2)] = [1 - q, q], q = 0.88079707797788...
// Backward: delta2 = p - y = [-q q]; dW2 = (h * mask)^T delta2 = [0 0; -2q 2q]; the gradient reaching
// h * mask is delta2 W2^T = [-q + 2q, -3q + 4q] = [q q], times the mask: [0 2q]; relu' = 1, so
// delta1 = db1 = dW1 = [0 2q]. The dropped unit learns nothing from this example.
static void test_dropout_by_hand() {
    nn::Network<double> net({1, 2, 2}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    net.layers[0].W(0, 0) = 1;
    net.layers[0].W(0, 1) = 1;
    for (std::size_t k = 0; k < 4; ++k) net.layers[1].W[k] = double(k + 1);
    net.dropout = 0.5;
    const Matrix<double> X(1, 1, 1.0);
    const std::vector<std::uint8_t> labels{0};
    bool found = false;  // a seed whose mask is zero for unit 1 only: 1 in 4 of them
    for (std::uint64_t seed = 1; seed <= 64 && !found; ++seed) {
        nn::Rng rng(seed);
        net.forward_train(X, rng);
        found = net.layers[0].mask[0] == 0 && net.layers[0].mask[1] != 0;
    }
    CHECK(found);
    if (!found) return;
    const double q = 0.8807970779778824, two_q = 1.7615941559557649;
    CHECK_EQ(net.layers[0].mask[1], 2.0);
    CHECK_REL(net.output()(0, 0), 1 - q, 1e-12);
    CHECK_REL(net.output()(0, 1), q, 1e-12);
    net.backward(X, labels);
    const double dW2[4] = {0, 0, -two_q, two_q};
    for (std::size_t k = 0; k < 4; ++k) CHECK_REL(net.layers[1].dW[k], dW2[k], 1e-12);
    CHECK_REL(net.layers[1].db[0], -q, 1e-12);
    CHECK_REL(net.layers[1].db[1], q, 1e-12);
    CHECK_EQ(net.layers[0].db[0], 0.0);  // the dropped unit: no gradient at all
    CHECK_EQ(net.layers[0].dW[0], 0.0);
    CHECK_REL(net.layers[0].db[1], two_q, 1e-12);
    CHECK_REL(net.layers[0].dW[1], two_q, 1e-12);
}

int main() {
    test_construction();
    test_init();
    test_batch_is_mean_of_examples();
    test_relu_zero_passes_no_gradient();
    test_large_logits();
    test_dropout_by_hand();
    return check::report("network");
}
