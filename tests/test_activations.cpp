// ReLU, sigmoid and softmax on hand-computed values, and their behaviour at extreme inputs.
// (Their derivatives are checked against finite differences in test_gradcheck.cpp.)
#include <cmath>

#include "nn/activations.hpp"
#include "check.hpp"

using nn::Matrix;

static Matrix<double> row(std::initializer_list<double> values) {
    Matrix<double> M(1, values.size());
    std::size_t k = 0;
    for (double v : values) M[k++] = v;
    return M;
}

static void test_relu() {
    const Matrix<double> z = row({-2, -0.0, 0, 0.5, 3});
    Matrix<double> h, delta;
    nn::relu_forward(z, h);
    const double expected_h[] = {0, 0, 0, 0.5, 3};
    for (int k = 0; k < 5; ++k) CHECK_EQ(h[k], expected_h[k]);
    // delta = dh * relu'(z), with relu'(0) = 0 (docs/03-activations.md).
    nn::relu_backward(z, row({10, 20, 30, 40, 50}), delta);
    const double expected_delta[] = {0, 0, 0, 40, 50};
    for (int k = 0; k < 5; ++k) CHECK_EQ(delta[k], expected_delta[k]);
    CHECK_THROWS_WITH(nn::relu_backward(z, row({1, 2}), delta), "relu_backward", "1 x 5", "1 x 2");
}

static void test_sigmoid() {
    // sigmoid(0) = 1/2, sigmoid(ln 3) = 3/4, sigmoid(-ln 3) = 1/4.
    const Matrix<double> z = row({0, std::log(3.0), -std::log(3.0), 1000, -1000});
    Matrix<double> h, delta;
    nn::sigmoid_forward(z, h);
    CHECK_EQ(h[0], 0.5);
    CHECK_REL(h[1], 0.75, 1e-15);
    CHECK_REL(h[2], 0.25, 1e-15);
    CHECK_EQ(h[3], 1.0);  // no overflow to NaN at the extremes
    CHECK_EQ(h[4], 0.0);
    // delta = dh * h (1 - h): 1 * 1/2 * 1/2 = 1/4 and 2 * 3/4 * 1/4 = 3/8.
    nn::sigmoid_backward(h, row({1, 2, 4, 1, 1}), delta);
    CHECK_EQ(delta[0], 0.25);
    CHECK_REL(delta[1], 0.375, 1e-15);
    CHECK_REL(delta[2], 0.75, 1e-15);
    CHECK_EQ(delta[3], 0.0);
    CHECK_EQ(delta[4], 0.0);

    Matrix<float> zf(1, 2), hf;
    zf[0] = -100.0f;  // exp(100) overflows float; the branch on the sign avoids it
    zf[1] = 100.0f;
    nn::sigmoid_forward(zf, hf);
    CHECK(std::isfinite(hf[0]) && hf[0] >= 0.0f && hf[0] < 1e-40f);
    CHECK_EQ(hf[1], 1.0f);
}

static void test_softmax() {
    // z = (0, ln 2, ln 3): exp(z) = (1, 2, 3), p = (1/6, 2/6, 3/6). Row 2: a constant row -> uniform.
    Matrix<double> z(2, 3), p;
    z(0, 0) = 0; z(0, 1) = std::log(2.0); z(0, 2) = std::log(3.0);
    z(1, 0) = 5; z(1, 1) = 5; z(1, 2) = 5;
    nn::softmax_forward(z, p);
    CHECK_REL(p(0, 0), 1.0 / 6, 1e-15);
    CHECK_REL(p(0, 1), 2.0 / 6, 1e-15);
    CHECK_REL(p(0, 2), 3.0 / 6, 1e-15);
    for (int j = 0; j < 3; ++j) CHECK_REL(p(1, j), 1.0 / 3, 1e-15);

    // Logits of +-1000 would overflow exp without the max subtraction.
    Matrix<float> big(2, 3), pf;
    big(0, 0) = 1000; big(0, 1) = -1000; big(0, 2) = 999;
    big(1, 0) = -1000; big(1, 1) = -1000; big(1, 2) = -1001;
    nn::softmax_forward(big, pf);
    bool finite = true;
    for (std::size_t k = 0; k < pf.size(); ++k) finite = finite && std::isfinite(pf[k]);
    CHECK(finite);
    CHECK_REL(pf(0, 0) + pf(0, 1) + pf(0, 2), 1.0, 1e-6);
    CHECK_REL(pf(0, 0), 1 / (1 + std::exp(-1.0)), 1e-6);  // e^0 / (e^0 + e^-1)
    CHECK_EQ(pf(0, 1), 0.0f);
    CHECK_REL(pf(1, 0), 1 / (2 + std::exp(-1.0)), 1e-6);
}

int main() {
    test_relu();
    test_sigmoid();
    test_softmax();
    return check::report("activations");
}
