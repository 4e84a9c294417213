// mnist_bench: GFLOP/s of the three products at the training shapes, and training seconds per epoch.
// Not a test. Run by `make bench`; the figures and what limits them are in docs/performance.md.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "core/platform.hpp"
#include "nn/activations.hpp"
#include "nn/loss.hpp"
#include "core/matmul.hpp"
#include "nn/metrics.hpp"
#include "data/mnist.hpp"
#include "nn/network.hpp"
#include "fast/engine.hpp"
#include "fast/evaluation.hpp"
#include "fast/finite_weights.hpp"
#include "core/rng.hpp"
#include "nn/sgd.hpp"
#include "run/optimizer_state.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using nn::Matrix;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Best time of one call over many short repetitions: each repetition calls f until 1 ms has
// passed, for 300 ms in all. The best, not the mean, because the machine is shared: other programs
// only ever add time, and a short window has a fair chance of running undisturbed.
double best_seconds_per_call(const std::function<void()>& f, double total_seconds = 0.3) {
    double best = 1e30;
    f();  // warm up: caches, the pool's threads, packing buffers
    const auto begin = Clock::now();
    do {
        long calls = 0;
        const auto start = Clock::now();
        double elapsed = 0;
        do {
            f();
            ++calls;
            elapsed = seconds_since(start);
        } while (elapsed < 0.001);
        best = std::min(best, elapsed / static_cast<double>(calls));
    } while (seconds_since(begin) < total_seconds);
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

// Clock estimate for the roofline: a chain of dependent fused multiply-adds runs one per FMA
// latency, 4 cycles on AMD Zen 4 and Zen 5 (an assumption, stated where it is printed).
float fma_chain(float x, float a, float b, long n) {
    for (long i = 0; i < n; ++i) x = x * a + b;  // each FMA waits for the previous one
    return x;
}

double fma_chain_ns() {
    volatile float in[3] = {0.5f, 0.999999f, 1e-7f};  // volatile: not known at compile time
    volatile float sink = 0;
    const long n = 1000000;
    double best = 1e30;
    for (int rep = 0; rep < 300; ++rep) {
        const auto start = Clock::now();
        sink = sink + fma_chain(in[0], in[1], in[2], n);
        best = std::min(best, seconds_since(start));
    }
    return best / static_cast<double>(n) * 1e9;
}

// Memory bandwidth for the roofline: best copy rate of a 64 MB buffer (read + write counted).
double copy_gb_per_s() {
    std::vector<float> from(std::size_t(16) << 20, 1.0f), to(from.size());
    double best = 1e30;
    volatile float sink = 0;  // a value of each copy is read: clang++ removed the copy of a vector never read
    for (int rep = 0; rep < 10; ++rep) {
        const auto start = Clock::now();
        std::copy(from.begin(), from.end(), to.begin());
        sink = to[static_cast<std::size_t>(rep) * 999983 % to.size()];
        best = std::min(best, seconds_since(start));
    }
    (void)sink;
    return 2.0 * double(from.size() * sizeof(float)) / best * 1e-9;
}

// Why small products stay on one thread: the time for a value written by one core to be seen by
// the other and answered (best of 20 rounds of 10000 exchanges through one atomic).
double core_round_trip_ns() {
    std::atomic<long> flag{0};
    const long n = 10000, rounds = 20;
    std::thread partner([&] {
        for (long i = 0; i < n * rounds; ++i) {
            while (flag.load() != 2 * i + 1) {
            }
            flag.store(2 * i + 2);
        }
    });
    double best = 1e30;
    for (long round = 0; round < rounds; ++round) {
        const auto start = Clock::now();
        for (long i = round * n; i < (round + 1) * n; ++i) {
            flag.store(2 * i + 1);
            while (flag.load() != 2 * i + 2) {
            }
        }
        best = std::min(best, seconds_since(start) / static_cast<double>(n));
    }
    partner.join();
    return best * 1e9;
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
                nn::use_fast_kernels(threads);
                const double t = best_seconds_per_call([&] { run_product(s.kind, A, B, C, false); });
                gflops[threads - 1] = 2.0 * double(s.m * s.n * s.k) / t * 1e-9;
            }
            std::printf("%-10s %-18s %5zu %5zu %5zu  %9.1f  %9.1f  %7.2fx\n", s.kind, s.what, s.m, s.n, s.k,
                        gflops[0], gflops[1], gflops[1] / gflops[0]);
        }
    // For contrast: the reference triple loop at the largest forward shape.
    nn::use_fast_kernels(1);
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

