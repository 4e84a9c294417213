// Uniform, bounded-integer and normal samplers on std::mt19937_64, and Fisher-Yates shuffling.
// Derivation: docs/08-initialisation.md (normal sampler), docs/07-sgd.md (shuffle).
#include "core/rng.hpp"

#include <cmath>

namespace nn {

// docs/08-initialisation.md#eq-8-5
double Rng::uniform() {
    return static_cast<double>(next() >> 11) * 0x1.0p-53;  // top 53 bits / 2^53
}

// The j of (7.3): docs/07-sgd.md#eq-7-3
std::uint64_t Rng::below(std::uint64_t n) {
    // Reject the top partial copy of [0, n) so that every residue is equally likely.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x = next();
    while (x >= limit) x = next();
    return x % n;
}

// Marsaglia's polar method: a point (u, v) uniform in the unit disc gives two independent
// normals u*f and v*f with f = sqrt(-2 ln s / s), s = u^2 + v^2. Only log and sqrt are needed,
// and IEEE requires sqrt to be exact, so the numbers agree across libraries.
// docs/08-initialisation.md#eq-8-6
double Rng::normal() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_;
    }
    double u, v, s;
    do {
        u = 2.0 * uniform() - 1.0;
        v = 2.0 * uniform() - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
}

// docs/07-sgd.md#eq-7-3
void shuffle(std::vector<std::size_t>& order, Rng& rng) {
    for (std::size_t i = order.size(); i > 1; --i) {
        const std::size_t j = static_cast<std::size_t>(rng.below(i));  // j in [0, i)
        std::swap(order[i - 1], order[j]);
    }
}

}  // namespace nn
