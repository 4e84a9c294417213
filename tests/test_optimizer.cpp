// Momentum, Nesterov, Adam and weight decay: three steps of each against hand-computed values, the
// optimiser over a network, and a gradient check of the L2 penalty (docs/15 to docs/17).
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>

#include "check.hpp"
#include "gradcheck.hpp"
#include "nn/optimizer.hpp"
#include "run/optimizer_state.hpp"
#include "nn/sgd.hpp"

using nn::Matrix;

namespace {

// The tiny problem: L(theta) = (theta_1^2 + theta_2^2) / 2, so dL/dtheta = theta, from theta = (1, -2),
// with eta = 0.1, mu = 0.9, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8.
using Step = std::function<void(Matrix<double>& theta, const Matrix<double>& g, std::uint64_t t)>;

void check_three_steps(const char* name, const Step& step, const double expected[3][2]) {
    Matrix<double> theta(1, 2);
    theta[0] = 1.0;
    theta[1] = -2.0;
    for (std::uint64_t t = 1; t <= 3; ++t) {
        const Matrix<double> g = theta;  // dL/dtheta = theta
        step(theta, g, t);
        for (int i = 0; i < 2; ++i) {
            if (std::fabs(theta[i] - expected[t - 1][i]) > 1e-12 * std::fabs(expected[t - 1][i]))
                std::fprintf(stderr, "%s step %d theta[%d]: %.17g, expected %.17g\n", name, int(t), i, theta[i],
                             expected[t - 1][i]);
            CHECK_REL(theta[i], expected[t - 1][i], 1e-12);
        }
    }
}

// SGD (7.1): theta <- theta - 0.1 theta = 0.9 theta each step.
void test_sgd_three_steps() {
    const double expected[3][2] = {{0.9, -1.8}, {0.81, -1.62}, {0.729, -1.458}};
    check_three_steps("sgd", [](Matrix<double>& th, const Matrix<double>& g, std::uint64_t) {
        nn::sgd_step(th, g, 0.1);
    }, expected);
}

// Momentum (15.1), for theta_1 (theta_2 is -2 times it: the problem is linear):
//   v = 1,                 theta = 1 - 0.1 * 1 = 0.9
//   v = 0.9 + 0.9 = 1.8,   theta = 0.9 - 0.18 = 0.72
//   v = 1.62 + 0.72 = 2.34, theta = 0.72 - 0.234 = 0.486
void test_momentum_three_steps() {
    const double expected[3][2] = {{0.9, -1.8}, {0.72, -1.44}, {0.486, -0.972}};
    Matrix<double> v(1, 2);
    check_three_steps("momentum", [&](Matrix<double>& th, const Matrix<double>& g, std::uint64_t) {
        nn::momentum_step(th, g, v, 0.1, 0.9);
    }, expected);
}

// Nesterov (15.3), for theta_1:
//   v = 1,                      theta = 1 - 0.1 (1 + 0.9) = 0.81
//   v = 0.9 + 0.81 = 1.71,      theta = 0.81 - 0.1 (0.81 + 1.539) = 0.5751
//   v = 1.539 + 0.5751 = 2.1141, theta = 0.5751 - 0.1 (0.5751 + 1.90269) = 0.327321
void test_nesterov_three_steps() {
    const double expected[3][2] = {{0.81, -1.62}, {0.5751, -1.1502}, {0.327321, -0.654642}};
    Matrix<double> v(1, 2);
    check_three_steps("nesterov", [&](Matrix<double>& th, const Matrix<double>& g, std::uint64_t) {
        nn::nesterov_step(th, g, v, 0.1, 0.9);
    }, expected);
}

// Adam (16.1)-(16.3). Step 1: m_hat = g and s_hat = g^2 exactly, so theta moves by
// eta g / (|g| + eps) = 0.1 / (1 + 1e-8) for theta_1 and 0.1 * 2 / (2 + 1e-8) for theta_2: by eta,
// whatever the gradient's size. Step 2 for theta_1 (g = 0.900000001):
//   m = 0.9 * 0.1 + 0.1 * g = 0.1800000001,  m_hat = m / (1 - 0.81) = 0.94736842...
//   s = 0.999 * 0.001 + 0.001 g^2 = 0.0018090000018, s_hat = s / (1 - 0.998001) = 0.90495247...
//   theta = 0.900000001 - 0.1 * 0.94736842 / (0.95128990 + 1e-8) = 0.80041222971...
// The values below are these formulas evaluated in double (Python, same order of operations).
void test_adam_three_steps() {
    const double expected[3][2] = {{0.90000000099999999, -1.9000000005},
                                   {0.80041222971233816, -1.8001664866210929},
                                   {0.70158627450441502, -1.7006233928121139}};
    Matrix<double> m(1, 2), s(1, 2);
    check_three_steps("adam", [&](Matrix<double>& th, const Matrix<double>& g, std::uint64_t t) {
        nn::adam_step(th, g, m, s, 0.1, 0.9, 0.999, 1e-8, t);
    }, expected);
    Matrix<double> th(1, 2), g(1, 2);
    CHECK_THROWS_WITH(nn::adam_step(th, g, m, s, 0.1, 0.9, 0.999, 1e-8, 0), "t >= 1");
}

// Optimizer<T>::update on a network runs the rule of its method on every W and b: plain SGD gives
// sgd_update bit for bit; weight decay changes dW by lambda W and leaves db alone.
void test_optimizer_on_network() {
    nn::Network<double> net({3, 4, 2}, nn::Activation::Sigmoid, nn::Loss::CrossEntropy);
    nn::Rng rng(2);
    net.init(nn::Init::Xavier, rng);
    Matrix<double> X(2, 3);
    for (std::size_t k = 0; k < X.size(); ++k) X[k] = rng.uniform();
    const std::vector<std::uint8_t> labels{0, 1};
    net.forward(X);
    net.backward(X, labels);

    nn::Network<double> plain = net, with_sgd = net;
    nn::sgd_update(plain, 0.1);
    nn::Optimizer<double> sgd(nn::OptimizerSettings{}, with_sgd);
    CHECK(sgd.v.empty() && sgd.s.empty());
    sgd.update(with_sgd, 0.1);
    for (std::size_t l = 0; l < 2; ++l) {
        CHECK(plain.layers[l].W == with_sgd.layers[l].W);
        CHECK(plain.layers[l].b == with_sgd.layers[l].b);
    }

    nn::OptimizerSettings decayed;
    decayed.weight_decay = 0.5;
    nn::Network<double> d = net;
    nn::Optimizer<double> wd(decayed, d);
    wd.update(d, 0.1);
    for (std::size_t l = 0; l < 2; ++l) {
        for (std::size_t k = 0; k < net.layers[l].W.size(); ++k)  // W - 0.1 (dW + 0.5 W)
            CHECK_REL(d.layers[l].W[k], net.layers[l].W[k] - 0.1 * (net.layers[l].dW[k] + 0.5 * net.layers[l].W[k]), 1e-15);
        for (std::size_t k = 0; k < net.layers[l].b.size(); ++k)  // biases: no decay
            CHECK_EQ(d.layers[l].b[k], net.layers[l].b[k] - 0.1 * net.layers[l].db[k]);
    }

    nn::OptimizerSettings adam;
    adam.method = nn::Method::Adam;
    nn::Network<double> a = net;
    nn::Optimizer<double> opt(adam, a);
    CHECK_EQ(opt.v.size(), std::size_t{4});  // W1, b1, W2, b2
    CHECK_EQ(opt.s.size(), std::size_t{4});
    opt.update(a, 0.01);
    opt.update(a, 0.01);
    CHECK_EQ(opt.t, std::uint64_t{2});
    for (std::size_t l = 0; l < 2; ++l) CHECK(a.layers[l].W != net.layers[l].W);
}

// (17.1)-(17.2): the gradient of L + (lambda/2) sum ||W||^2 is dW + lambda W for W and db for b,
// checked on every entry of a 6-5-4 network (batch 3) by central differences in double.
void test_weight_decay_gradient() {
    const double tolerance = gradcheck::tolerance, lambda = 0.3;
    nn::Network<double> net({6, 5, 4}, nn::Activation::Sigmoid, nn::Loss::CrossEntropy);
    nn::Rng rng(11);
    net.init(nn::Init::Xavier, rng);
    Matrix<double> X(3, 6);
    for (std::size_t k = 0; k < X.size(); ++k) X[k] = 2 * rng.uniform() - 1;
    const std::vector<std::uint8_t> labels{1, 3, 0};
    const auto total_loss = [&] {
        net.forward(X);
        return net.loss(labels) + nn::weight_penalty(net, lambda);
    };
    net.forward(X);
    net.backward(X, labels);
    double grad_norm = 0;
    for (nn::Layer<double>& layer : net.layers) {
        nn::add_weight_decay(layer.dW, layer.W, lambda);
        for (std::size_t k = 0; k < layer.dW.size(); ++k) grad_norm += layer.dW[k] * layer.dW[k];
    }
    CHECK(std::sqrt(grad_norm) > 1e-3);  // not vacuous
    double worst = 0;
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        nn::Layer<double>& layer = net.layers[l];
        const std::string n = std::to_string(l + 1);
        worst = std::fmax(worst, gradcheck::worst_relative_error("W" + n, layer.W, layer.dW, total_loss));
        worst = std::fmax(worst, gradcheck::worst_relative_error("b" + n, layer.b, layer.db, total_loss));
    }
    std::printf("weight decay gradient: worst relative error %.2e\n", worst);
    CHECK(worst < tolerance);
    // The penalty itself: lambda/2 times the squares of the weights only.
    double squares = 0;
    for (const nn::Layer<double>& layer : net.layers)
        for (std::size_t k = 0; k < layer.W.size(); ++k) squares += layer.W[k] * layer.W[k];
    CHECK_REL(nn::weight_penalty(net, lambda), 0.5 * lambda * squares, 1e-14);
}

}  // namespace