// Seconds of one training epoch: forward, backward, update over the 60000 training images.
double epoch_seconds(const nn::Mnist& data, const Config& c, int threads) {
    nn::use_fast_kernels(threads);
    nn::Network<float> net(c.sizes, c.activation, nn::Loss::CrossEntropy);
    nn::Rng rng(1);
    net.init(c.init, rng);
    std::vector<std::size_t> order = nn::identity_order(data.train.size());
    nn::Batch batch;
    double best = 1e30;
    for (int epoch = 0; epoch < 2; ++epoch) {
        const auto start = Clock::now();
        const nn::TrainStep step = nn::step_for(c.batch);  // the step ./mnist takes (online: the online step)
        nn::train_epoch(net, data.train, order, c.batch, c.eta, rng, batch, nullptr, step.learn, {}, step.forward);
        if (step.settle) step.settle(net);  // W1 kept aside by the step, back into net (part of the epoch)
        best = std::min(best, seconds_since(start));
    }
    return best;
}

// Seconds to evaluate 784-300-10 on all 70000 images (forward only), as ./mnist does every epoch.
double evaluation_seconds(const nn::Mnist& data, int threads) {
    nn::use_fast_kernels(threads);
    nn::Network<float> net({784, 300, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(1);
    net.init(nn::Init::He, rng);
    double best = 1e30;
    for (int rep = 0; rep < 2; ++rep) {
        const auto start = Clock::now();
        nn::fast_evaluate(net, data.train);  // as the training loop evaluates
        nn::fast_evaluate(net, data.test);
        best = std::min(best, seconds_since(start));
    }
    return best;
}

// Where the time of one default training step goes: the calls that Network::forward, loss,
// backward and sgd_update make for 784-300-10, made here one by one and each timed, summed over
// the second of two epochs. Reading the clock 13 times a step adds well under
// a millisecond per epoch (12 000 reads of about 25 ns).
void bench_step_breakdown(const nn::Mnist& data, int threads) {
    nn::use_fast_kernels(threads);
    nn::Network<float> net({784, 300, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(1);
    net.init(nn::Init::He, rng);
    nn::Layer<float>& L1 = net.layers[0];
    nn::Layer<float>& L2 = net.layers[1];
    std::vector<std::size_t> order = nn::identity_order(data.train.size());
    nn::Batch batch;
    Matrix<float> dh;
    const char* names[] = {"gather the batch", "z1 = X W1", "+ b1, h = relu(z1)", "z2 = h W2", "+ b2, p = softmax(z2)",
                           "loss", "delta2, db2", "dW2 = h^T delta2", "dh = delta2 W2^T", "delta1 = dh relu'(z1)",
                           "W1 -= eta X^T delta1", "db1", "update W2, b1, b2"};
    constexpr int phases = sizeof names / sizeof names[0];
    double seconds[phases] = {};
    const std::size_t n = data.train.size(), m = 64;
    for (int epoch = 0; epoch < 2; ++epoch) {
        nn::shuffle(order, rng);
        // As the batch step (fast/finite_weights.hpp): W1 read for infinities once an epoch, so that
        // z1 = X W1 skips the zero pixels, and W1 -= eta X^T delta1 without storing dW1.
        const nn::W1ReadOnce w1(net);
        for (std::size_t start = 0; start < n; start += m) {
            int phase = 0;
            auto last = Clock::now();
            const auto done = [&] {  // ends the current phase
                const auto now = Clock::now();
                if (epoch == 1) seconds[phase] += std::chrono::duration<double>(now - last).count();
                ++phase;
                last = now;
            };
            nn::gather_batch(data.train, order, start, std::min(n, start + m), batch); done();
            nn::matmul(batch.X, L1.W, L1.z); done();
            nn::add_row_vector(L1.z, L1.b); nn::relu_forward(L1.z, L1.h); done();
            nn::matmul(L1.h, L2.W, L2.z); done();
            nn::add_row_vector(L2.z, L2.b); nn::softmax_forward(L2.z, L2.h); done();
            volatile double loss = nn::cross_entropy_loss(L2.z, batch.labels); (void)loss; done();
            nn::softmax_cross_entropy_backward(L2.h, batch.labels, L2.delta); nn::column_sums(L2.delta, L2.db); done();
            nn::matmul_at(L1.h, L2.delta, L2.dW); done();
            nn::matmul_bt(L2.delta, L2.W, dh); done();
            nn::relu_backward(L1.z, dh, L1.delta); done();
            volatile bool finite = nn::subtract_gradient_w1(net, batch.X, 0.1f); (void)finite; done();
            nn::column_sums(L1.delta, L1.db); done();
            nn::sgd_step(L1.b, L1.db, 0.1f);
            nn::sgd_step(L2.W, L2.dW, 0.1f);
            nn::sgd_step(L2.b, L2.db, 0.1f);
            done();
        }
    }
    double total = 0;
    for (double t : seconds) total += t;
    std::printf("Where a step's time goes: 784-300-10 relu, batch 64, %d thread%s; seconds per epoch\n", threads,
                threads == 1 ? "" : "s");
    for (int i = 0; i < phases; ++i)
        std::printf("  %-24s %7.4f  %5.1f %%\n", names[i], seconds[i], 100 * seconds[i] / total);
    std::printf("  %-24s %7.4f\n\n", "total", total);
}

// The step ./mnist takes by default (batch_step, fast/finite_weights.hpp) in its three parts: the
// table above times the same operations one by one on the calling thread's schedule, this one the
// step as it runs, its small operations split over the threads (fast/step_rows.hpp) and W1 kept
// aside in whole cache lines until settled at the epoch's end.
void bench_default_step(const nn::Mnist& data, int threads) {
    nn::use_fast_kernels(threads);
    nn::Network<float> net({784, 300, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(1);
    net.init(nn::Init::He, rng);
    std::vector<std::size_t> order = nn::identity_order(data.train.size());
    nn::Batch batch;
    const char* names[] = {"gather the batch", "forward: z1, then h to delta1 by rows", "learn: sums, every update",
                           "settle W1 (once)"};
    double seconds[4] = {};
    const std::size_t n = data.train.size(), m = 64;
    for (int epoch = 0; epoch < 2; ++epoch) {
        nn::shuffle(order, rng);
        const nn::TrainStep step = nn::batch_step();
        auto last = Clock::now();
        const auto done = [&](int phase) {
            const auto now = Clock::now();
            if (epoch == 1) seconds[phase] += std::chrono::duration<double>(now - last).count();
            last = now;
        };
        for (std::size_t start = 0; start < n; start += m) {
            nn::gather_batch(data.train, order, start, std::min(n, start + m), batch); done(0);
            volatile double loss = step.forward(net, batch, rng); (void)loss; done(1);
            step.learn(net, batch, 0.1f); done(2);
        }
        step.settle(net); done(3);
    }
    std::printf("The default step (batch_step) as ./mnist runs it: 784-300-10 relu, batch 64, %d thread%s; seconds per epoch\n",
                threads, threads == 1 ? "" : "s");
    double total = 0;
    for (double t : seconds) total += t;
    for (int i = 0; i < 4; ++i) std::printf("  %-38s %7.4f  %5.1f %%\n", names[i], seconds[i], 100 * seconds[i] / total);
    std::printf("  %-38s %7.4f\n\n", "total", total);
}

void bench_training(const nn::Mnist& data) {
    const Config configs[] = {
        {"784-300-10 relu, batch 64 (default)", {784, 300, 10}, nn::Activation::ReLU, nn::Init::He, 64, 0.1f},
        {"784-300-10 relu, batch 128", {784, 300, 10}, nn::Activation::ReLU, nn::Init::He, 128, 0.1f},
        {"784-30-10 relu, batch 64", {784, 30, 10}, nn::Activation::ReLU, nn::Init::He, 64, 0.1f},
        {"784-64-10 sigmoid, batch 1 (online)", {784, 64, 10}, nn::Activation::Sigmoid, nn::Init::Xavier, 1, 0.01f},
        {"784-300-10 relu, batch 1 (online)", {784, 300, 10}, nn::Activation::ReLU, nn::Init::He, 1, 0.01f},
    };
    std::printf("Training: seconds per epoch of 60000 images (best of 2 epochs; evaluation excluded)\n");
    std::printf("%-40s %10s %10s %14s\n", "configuration", "1 thread", "2 threads", "samples/s (2)");
    for (const Config& c : configs) {
        const double one = epoch_seconds(data, c, 1), two = epoch_seconds(data, c, 2);
        std::printf("%-40s %10.3f %10.3f %14.0f\n", c.name, one, two, double(data.train.size()) / two);
    }
    const double one = evaluation_seconds(data, 1), two = evaluation_seconds(data, 2);
    std::printf("%-40s %10.3f %10.3f %14.0f\n\n", "784-300-10 evaluation, 70000 images", one, two, 70000.0 / two);
}

// The options past plain SGD (docs/15-momentum.md to docs/18-dropout.md): seconds of one training
// epoch with each option alone and with several together, beside plain SGD, on the default shape
// (784-300-10, batch 64) or on the recipe's (784-800-800-10, batch 128; README, "The recipe").
// The configurations take turns, one epoch each per round, so that a busy moment of the shared machine
// hits them alike: the best of the rounds (other programs only ever add time) and the median over the
// rounds of each one's time over plain SGD's in the same round.
struct NetShape {
    const char* name;
    std::vector<std::size_t> layers;
    std::size_t batch;
    std::size_t images;  // trained per "epoch": all 60000, or the first batches of a shuffled epoch
};
const NetShape kDefaultShape{"784-300-10, batch 64", {784, 300, 10}, 64, 60000};
// A sixth of an epoch: the steps are those of a whole one (the same shapes), at a sixth of the time.
const NetShape kRecipeShape{"784-800-800-10, batch 128 (the recipe), 10000 images", {784, 800, 800, 10}, 128, 10000};

struct Extra {
    const char* name;
    nn::OptimizerSettings settings;
    double dropout;
    float eta;  // small enough not to diverge: the time of a step does not depend on it
};

nn::Network<float> extra_network(const NetShape& shape, const Extra& e, nn::Rng& rng) {
    nn::Network<float> net(shape.layers, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    net.init(nn::Init::He, rng);
    net.dropout = e.dropout;
    return net;
}

// Wall seconds of one epoch, or with `cpu` the processor time the program used (std::clock): on one
// thread, the time it computed, whatever else the machine ran meanwhile.
double extra_epoch_seconds(const nn::Mnist& data, const NetShape& shape, const Extra& e, bool cpu = false) {
    nn::Rng rng(1);
    nn::Network<float> net = extra_network(shape, e, rng);
    nn::Optimizer<float> optimizer(e.settings, net);
    const nn::TrainStep step = nn::step_for(shape.batch, optimizer, e.dropout);  // the step train_network takes
    std::vector<std::size_t> order = nn::identity_order(data.train.size());
    nn::Batch batch;
    const std::size_t images = shape.images;
    const auto start = Clock::now();
    const std::clock_t cpu_start = std::clock();
    nn::train_epoch(net, data.train, order, shape.batch, e.eta, rng, batch,
                    [images](std::size_t samples) { return samples < images; }, step.learn, {}, step.forward);
    if (step.settle) step.settle(net);
    return cpu ? double(std::clock() - cpu_start) / CLOCKS_PER_SEC : seconds_since(start);
}

// Best seconds of one training step (forward_train, then the step train_network takes) on the
// first batch of training images, with the settings of e: best over 1 ms windows for 2 s, which a busy
// machine still leaves undisturbed now and then.
double extra_step_seconds(const nn::Mnist& data, const NetShape& shape, const Extra& e) {
    nn::Rng rng(1);
    nn::Network<float> net = extra_network(shape, e, rng);
    nn::Optimizer<float> optimizer(e.settings, net);
    const nn::Learn learn = nn::step_for(shape.batch, optimizer, e.dropout).learn;  // batch > 1: no forward of its own
    nn::Batch batch;
    nn::gather_batch(data.train, nn::identity_order(data.train.size()), 0, shape.batch, batch);
    return best_seconds_per_call([&] {
        net.forward_train(batch.X, rng);
        learn(net, batch, e.eta);
    }, 2.0);
}

void bench_options(const nn::Mnist& data, const NetShape& shape, int threads, int rounds, bool cpu) {
    nn::OptimizerSettings momentum, nesterov, adam, decay, together;
    momentum.method = nn::Method::Momentum;
    nesterov.method = nn::Method::Nesterov;
    adam.method = nn::Method::Adam;
    decay.weight_decay = 5e-4;
    together.method = nn::Method::Momentum;
    together.weight_decay = 5e-4;
    const Extra extras[] = {
        {"plain SGD (the default)", {}, 0, 0.1f},
        {"--optimizer momentum", momentum, 0, 0.01f},
        {"--optimizer nesterov", nesterov, 0, 0.01f},
        {"--optimizer adam", adam, 0, 0.001f},
        {"--weight-decay 0.0005", decay, 0, 0.1f},
        {"--dropout 0.5", {}, 0.5, 0.1f},
        {"momentum, weight decay and dropout", together, 0.5, 0.01f},
        {"the recipe's: momentum, dropout 0.3", momentum, 0.3, 0.01f},
    };
    const std::size_t count = sizeof extras / sizeof extras[0];
    nn::use_fast_kernels(threads);
    const char* plural = threads == 1 ? "" : "s";
    std::vector<double> best(count, 1e30);
    std::vector<std::vector<double>> ratios(count);  // per round: seconds / plain SGD's of the same round
    for (int round = 0; round < rounds; ++round) {
        std::vector<double> t(count);
        for (std::size_t i = 0; i < count; ++i) {
            t[i] = extra_epoch_seconds(data, shape, extras[i], cpu);
            best[i] = std::min(best[i], t[i]);
        }
        for (std::size_t i = 0; i < count; ++i) ratios[i].push_back(t[i] / t[0]);
    }
    if (!cpu) {
    std::printf("Past plain SGD: best seconds of one step of %s, %d thread%s\n", shape.name, threads, plural);
    std::printf("%-40s %10s %14s\n", "option", "best ms", "vs plain");
    std::vector<double> step(count);
    for (std::size_t i = 0; i < count; ++i) step[i] = extra_step_seconds(data, shape, extras[i]);
    for (std::size_t i = 0; i < count; ++i)
        std::printf("%-40s %10.3f %13.1f %%\n", extras[i].name, 1e3 * step[i], 100 * (step[i] / step[0] - 1));
    }
    if (rounds == 0) return;
    std::printf("Past plain SGD: %s seconds per epoch of %s, %d thread%s, %d alternated rounds\n",
                cpu ? "processor" : "wall", shape.name, threads, plural, rounds);
    std::printf("%-40s %10s %14s %14s\n", "option", "best s", "best vs plain", "median ratio");
    for (std::size_t i = 0; i < count; ++i) {
        std::vector<double> r = ratios[i];
        std::sort(r.begin(), r.end());
        const double median = r.size() % 2 ? r[r.size() / 2] : (r[r.size() / 2 - 1] + r[r.size() / 2]) / 2;
        std::printf("%-40s %10.3f %13.1f %% %13.1f %%\n", extras[i].name, best[i], 100 * (best[i] / best[0] - 1),
                    100 * (median - 1));
    }
    std::printf("\n");
}

}  // namespace

// mnist_bench [DATA]: everything below. mnist_bench DATA options [ROUNDS [THREADS [cpu] [recipe]]]:
// only the options past plain SGD, their steps, then ROUNDS alternated rounds of epochs (default 5;
// 0: none) on THREADS threads (default 2); with cpu, the epochs' processor time instead (meant for 1
// thread, on a busy machine), without the steps; with recipe, on the recipe's shape instead of the default's.
int main(int argc, char** argv) {
    const std::string data_dir = argc > 1 ? argv[1] : "data";
    if (argc > 2 && std::string(argv[2]) == "options") {
        const int rounds = argc > 3 ? std::max(0, std::atoi(argv[3])) : 5;
        const int threads = argc > 4 ? std::max(1, std::atoi(argv[4])) : 2;
        bool cpu = false, recipe = false;
        for (int i = 5; i < argc; ++i) {
            cpu = cpu || std::string(argv[i]) == "cpu";
            recipe = recipe || std::string(argv[i]) == "recipe";
        }
        bench_options(nn::load_mnist(data_dir), recipe ? kRecipeShape : kDefaultShape, threads, rounds, cpu);
        return 0;
    }
    std::printf("mnist_bench\n");
    std::printf("machine:  %s, %u cores (std::thread::hardware_concurrency)\n", cpu_model().c_str(),
                std::thread::hardware_concurrency());
#if defined(__clang__)
    std::printf("compiler: clang++ %s\n", __clang_version__);
#elif defined(__GNUC__)
    std::printf("compiler: g++ %s\n", __VERSION__);
#else
    std::printf("compiler: %s\n", __VERSION__);
#endif
    std::printf("memory:   %.1f GB of RAM (nn::physical_memory_bytes)\n",
                static_cast<double>(nn::physical_memory_bytes()) / 1e9);
    std::ifstream loadavg("/proc/loadavg");
    std::string load1, load5;
    if (loadavg >> load1 >> load5)
        std::printf("load:     %s (1 min), %s (5 min) before the run; above 2, other programs share the cores\n",
                    load1.c_str(), load5.c_str());
    const double ns = fma_chain_ns(), ghz = 4.0 / ns;
    std::printf("clock:    %.3f ns per dependent FMA -> about %.2f GHz, if the FMA latency is 4 cycles (Zen 4/5)\n",
                ns, ghz);
    // Floats per vector register of the target this was compiled for (the kernels' W).
#if defined(__AVX512F__)
    const int lanes = 16;
#elif defined(__AVX__)
    const int lanes = 8;
#else
    const int lanes = 4;
#endif
    const double per_core = 2.0 * lanes * 2.0 * ghz;
    std::printf("peak:     2 FMA pipes x %d floats x 2 FLOP x %.2f GHz = %.0f GFLOP/s per core, %.0f on %u cores\n",
                lanes, ghz, per_core, per_core * std::thread::hardware_concurrency(), std::thread::hardware_concurrency());
    std::printf("memory:   %.1f GB/s (copy of 64 MB, read + write, one thread)\n", copy_gb_per_s());
    std::printf("cores:    %.0f ns for a round trip of one value between two threads (shared atomic)\n",
                core_round_trip_ns());
    std::printf("FLOP model: a product of (m x k) and (k x n) counts 2 m n k floating-point operations\n");
    std::printf("            (one multiply and one add per term), whatever the kernel does.\n\n");
    // "products", "epochs" or "steps": only that part, for quick comparisons of two builds run alternately.
    const std::string part = argc > 2 ? argv[2] : "";
    if (part.empty() || part == "products") bench_products();
    if (part == "products") return 0;
    try {
        const nn::Mnist data = nn::load_mnist(data_dir);
        if (part != "steps") bench_training(data);
        if (part == "epochs") return 0;
        bench_step_breakdown(data, 1);
        bench_step_breakdown(data, 2);
        bench_default_step(data, 1);
        bench_default_step(data, 2);
        if (part == "steps") return 0;
        bench_options(data, kDefaultShape, 2, 5, false);
        bench_options(data, kRecipeShape, 2, 3, false);
    } catch (const std::exception& e) {
        std::printf("Training: skipped, no MNIST in %s/: %s\n\n", data_dir.c_str(), e.what());
    }
    std::printf("peak memory (nn::peak_resident_bytes): %.1f MB for this whole program (MNIST as bytes: 55 MB;\n"
                "            the copy test: 128 MB, freed before). The default ./mnist run: /usr/bin/time -v ./mnist\n",
                static_cast<double>(nn::peak_resident_bytes()) / (1024.0 * 1024.0));
    return 0;
}
