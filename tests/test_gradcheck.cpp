// Finite-difference gradient checks, in double precision with central differences, of every
// activation, loss, the dense layer, and whole networks: every entry of every W and b.
// Method and tolerances: docs/10-gradient-checking.md.
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>

#include "nn/activations.hpp"
#include "check.hpp"
#include "gradcheck.hpp"
#include "nn/dense.hpp"
#include "nn/loss.hpp"
#include "nn/network.hpp"
#include "core/rng.hpp"

using nn::Matrix;

namespace {

using gradcheck::h;
using gradcheck::tolerance;
using gradcheck::worst_relative_error;

double norm(const Matrix<double>& M) {
    double s = 0;
    for (std::size_t k = 0; k < M.size(); ++k) s += M[k] * M[k];
    return std::sqrt(s);
}

Matrix<double> random_matrix(std::size_t rows, std::size_t cols, nn::Rng& rng, double scale = 1.0) {
    Matrix<double> M(rows, cols);
    for (std::size_t k = 0; k < M.size(); ++k) M[k] = scale * (2.0 * rng.uniform() - 1.0);
    return M;
}

// Sum of w * M, a scalar "loss" whose gradient with respect to M is w: it turns any element-wise
// map into something a finite difference can check.
double weighted_sum(const Matrix<double>& w, const Matrix<double>& M) {
    double s = 0;
    for (std::size_t k = 0; k < M.size(); ++k) s += w[k] * M[k];
    return s;
}

// Checks d/dz of sum(w * f(z)) against f's backward given dh = w.
void check_activation(const char* name, bool relu) {
    nn::Rng rng(3);
    Matrix<double> z = random_matrix(4, 5, rng, 3.0), w = random_matrix(4, 5, rng), f, delta;
    for (std::size_t k = 0; k < z.size(); ++k)
        if (std::fabs(z[k]) < 10 * h) z[k] = 0.5;  // keep away from the ReLU kink
    auto forward = [&] {
        if (relu) nn::relu_forward(z, f);
        else nn::sigmoid_forward(z, f);
    };
    forward();
    if (relu) nn::relu_backward(z, w, delta);
    else nn::sigmoid_backward(f, w, delta);
    CHECK(norm(delta) > 1e-3);
    CHECK(worst_relative_error(name, z, delta, [&] { forward(); return weighted_sum(w, f); }) <= tolerance);
}

// Checks the fused output gradients against the losses they differentiate, with respect to z.
void check_loss(bool cross_entropy, std::size_t m) {
    nn::Rng rng(5 + m);
    Matrix<double> z = random_matrix(m, 4, rng, 2.0), p, delta;
    std::vector<std::uint8_t> labels(m);
    for (auto& y : labels) y = static_cast<std::uint8_t>(rng.below(4));
    auto loss = [&] {
        if (cross_entropy) return nn::cross_entropy_loss(z, labels);
        nn::sigmoid_forward(z, p);
        return nn::squared_error_loss(p, labels);
    };
    if (cross_entropy) {
        nn::softmax_forward(z, p);
        nn::softmax_cross_entropy_backward(p, labels, delta);
    } else {
        nn::sigmoid_forward(z, p);
        nn::sigmoid_squared_error_backward(p, labels, delta);
    }
    CHECK(norm(delta) > 1e-3);
    const std::string name = std::string(cross_entropy ? "softmax+cross-entropy" : "sigmoid+squared-error") +
                             " dz (m=" + std::to_string(m) + ")";
    CHECK(worst_relative_error(name, z, delta, loss) <= tolerance);
}

// The dense layer alone: d/dW, d/db, d/dX of sum(w * (X W + 1 b^T)) against dense_backward.
void check_dense() {
    nn::Rng rng(9);
    Matrix<double> X = random_matrix(3, 4, rng), W = random_matrix(4, 5, rng), b = random_matrix(1, 5, rng);
    Matrix<double> w = random_matrix(3, 5, rng), z, dW, db, dX;
    nn::dense_backward(X, W, w, dW, db, &dX);
    auto loss = [&] { nn::dense_forward(X, W, b, z); return weighted_sum(w, z); };
    CHECK(worst_relative_error("dense dW", W, dW, loss) <= tolerance);
    CHECK(worst_relative_error("dense db", b, db, loss) <= tolerance);
    CHECK(worst_relative_error("dense dX", X, dX, loss) <= tolerance);
}

// A whole network: every entry of every W and b, after one forward and backward.
void check_network(const std::vector<std::size_t>& sizes, nn::Activation act, nn::Loss loss_kind,
                   std::size_t m) {
    std::string name = std::to_string(sizes.size() - 1) + "-layer " + nn::name(act) + "/" +
                       nn::name(loss_kind) + " m=" + std::to_string(m);
    // Pick the first seed whose hidden pre-activations all lie more than 10h from ReLU's kink;
    // a central difference across the kink measures neither side's slope.
    // Likewise skip a draw where a whole ReLU layer is dead for these few examples (all gradients
    // 0): the check must compare non-trivial gradients. 100 draws are plenty; failing all is a bug.
    for (std::uint64_t seed = 1; seed <= 100; ++seed) {
        nn::Rng rng(seed);
        nn::Network<double> net(sizes, act, loss_kind);
        net.init(act == nn::Activation::ReLU ? nn::Init::He : nn::Init::Xavier, rng);
        for (auto& layer : net.layers)
            for (std::size_t k = 0; k < layer.b.size(); ++k) layer.b[k] = 0.2 * (2 * rng.uniform() - 1);
        const Matrix<double> X = random_matrix(m, sizes.front(), rng);
        std::vector<std::uint8_t> labels(m);
        for (auto& y : labels) y = static_cast<std::uint8_t>(rng.below(sizes.back()));

        net.forward(X);
        bool near_kink = false;
        for (std::size_t l = 0; l + 1 < net.layers.size(); ++l)
            for (std::size_t k = 0; k < net.layers[l].z.size(); ++k)
                near_kink = near_kink || std::fabs(net.layers[l].z[k]) < 10 * h;
        if (act == nn::Activation::ReLU && near_kink) continue;
        if (loss_kind == nn::Loss::Perceptron) {
            // The perceptron criterion max_k h_k - h_y (docs/07-sgd.md#eq-7-4) has kinks where an
            // output z crosses 0 and where the two largest h swap: stay 10h away from both. Label
            // each example with its second-largest output, so that the step is not zero.
            const Matrix<double>& z = net.layers.back().z;
            const Matrix<double>& out = net.layers.back().h;
            bool kink = false;
            for (std::size_t i = 0; i < m; ++i) {
                std::size_t first = 0, second = 1;
                if (out(i, second) > out(i, first)) std::swap(first, second);
                for (std::size_t j = 2; j < out.cols(); ++j)
                    if (out(i, j) > out(i, first)) second = first, first = j;
                    else if (out(i, j) > out(i, second)) second = j;
                for (std::size_t j = 0; j < z.cols(); ++j) kink = kink || std::fabs(z(i, j)) < 10 * h;
                kink = kink || out(i, first) - out(i, second) < 10 * h || z(i, second) <= 0;
                labels[i] = static_cast<std::uint8_t>(second);
            }
            if (kink) continue;
        }

        net.backward(X, labels);
        bool dead = false;
        for (const auto& layer : net.layers) dead = dead || norm(layer.dW) <= 1e-3;
        if (dead) continue;
        auto loss = [&] { net.forward(X); return net.loss(labels); };
        for (std::size_t l = 0; l < net.layers.size(); ++l) {
            const Matrix<double> dW = net.layers[l].dW, db = net.layers[l].db;  // copies: loss() reruns forward
            const std::string layer = name + " W" + std::to_string(l + 1);
            CHECK(worst_relative_error(layer, net.layers[l].W, dW, loss) <= tolerance);
            CHECK(worst_relative_error(name + " b" + std::to_string(l + 1), net.layers[l].b, db, loss) <= tolerance);
        }
        return;
    }
    check::fail(__FILE__, __LINE__, name + ": no draw of 100 without a kink or a dead layer");
}

}  // namespace