// Weight decay reaches the weights only (17.1): with zero data gradients, one SGD step with lambda
// multiplies every W by 1 - eta lambda and leaves every b as it was (Optimizer::update).
void test_weight_decay_spares_biases() {
    nn::Network<double> net({3, 4, 2}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(3);
    net.init(nn::Init::He, rng);
    for (nn::Layer<double>& layer : net.layers) {
        for (std::size_t k = 0; k < layer.b.size(); ++k) layer.b[k] = 0.5;
        layer.dW = Matrix<double>(layer.W.rows(), layer.W.cols());  // zeros: only the penalty pulls
        layer.db = Matrix<double>(layer.b.rows(), layer.b.cols());
    }
    const nn::Network<double> before = net;
    nn::OptimizerSettings decay;
    decay.weight_decay = 0.1;
    nn::Optimizer<double> opt(decay, net);
    opt.update(net, 0.5);
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        for (std::size_t k = 0; k < net.layers[l].W.size(); ++k)
            CHECK_REL(net.layers[l].W[k], 0.95 * before.layers[l].W[k], 1e-15);
        for (std::size_t k = 0; k < net.layers[l].b.size(); ++k) CHECK_EQ(net.layers[l].b[k], 0.5);
    }
}

int main() {
    test_sgd_three_steps();
    test_momentum_three_steps();
    test_nesterov_three_steps();
    test_adam_three_steps();
    test_optimizer_on_network();
    test_weight_decay_gradient();
    test_weight_decay_spares_biases();
    return check::report("optimizer");
}
