// mnist_gradient_noise: how noisy a mini-batch gradient is against the batch size m. Not a test;
// the figures and why the noise scale of SGD is eta/m: docs/07-sgd.md#gradient-noise.
//
// At the initial 784-300-10 ReLU network (He init, seed 1), the full-batch gradient g of the loss over
// the first N training images is computed once; then for each m, K batches of m images drawn without
// replacement from those N give gradients g_B, and the program prints the root mean square of
// ||g_B - g|| (the sd of the batch gradient, summed over all weights and biases) and that times sqrt(m),
// which is constant when the sd falls as 1/sqrt(m).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/rng.hpp"
#include "data/mnist.hpp"
#include "fast/engine.hpp"
#include "nn/network.hpp"

namespace {

// Every dW and db of the network, one after another.
std::vector<double> gradient_of(nn::Network<float>& net, const nn::Dataset& data, const std::vector<std::size_t>& rows) {
    nn::Batch batch;
    nn::gather_batch(data, rows, 0, rows.size(), batch);
    net.forward(batch.X);
    net.backward(batch.X, batch.labels);
    std::vector<double> g;
    for (const auto& layer : net.layers) {
        for (std::size_t k = 0; k < layer.dW.size(); ++k) g.push_back(layer.dW[k]);
        for (std::size_t k = 0; k < layer.db.size(); ++k) g.push_back(layer.db[k]);
    }
    return g;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : "data";
    const std::size_t N = 10000, K = 100;
    nn::use_fast_kernels(2);
    const nn::Mnist data = nn::load_mnist(dir);
    nn::Network<float> net({784, 300, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(1);
    net.init(nn::Init::He, rng);
    std::vector<std::size_t> all = nn::identity_order(N);
    const std::vector<double> full = gradient_of(net, data.train, all);
    double full_norm = 0;
    for (double v : full) full_norm += v * v;
    std::printf("full gradient over %zu images: norm %.4f\n", N, std::sqrt(full_norm));
    std::printf("    m   sd of batch gradient   sd * sqrt(m)   sd / norm\n");
    for (std::size_t m : {1, 8, 64, 512}) {
        double sum_sq = 0;
        for (std::size_t k = 0; k < K; ++k) {
            nn::shuffle(all, rng);
            const std::vector<std::size_t> rows(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(m));
            const std::vector<double> g = gradient_of(net, data.train, rows);
            for (std::size_t i = 0; i < g.size(); ++i) sum_sq += (g[i] - full[i]) * (g[i] - full[i]);
        }
        const double sd = std::sqrt(sum_sq / static_cast<double>(K));
        std::printf("%5zu   %20.4f   %12.4f   %9.2f\n", m, sd, sd * std::sqrt(static_cast<double>(m)),
                    sd / std::sqrt(full_norm));
    }
    return 0;
}
