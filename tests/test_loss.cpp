// Losses and their output gradients on hand-computed values, and stability at logits of +-1000.
#include <cmath>

#include "nn/activations.hpp"
#include "check.hpp"
#include "nn/loss.hpp"

using nn::Matrix;

static void test_one_hot() {
    const Matrix<float> Y = nn::one_hot<float>({2, 0}, 3);
    const float expected[] = {0, 0, 1, 1, 0, 0};
    for (int k = 0; k < 6; ++k) CHECK_EQ(Y[k], expected[k]);
    CHECK_THROWS_WITH(nn::one_hot<float>({3}, 3), "one_hot", "expected 0..2", "found 3");
}

static void test_cross_entropy() {
    // Row 0: z = (0, ln 2, ln 3) -> p = (1/6, 1/3, 1/2); label 2 -> -ln(1/2) = ln 2.
    // Row 1: z = (0, 0, 0) -> p = 1/3 each; label 0 -> ln 3. Mean: (ln 2 + ln 3) / 2 = ln(6) / 2.
    Matrix<double> z(2, 3);
    z(0, 1) = std::log(2.0);
    z(0, 2) = std::log(3.0);
    const std::vector<std::uint8_t> labels = {2, 0};
    CHECK_REL(nn::cross_entropy_loss(z, labels), std::log(6.0) / 2, 1e-15);

    // delta = (p - y)/m with m = 2.
    Matrix<double> p, delta;
    nn::softmax_forward(z, p);
    nn::softmax_cross_entropy_backward(p, labels, delta);
    const double expected[] = {1.0 / 12, 1.0 / 6, -1.0 / 4, -1.0 / 3, 1.0 / 6, 1.0 / 6};
    for (int k = 0; k < 6; ++k) CHECK_REL(delta[k], expected[k], 1e-15);

    CHECK_THROWS_WITH(nn::cross_entropy_loss(z, {1}), "cross_entropy_loss", "expected 2 labels", "found 1");
    CHECK_THROWS_WITH(nn::cross_entropy_loss(z, {1, 3}), "expected 0..2", "found 3");
}

static void test_cross_entropy_extreme_logits() {
    // z = (1000, -1000): the label-1 loss is logsumexp(z) - z_1 = 1000 - (-1000) = 2000 exactly,
    // finite although p_1 = exp(-2000) underflows to 0 and log(p_1) would be -inf.
    Matrix<float> z(2, 2);
    z(0, 0) = 1000; z(0, 1) = -1000;
    z(1, 0) = 1000; z(1, 1) = -1000;
    const double loss = nn::cross_entropy_loss(z, {1, 0});  // 2000 and 0
    CHECK(std::isfinite(loss));
    CHECK_REL(loss, 1000.0, 1e-12);
    Matrix<float> p, delta;
    nn::softmax_forward(z, p);
    nn::softmax_cross_entropy_backward(p, {1, 0}, delta);
    bool finite = true;
    for (std::size_t k = 0; k < delta.size(); ++k) finite = finite && std::isfinite(delta[k]);
    CHECK(finite);
    CHECK_EQ(delta(0, 0), 0.5f);   // (1 - 0)/2
    CHECK_EQ(delta(0, 1), -0.5f);  // (0 - 1)/2
}

// The perceptron criterion (docs/07-sgd.md#eq-7-4) and its two steps (#eq-7-5), by hand.
static void test_perceptron() {
    // Row 0: z = (2, -1, 3), h = (2, 0, 3), label 0: argmax 2, L0 = 3 - 2 = 1.
    // Row 1: z = (0.5, 1, -2), h = (0.5, 1, 0), label 1: the label is the argmax, L1 = 0. Mean 0.5.
    Matrix<double> z(2, 3), h;
    const double zs[] = {2, -1, 3, 0.5, 1, -2};
    for (int k = 0; k < 6; ++k) z[k] = zs[k];
    nn::relu_forward(z, h);
    const std::vector<std::uint8_t> labels = {0, 1};
    CHECK_EQ(nn::perceptron_loss(h, labels), 0.5);
    Matrix<double> delta;
    nn::perceptron_backward(z, h, labels, true, delta);  // (e_2 - e_0)/2 on row 0; row 1 all 0
    const double expected[] = {-0.5, 0, 0.5, 0, 0, 0};
    for (int k = 0; k < 6; ++k) CHECK_EQ(delta[k], expected[k]);

    // The label's unit is dead: z = (-1, 2, 0.5), label 0. L = 2 - 0 = 2. The subgradient cannot
    // raise h_0 (relu'(-1) = 0) and only lowers h_1; source 05's rule raises z_0 all the same.
    Matrix<double> z1(1, 3), h1;
    z1[0] = -1; z1[1] = 2; z1[2] = 0.5;
    nn::relu_forward(z1, h1);
    CHECK_EQ(nn::perceptron_loss(h1, {0}), 2.0);
    nn::perceptron_backward(z1, h1, {0}, true, delta);
    CHECK(delta[0] == 0 && delta[1] == 1 && delta[2] == 0);
    nn::perceptron_backward(z1, h1, {0}, false, delta);
    CHECK(delta[0] == -1 && delta[1] == 1 && delta[2] == 0);

    // Every output 0: np.argmax picks class 0 (the lowest index of the tie). L = 0; the
    // subgradient is 0 (relu' = 0 everywhere), source 05's rule still steps: e_0 - e_2.
    Matrix<double> z2(1, 3), h2;
    z2[0] = -1; z2[1] = -2; z2[2] = -3;
    nn::relu_forward(z2, h2);
    CHECK_EQ(nn::perceptron_loss(h2, {2}), 0.0);
    nn::perceptron_backward(z2, h2, {2}, true, delta);
    CHECK(delta[0] == 0 && delta[1] == 0 && delta[2] == 0);
    nn::perceptron_backward(z2, h2, {2}, false, delta);
    CHECK(delta[0] == 1 && delta[1] == 0 && delta[2] == -1);

    CHECK_THROWS_WITH(nn::perceptron_loss(h, {0}), "perceptron_loss", "expected 2 labels", "found 1");
    CHECK_THROWS_WITH(nn::perceptron_backward(z1, h, labels, true, delta), "perceptron_backward", "expected 2 x 3");
}

static void test_squared_error() {
    // p = (0.5, 0.25), label 0: y = (1, 0); L = 1/2 (0.25 + 0.0625) = 0.15625 (m = 1).
    Matrix<double> p(1, 2);
    p[0] = 0.5;
    p[1] = 0.25;
    CHECK_EQ(nn::squared_error_loss(p, {0}), 0.15625);
    // delta = (p - y) p (1 - p): (-0.5)(0.5)(0.5) = -0.125 and (0.25)(0.25)(0.75) = 0.046875.
    Matrix<double> delta;
    nn::sigmoid_squared_error_backward(p, {0}, delta);
    CHECK_EQ(delta[0], -0.125);
    CHECK_EQ(delta[1], 0.046875);
}

int main() {
    test_one_hot();
    test_cross_entropy();
    test_cross_entropy_extreme_logits();
    test_squared_error();
    test_perceptron();
    return check::report("loss");
}
