// Rng: seeded random numbers that are the same on every compiler and standard library.
// Derivation of the samplers: docs/08-initialisation.md (normal), docs/07-sgd.md (shuffling).
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace nn {

// std::mt19937_64's output sequence is fixed by the C++ standard, but std::normal_distribution,
// std::uniform_real_distribution and std::shuffle are not: libstdc++ and libc++ give different
// numbers. So the engine is standard and every distribution on top of it is written here.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}

    std::uint64_t next() { return engine_(); }
    // Uniform in [0, 1), with the 53 random bits a double holds.
    // (8.5): docs/08-initialisation.md#eq-8-5
    double uniform();
    // Uniform integer in [0, n), without modulo bias (rejection sampling). n must be >= 1.
    std::uint64_t below(std::uint64_t n);
    // Standard normal N(0, 1): Marsaglia's polar method.
    // (8.6): docs/08-initialisation.md#eq-8-6
    double normal();

private:
    std::mt19937_64 engine_;
    bool has_spare_ = false;
    double spare_ = 0.0;
};

// Fisher-Yates shuffle: every permutation of `order` equally likely.
// (7.3): docs/07-sgd.md#eq-7-3
void shuffle(std::vector<std::size_t>& order, Rng& rng);

}  // namespace nn
