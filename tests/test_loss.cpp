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
    return check::report("loss");
}
