// Seconds of each training epoch of ./mnist's default run, as train_network times them (evaluations
// excluded), for comparing two builds run in turn (bench/alternate.sh). Not built by default:
//   g++ -std=c++17 -O3 -march=native -Isrc -pthread bench/epoch_times.cpp
//       build/cmake/libmnist_app.a build/cmake/libmnist_core.a -o epoch_times   (one line)
//   ./epoch_times [THREADS=2] [HIDDEN=300] [DATA=data] [relu|sigmoid|dropout|momentum]
// prints 4 epochs' seconds on one line (dropout: 0.5; momentum: 0.9, both on the ReLU network).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "data/mnist.hpp"
#include "fast/engine.hpp"
#include "run/training.hpp"

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
    const std::size_t hidden = argc > 2 ? static_cast<std::size_t>(std::atoi(argv[2])) : 300;
    const nn::Mnist data = nn::load_mnist(argc > 3 ? argv[3] : "data");
    nn::use_fast_kernels(threads);
    nn::RunConfig config;
    config.epochs = 4;
    config.layers = {784, hidden, 10};
    const std::string variant = argc > 4 ? argv[4] : "relu";
    if (variant == "sigmoid") {  // as ./mnist --activation sigmoid
        config.activation = nn::Activation::Sigmoid;
        config.init = nn::Init::Xavier;
    }
    if (variant == "dropout") config.dropout = 0.5;                           // --dropout 0.5
    if (variant == "momentum") config.optimizer.method = nn::Method::Momentum;  // --optimizer momentum
    nn::Network<float> net(config.layers, config.activation, config.loss);
    nn::Rng rng(config.seed);
    nn::init_network(config, net, rng);
    const nn::RunResult run = nn::train_network(config, data, net, rng);
    for (const nn::EpochRow& e : run.epochs) std::printf("%.4f ", e.seconds);
    std::printf("\n");
}
