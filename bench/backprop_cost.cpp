// What a gradient costs: one forward pass, one backward pass, and the 2P forward passes that central
// differences (10.1) would need for the same gradient, on 784-300-10. Derivation: docs/06-backprop.md#what-a-gradient-costs.
//
//   backprop_cost [batch] [repeats]     (defaults: 64 and 200; the build of CMake target backprop_cost)
//
// Inputs are random in [0, 1) (no data needed); float, the fast engine on one thread. Each time is
// the median of `repeats` runs. The machine may be shared: compare the ratios of one run, not
// times across runs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/rng.hpp"
#include "fast/engine.hpp"
#include "nn/network.hpp"

namespace {

template <typename F>
double median_seconds(int repeats, F&& f) {
    std::vector<double> t;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t m = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 64;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 200;
    if (m == 0 || repeats < 1) {
        std::fprintf(stderr, "usage: backprop_cost [batch >= 1] [repeats >= 1]\n");
        return 2;
    }
    nn::use_fast_kernels(1);
    nn::Rng rng(1);
    nn::Network<float> net({784, 300, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    net.init(nn::Init::He, rng);
    nn::Matrix<float> X(m, 784);
    for (std::size_t k = 0; k < X.size(); ++k) X[k] = static_cast<float>(rng.uniform());
    std::vector<std::uint8_t> labels(m);
    for (auto& c : labels) c = static_cast<std::uint8_t>(rng.below(10));
    std::size_t P = 0;
    for (const auto& layer : net.layers) P += layer.W.size() + layer.b.size();

    net.forward(X);  // warm up: sizes the caches
    net.backward(X, labels);
    double sink = 0;
    const double forward = median_seconds(repeats, [&] { sink += net.forward(X)[0]; });
    const double backward = median_seconds(repeats, [&] { net.backward(X, labels); });
    std::printf("784-300-10, batch %zu, float, fast engine, 1 thread, median of %d runs\n", m, repeats);
    std::printf("P (parameters)                      %zu\n", P);
    std::printf("forward pass (no loss)              %.1f us\n", forward * 1e6);
    std::printf("backward pass                       %.1f us  = %.2f forward passes\n", backward * 1e6, backward / forward);
    std::printf("backprop gradient (forward+backward) %.1f us\n", (forward + backward) * 1e6);
    std::printf("central differences: 2P forward passes = %.1f s  = %.0f times the backprop gradient\n",
                2.0 * static_cast<double>(P) * forward, 2.0 * static_cast<double>(P) * forward / (forward + backward));
    return sink == 12345.678 ? 1 : 0;  // keeps the forward passes from being optimised away
}
