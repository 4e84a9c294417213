// mnist_bench: GFLOP/s of the three products at the training shapes, and training seconds per epoch.
// Not a test. Run by `make bench`; the figures and what limits them are in docs/performance.md.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "matmul.hpp"
#include "metrics.hpp"
#include "mnist.hpp"
#include "network.hpp"
#include "parallel.hpp"
#include "rng.hpp"
#include "sgd.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using nn::Matrix;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Best time of one call over several repetitions: each repetition calls f until 20 ms have passed.
// The best, not the mean, because the machine is shared and other work only ever adds time.
double best_seconds_per_call(const std::function<void()>& f) {
    double best = 1e30;
    f();  // warm up: caches, the pool's threads, packing buffers
    for (int rep = 0; rep < 5; ++rep) {
        long calls = 0;
        const auto start = Clock::now();
        double elapsed = 0;
        do {
            f();
            ++calls;
            elapsed = seconds_since(start);
        } while (elapsed < 0.02);
        best = std::min(best, elapsed / static_cast<double>(calls));
    }
    return best;
}

Matrix<float> random_matrix(std::size_t rows, std::size_t cols, nn::Rng& rng) {
    Matrix<float> M(rows, cols);
    for (std::size_t k = 0; k < M.size(); ++k) M[k] = static_cast<float>(2 * rng.uniform() - 1);
    return M;
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

// One product of the 784-300-10 network at batch m: C = op(A) op(B), and its m, n, k.
struct Shape {
    const char* kind;   // matmul, matmul_at, matmul_bt
    const char* what;   // where it appears in training
    std::size_t a_rows, a_cols, b_rows, b_cols;  // stored shapes of A and B
    std::size_t m, n, k;
};

std::vector<Shape> training_shapes(std::size_t m) {
    return {
        {"matmul", "z1 = X W1", m, 784, 784, 300, m, 300, 784},
        {"matmul", "z2 = h W2", m, 300, 300, 10, m, 10, 300},
        {"matmul_at", "dW1 = X^T delta1", m, 784, m, 300, 784, 300, m},
        {"matmul_at", "dW2 = h^T delta2", m, 300, m, 10, 300, 10, m},
        {"matmul_bt", "dh = delta2 W2^T", m, 10, 300, 10, m, 300, 10},
    };
}

void run_product(const std::string& kind, const Matrix<float>& A, const Matrix<float>& B, Matrix<float>& C,
                 bool reference) {
    if (kind == "matmul") reference ? nn::matmul_reference(A, B, C) : nn::matmul(A, B, C);
    else if (kind == "matmul_at") reference ? nn::matmul_at_reference(A, B, C) : nn::matmul_at(A, B, C);
    else reference ? nn::matmul_bt_reference(A, B, C) : nn::matmul_bt(A, B, C);
}

void bench_products() {
    std::printf("Products (float32), GFLOP/s = 2 m n k / best time per call; 1 and 2 threads\n");
    std::printf("%-10s %-18s %5s %5s %5s  %9s  %9s  %8s\n", "kind", "training step", "m", "n", "k",
                "1 thread", "2 threads", "speedup");
    nn::Rng rng(7);
    for (std::size_t batch : {1, 64, 128})
        for (const Shape& s : training_shapes(batch)) {
            const Matrix<float> A = random_matrix(s.a_rows, s.a_cols, rng), B = random_matrix(s.b_rows, s.b_cols, rng);
            Matrix<float> C;
            double gflops[2];
            for (int threads : {1, 2}) {
                nn::set_thread_count(threads);
                const double t = best_seconds_per_call([&] { run_product(s.kind, A, B, C, false); });
                gflops[threads - 1] = 2.0 * double(s.m * s.n * s.k) / t * 1e-9;
            }
            std::printf("%-10s %-18s %5zu %5zu %5zu  %9.1f  %9.1f  %7.2fx\n", s.kind, s.what, s.m, s.n, s.k,
                        gflops[0], gflops[1], gflops[1] / gflops[0]);
        }
    // For contrast: the reference triple loop at the largest forward shape.
    nn::set_thread_count(1);
    const Shape s = training_shapes(64)[0];
    const Matrix<float> A = random_matrix(s.a_rows, s.a_cols, rng), B = random_matrix(s.b_rows, s.b_cols, rng);
    Matrix<float> C;
    const double t = best_seconds_per_call([&] { run_product(s.kind, A, B, C, true); });
    std::printf("%-10s %-18s %5zu %5zu %5zu  %9.1f  (reference triple loop, 1 thread)\n\n", "reference", s.what,
                s.m, s.n, s.k, 2.0 * double(s.m * s.n * s.k) / t * 1e-9);
}

struct Config {
    const char* name;
    std::vector<std::size_t> sizes;
    nn::Activation activation;
    nn::Init init;
    std::size_t batch;
    float eta;
};

// Seconds of one training epoch (forward, backward, update over 60000 images; no evaluation).
void bench_training(const nn::Mnist& data, int threads) {
    const Config configs[] = {
        {"784-300-10 relu, batch 64 (default)", {784, 300, 10}, nn::Activation::ReLU, nn::Init::He, 64, 0.1f},
        {"784-300-10 relu, batch 128", {784, 300, 10}, nn::Activation::ReLU, nn::Init::He, 128, 0.1f},
        {"784-30-10 relu, batch 64", {784, 30, 10}, nn::Activation::ReLU, nn::Init::He, 64, 0.1f},
        {"784-64-10 sigmoid, batch 1 (online)", {784, 64, 10}, nn::Activation::Sigmoid, nn::Init::Xavier, 1, 0.01f},
    };
    nn::set_thread_count(threads);
    std::printf("Training, %d thread%s: seconds per epoch (best of 2 epochs; evaluation excluded)\n", threads,
                threads == 1 ? "" : "s");
    std::printf("%-38s %9s %13s\n", "configuration", "s/epoch", "samples/s");
    for (const Config& c : configs) {
        nn::Network<float> net(c.sizes, c.activation, nn::Loss::CrossEntropy);
        nn::Rng rng(1);
        net.init(c.init, rng);
        std::vector<std::size_t> order(data.train.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        nn::Batch batch;
        double best = 1e30;
        for (int epoch = 0; epoch < 2; ++epoch) {
            const auto start = Clock::now();
            nn::train_epoch(net, data.train, order, c.batch, c.eta, rng, batch);
            best = std::min(best, seconds_since(start));
        }
        std::printf("%-38s %9.3f %13.0f\n", c.name, best, double(data.train.size()) / best);
    }
    // Evaluation: forward only, over all 70000 images, as ./mnist does after every epoch.
    nn::Network<float> net({784, 300, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(1);
    net.init(nn::Init::He, rng);
    double best = 1e30;
    for (int rep = 0; rep < 2; ++rep) {
        const auto start = Clock::now();
        nn::evaluate(net, data.train);
        nn::evaluate(net, data.test);
        best = std::min(best, seconds_since(start));
    }
    std::printf("%-38s %9.3f %13.0f\n\n", "784-300-10 evaluation of 70000 images", best, 70000.0 / best);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string data_dir = argc > 1 ? argv[1] : "data";
    std::printf("mnist_bench\n");
    std::printf("machine:  %s, %u cores (std::thread::hardware_concurrency)\n", cpu_model().c_str(),
                std::thread::hardware_concurrency());
    std::printf("compiler: %s\n", __VERSION__);
    std::printf("FLOP model: a product of (m x k) and (k x n) counts 2 m n k floating-point operations\n");
    std::printf("            (one multiply and one add per term), whatever the kernel does.\n\n");
    bench_products();
    try {
        const nn::Mnist data = nn::load_mnist(data_dir);
        bench_training(data, 2);
    } catch (const std::exception& e) {
        std::printf("Training: skipped, no MNIST in %s/ (%s); run 'make data'\n\n", data_dir.c_str(), e.what());
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak memory (getrusage ru_maxrss): %.1f MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}
