// Accuracy and evaluation on hand-computable cases.
#include <cmath>

#include "check.hpp"
#include "nn/metrics.hpp"

using nn::Matrix;

int main() {
    Matrix<float> p(4, 3);
    const float values[] = {0.7f, 0.2f, 0.1f, 0.1f, 0.1f, 0.8f, 0.3f, 0.3f, 0.4f, 0.5f, 0.5f, 0.0f};
    for (int k = 0; k < 12; ++k) p[k] = values[k];
    // argmax rows: 0, 2, 2, 0 (tie -> lowest index)
    CHECK_EQ(nn::count_correct(p, {0, 2, 1, 1}), 2u);
    CHECK_THROWS_WITH(nn::count_correct(p, {0}), "expected 4 labels", "found 1");

    // label_order: the examples of label 0 in file order, then 1, ...; labels up to 255, and none.
    nn::Dataset five;
    five.labels = {3, 1, 3, 0, 1, 255};
    CHECK(nn::label_order(five) == (std::vector<std::size_t>{3, 1, 4, 0, 2, 5}));
    CHECK(nn::label_order(nn::Dataset{}).empty());

    // A network with all parameters zero predicts the uniform distribution: loss ln 10 for every
    // example, and argmax 0, so the accuracy is the share of label 0. 2500 examples, chunks of 1000.
    nn::Dataset data;
    data.X = Matrix<float>(2500, 784, 0.25f);
    data.labels.resize(2500);
    std::size_t zeros = 0;
    for (std::size_t i = 0; i < 2500; ++i) {
        data.labels[i] = static_cast<std::uint8_t>((i * 7) % 10);
        zeros += data.labels[i] == 0;
    }
    nn::Network<float> net({784, 30, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    const nn::Evaluation e = nn::evaluate(net, data);
    CHECK_EQ(e.count, 2500u);
    CHECK_EQ(e.correct, zeros);
    CHECK_REL(e.accuracy, static_cast<double>(zeros) / 2500, 1e-15);
    CHECK_REL(e.loss, std::log(10.0), 1e-6);
    return check::report("metrics");
}
