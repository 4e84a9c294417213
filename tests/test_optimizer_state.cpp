// The run's optimiser over a whole network (run/optimizer_state.hpp): each method's steps on constant
// gradients against hand-computed values, weight decay on the weights only, and the same weights, bit
// for bit, on the plain loops and with the fast engine at 1 and 2 threads, which splits a large W over
// the threads in pieces (docs/15-momentum.md to docs/17-weight-decay.md, docs/performance.md).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

#include "check.hpp"
#include "core/backend.hpp"
#include "fast/engine.hpp"
#include "run/optimizer_state.hpp"

using nn::Matrix;

namespace {

// 0: the plain loops (one call of each rule per matrix); 1 or 2: the fast engine on that many
// threads, where W1 of 784 x 100 (78 400 values, above kParallelUpdate) is split into blocks of rows,
// one per thread, and each block into pieces of 16384 values; at 1 and 2 threads the pieces differ.
void use_engine(int engine) {
    if (engine == 0) nn::use_plain_loops();
    else nn::use_fast_kernels(engine);
}

// 784-100-10 with W[k] = (k mod 7 - 3) / 4 (-0.75 to 0.75, exact in binary) and every b = 0.5.
template <typename T>
nn::Network<T> network() {
    nn::Network<T> net({784, 100, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    for (nn::Layer<T>& layer : net.layers) {
        for (std::size_t k = 0; k < layer.W.size(); ++k) layer.W[k] = T(double(k % 7) - 3) / 4;
        layer.b.fill(T(0.5));
    }
    return net;
}

// `steps` updates with every dW = gW and every db = gb (set again before each update, as backward()
// would; weight decay adds lambda W to dW), then W[k] must be expected_W(W0[k]) and b expected_b(0.5).
void check_steps(const char* name, const nn::OptimizerSettings& settings, int steps, double eta, double gW,
                 double gb, const std::function<double(double)>& expected_W,
                 const std::function<double(double)>& expected_b) {
    for (int engine : {0, 1, 2}) {
        use_engine(engine);
        nn::Network<double> net = network<double>();
        const nn::Network<double> start = net;
        nn::Optimizer<double> optimizer(settings, net);
        for (int t = 0; t < steps; ++t) {
            for (nn::Layer<double>& layer : net.layers) {
                layer.dW = Matrix<double>(layer.W.rows(), layer.W.cols(), gW);
                layer.db = Matrix<double>(layer.b.rows(), layer.b.cols(), gb);
            }
            optimizer.update(net, eta);
        }
        std::size_t wrong = 0;
        for (std::size_t l = 0; l < net.layers.size(); ++l) {
            const nn::Layer<double>& layer = net.layers[l];
            for (std::size_t k = 0; k < layer.W.size(); ++k) {
                const double want = expected_W(start.layers[l].W[k]);
                if (std::fabs(layer.W[k] - want) > 1e-12 * std::fmax(std::fabs(want), 1e-3) && wrong++ < 3)
                    std::fprintf(stderr, "%s (engine %d): W%zu[%zu] = %.17g, expected %.17g\n", name, engine, l + 1, k,
                                 layer.W[k], want);
            }
            for (std::size_t k = 0; k < layer.b.size(); ++k) {
                const double want = expected_b(0.5);
                if (std::fabs(layer.b[k] - want) > 1e-12 * std::fabs(want) && wrong++ < 3)
                    std::fprintf(stderr, "%s (engine %d): b%zu[%zu] = %.17g, expected %.17g\n", name, engine, l + 1, k,
                                 layer.b[k], want);
            }
        }
        CHECK_EQ(wrong, std::size_t{0});
    }
    nn::use_fast_kernels(1);
}

// eta = 0.1, mu = 0.9 and a constant gradient g: the velocity after t steps is g (1 + 0.9 + ... + 0.9^(t-1)).
void test_constant_gradient() {
    nn::OptimizerSettings momentum, nesterov, adam, sgd_decay;
    momentum.method = nn::Method::Momentum;
    nesterov.method = nn::Method::Nesterov;
    adam.method = nn::Method::Adam;
    sgd_decay.weight_decay = 0.5;
    // Momentum (15.1): v = g, 1.9 g, 2.71 g; theta moves by 0.1 v each step: 0.1 g + 0.19 g + 0.271 g = 0.561 g.
    check_steps("momentum", momentum, 3, 0.1, 0.125, -0.25, [](double w) { return w - 0.561 * 0.125; },
                [](double b) { return b + 0.561 * 0.25; });
    // Nesterov (15.3): theta moves by 0.1 (g + 0.9 v): 0.19 g, then 0.1 (1 + 1.71) g = 0.271 g, then
    // 0.1 (1 + 2.439) g = 0.3439 g: 0.8049 g in all.
    check_steps("nesterov", nesterov, 3, 0.1, 0.125, -0.25, [](double w) { return w - 0.8049 * 0.125; },
                [](double b) { return b + 0.8049 * 0.25; });
    // Adam (16.1)-(16.3) with a constant g: m = (1 - 0.9^t) g and s = (1 - 0.999^t) g^2, so the bias
    // corrections give m_hat = g and s_hat = g^2, and every step moves theta by 0.1 g / (|g| + 1e-8):
    // 0.1 / (1 + 8e-8) for g = 0.125 and 0.1 / (1 + 4e-8) for g = -0.25 (the other way).
    check_steps("adam", adam, 3, 0.1, 0.125, -0.25, [](double w) { return w - 3 * 0.1 / (1 + 8e-8); },
                [](double b) { return b + 3 * 0.1 / (1 + 4e-8); });
    // SGD with weight decay lambda = 0.5 (17.3): W <- W - 0.1 (g + 0.5 W) = 0.95 W - 0.0125; b <- b + 0.025.
    check_steps("sgd, weight decay", sgd_decay, 1, 0.1, 0.125, -0.25, [](double w) { return 0.95 * w - 0.0125; },
                [](double b) { return b + 0.025; });
}

// Weight decay with momentum and zero data gradients: only the penalty pulls, on the weights alone.
// Step 1: g = 0.5 W0, v = 0.5 W0, W1 = W0 - 0.05 W0 = 0.95 W0. Step 2: g = 0.475 W0,
// v = 0.45 W0 + 0.475 W0 = 0.925 W0, W2 = 0.95 W0 - 0.0925 W0 = 0.8575 W0. The biases stay 0.5.
void test_weight_decay_with_momentum() {
    nn::OptimizerSettings s;
    s.method = nn::Method::Momentum;
    s.weight_decay = 0.5;
    check_steps("momentum, weight decay", s, 2, 0.1, 0.0, 0.0, [](double w) { return 0.8575 * w; },
                [](double b) { return b; });
}

// The update of every method with weight decay gives the same float weights, bit for bit (memcmp,
// so even the sign of a zero counts), on the plain loops and at 1 and 2 threads, over three steps
// with new random gradients each.
void test_threads_identical() {
    for (nn::Method method : {nn::Method::SGD, nn::Method::Momentum, nn::Method::Nesterov, nn::Method::Adam}) {
        nn::OptimizerSettings settings;
        settings.method = method;
        settings.weight_decay = 1e-3;
        std::vector<nn::Network<float>> results;
        for (int engine : {0, 1, 2}) {
            use_engine(engine);
            nn::Network<float> net = network<float>();
            nn::Optimizer<float> optimizer(settings, net);
            nn::Rng rng(17);  // the same gradients for every engine
            for (int t = 0; t < 3; ++t) {
                for (nn::Layer<float>& layer : net.layers) {
                    layer.dW.resize(layer.W.rows(), layer.W.cols());
                    layer.db.resize(layer.b.rows(), layer.b.cols());
                    for (std::size_t k = 0; k < layer.dW.size(); ++k) layer.dW[k] = float(rng.uniform() - 0.5);
                    for (std::size_t k = 0; k < layer.db.size(); ++k) layer.db[k] = float(rng.uniform() - 0.5);
                }
                optimizer.update(net, method == nn::Method::Adam ? 0.001f : 0.05f);
            }
            results.push_back(net);
        }
        for (std::size_t e = 1; e < results.size(); ++e)
            for (std::size_t l = 0; l < results[0].layers.size(); ++l) {
                const nn::Layer<float>&a = results[0].layers[l], &b = results[e].layers[l];
                const bool same = std::memcmp(a.W.data(), b.W.data(), a.W.size() * sizeof(float)) == 0 &&
                                  std::memcmp(a.b.data(), b.b.data(), a.b.size() * sizeof(float)) == 0;
                if (!same) std::fprintf(stderr, "%s: layer %zu differs at engine %zu\n", nn::name(method), l + 1, e);
                CHECK(same);
                CHECK(a.W != network<float>().layers[l].W);  // the steps did move the weights
            }
    }
    nn::use_fast_kernels(1);
}

}  // namespace

int main() {
    test_constant_gradient();
    test_weight_decay_with_momentum();
    test_threads_identical();
    return check::report("optimizer_state");
}
