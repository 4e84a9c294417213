// The plain path and the fast path train the same network: the plain loops of src/core (what
// `make REFERENCE=1` builds) against the fast engine of src/fast, from the same weights and order.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "check.hpp"
#include "core/backend.hpp"
#include "fast/engine.hpp"
#include "nn/sgd.hpp"
#include "run/training.hpp"
#include "synthetic.hpp"

namespace {

// One epoch of 784-64-10 from seed 3 at the given batch size, on the plain loops or the fast engine.
nn::Network<float> train(bool fast, std::size_t batch, const nn::Dataset& data) {
    if (fast) nn::use_fast_kernels(2);
    else nn::use_plain_loops();
    nn::Network<float> net({784, 64, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(3);
    net.init(nn::Init::He, rng);
    std::vector<std::size_t> order = nn::identity_order(data.size());
    nn::Batch b;
    const nn::TrainStep step = nn::step_for(batch);  // as ./mnist trains: online, the online step
    nn::train_epoch(net, data, order, batch, 0.05f, rng, b, nullptr, step.learn, {}, step.forward);
    if (step.settle) step.settle(net);
    return net;
}

// max |a - b| over every W and b, relative to the largest |weight|.
double relative_difference(const nn::Network<float>& a, const nn::Network<float>& b) {
    double diff = 0, largest = 0;
    for (std::size_t l = 0; l < a.layers.size(); ++l)
        for (int which = 0; which < 2; ++which) {
            const nn::Matrix<float>& x = which ? a.layers[l].b : a.layers[l].W;
            const nn::Matrix<float>& y = which ? b.layers[l].b : b.layers[l].W;
            for (std::size_t k = 0; k < x.size(); ++k) {
                diff = std::max(diff, std::fabs(double(x[k]) - double(y[k])));
                largest = std::max(largest, std::fabs(double(x[k])));
            }
        }
    return diff / largest;
}


// A step with an infinite learning rate leaves no finite value in W1 on either path: where x_p = 0,
// dW1(p,j) = 0 and w - inf * 0 is NaN. The online shortcut skips the rows with x_p = 0 only while
// eta and delta are finite, so it must not hide this (docs: fast/online.cpp).
void test_infinite_step(bool fast) {
    if (fast) nn::use_fast_kernels(2);
    else nn::use_plain_loops();
    nn::Network<float> net({784, 64, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(3);
    net.init(nn::Init::He, rng);
    nn::Batch b;
    b.X = nn::Matrix<float>(1, 784);
    for (std::size_t p = 0; p < 784; p += 2) b.X(0, p) = 0.5f;  // every other pixel is 0
    b.labels = {4};
    net.forward(b.X);
    nn::learn_for(1)(net, b, INFINITY);
    std::size_t finite = 0;
    for (std::size_t k = 0; k < net.layers[0].W.size(); ++k) finite += std::isfinite(net.layers[0].W[k]);
    CHECK_EQ(finite, std::size_t{0});
}

// The online step's forward pass reads only the rows of W1 where x_p != 0, and only while W1 is known
// to be finite. Two ways W1 stops being finite, each followed by an example that is 0 on the rows
// concerned, where 0 * inf = NaN must reach z1 as in the plain loops: an infinity already in W1, and
// a step that overflows weights (x_p = 1000, eta near the largest float). Returns the NaN pattern of
// z1 after each case, for the two engines to compare.
std::vector<bool> nan_pattern_after_infinities(bool fast) {
    if (fast) nn::use_fast_kernels(2);
    else nn::use_plain_loops();
    nn::Network<float> net({784, 64, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(3);
    net.init(nn::Init::He, rng);
    const auto [first, second] = testdata::overflow_batches(1, 4);
    std::vector<bool> nan;
    const auto record = [&](const nn::Network<float>& n) {
        for (std::size_t j = 0; j < n.layers[0].z.cols(); ++j) nan.push_back(std::isnan(n.layers[0].z(0, j)));
    };
    nn::Network<float> held = net;
    held.layers[0].W(5, 3) = INFINITY;  // second is 0 at pixel 5
    const nn::TrainStep one = nn::step_for(1);
    one.forward ? void(one.forward(held, second, rng)) : void(held.forward(second.X));
    record(held);
    const nn::TrainStep two = nn::step_for(1);
    two.forward ? void(two.forward(net, first, rng)) : void(net.forward(first.X));
    two.learn(net, first, 3e38f);
    two.forward ? void(two.forward(net, second, rng)) : void(net.forward(second.X));
    record(net);
    return nan;
}

}  // namespace

int main() {
    // The tolerance. Both paths sum every product in the same order; they differ only where a
    // multiply-add is fused in one and not the other, so one product entry differs by at most
    // 2 gamma_k S (tests/test_matmul.cpp), in practice about sqrt(k) u S: 784 terms in float give a
    // relative 28 * 6e-8 = 1.7e-6 per product. A step passes that on to W through about three
    // products (z1, delta1, dW1); over T steps these roundings, of either sign, add up like a random
    // walk: about 3 sqrt(T) sqrt(k) u, 7e-5 for the 200 online steps below. We allow 1e-4.
    // A real bug (a term dropped, a wrong index, a missing 1/m) moves W by a whole eta * dW, about
    // 1e-2 of its size after one step: a hundred times more than allowed, and it grows every step.
    const double tolerance = 1e-4;
    const nn::Dataset data = testdata::prototypes(640, 784, 0.5, 3);
    // Batch 23 = 16 + 7 = 8 + 8 + 7 rows: the products end in a bottom tile of 7 rows, on both tile widths.
    for (std::size_t batch : {std::size_t(32), std::size_t(23), std::size_t(1)}) {
        nn::Dataset part = data;
        if (batch == 1) {  // 200 online steps (the fast path: the online step)
            nn::keep_first(part, 200);
            for (std::size_t k = 0; k < part.X.size(); ++k)  // most pixels blank, as in a digit: the
                if (k % 784 % 10 < 7) part.X[k] = 0.0f;      // forward pass skips those rows of W1
        }
        const nn::Network<float> plain = train(false, batch, part), fast = train(true, batch, part);
        const double d = relative_difference(plain, fast);
        std::printf("batch %zu: plain loops vs fast engine, max |dW| / max |W| = %.2e (tolerance %.0e)\n", batch, d,
                    tolerance);
        CHECK(d <= tolerance);
        // And both trained: the weights moved away from the initial ones by much more than that.
        nn::Network<float> start({784, 64, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
        nn::Rng rng(3);
        start.init(nn::Init::He, rng);
        CHECK(relative_difference(start, plain) > 10 * tolerance);
    }
    test_infinite_step(false);
    test_infinite_step(true);
    const std::vector<bool> plain_nan = nan_pattern_after_infinities(false);
    CHECK(plain_nan == nan_pattern_after_infinities(true));
    CHECK(std::count(plain_nan.begin(), plain_nan.begin() + 64, true) == 1);  // column 3 only
    CHECK(std::count(plain_nan.begin() + 64, plain_nan.end(), true) > 0);   // else the second case tests nothing
    nn::use_plain_loops();
    return check::report("reference");
}