int main() {
    check_activation("relu", true);
    check_activation("sigmoid", false);
    for (std::size_t m : {1, 3}) {
        check_loss(true, m);
        check_loss(false, m);
    }
    check_dense();
    using nn::Activation;
    using nn::Loss;
    for (std::size_t m : {1, 3}) {
        check_network({6, 5, 4}, Activation::ReLU, Loss::CrossEntropy, m);
        check_network({6, 5, 4}, Activation::Sigmoid, Loss::CrossEntropy, m);
        check_network({6, 5, 4}, Activation::Sigmoid, Loss::SquaredError, m);
        check_network({6, 5, 4}, Activation::ReLU, Loss::SquaredError, m);
        check_network({6, 5, 4, 3}, Activation::ReLU, Loss::CrossEntropy, m);
        check_network({6, 5, 4, 3}, Activation::Sigmoid, Loss::CrossEntropy, m);
    }
    check_network({6, 4}, Activation::ReLU, Loss::CrossEntropy, 3);  // no hidden layer (source 05's shape)
    // The perceptron criterion's true subgradient, away from its kinks (source 05's loss).
    for (std::size_t m : {1, 3}) {
        check_network({6, 4}, Activation::ReLU, Loss::Perceptron, m);
        check_network({6, 5, 4}, Activation::ReLU, Loss::Perceptron, m);
        check_network({6, 5, 4}, Activation::Sigmoid, Loss::Perceptron, m);
    }
    return check::report("gradcheck");
}
