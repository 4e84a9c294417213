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

// The k-th number of the stream named `key`, computed directly, without the numbers before it (a
// counter-based generator): splitmix64's output function applied to key + (k + 1) times its odd
// step. Used where many independent values are drawn at once (dropout masks), so they can be made
// in any order, vectorised, and stay the same for a seed.
// (8.9): docs/08-initialisation.md#eq-8-9
inline std::uint64_t counter_random(std::uint64_t key, std::uint64_t k) {
    std::uint64_t z = key + (k + 1) * 0x9e3779b97f4a7c15ULL;  // the Weyl sequence of splitmix64
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Fisher-Yates shuffle: every permutation of `order` equally likely.
// (7.3): docs/07-sgd.md#eq-7-3
void shuffle(std::vector<std::size_t>& order, Rng& rng);

}  // namespace nn
