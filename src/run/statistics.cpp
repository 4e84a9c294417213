// Mean, sd, t intervals and McNemar's exact test, written out so that a student can check each line
// against the formulas in docs/experiments.md#statistics.
#include "run/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace nn {

double mean(const std::vector<double>& x) {
    if (x.empty()) return 0;
    double sum = 0;
    for (double v : x) sum += v;
    return sum / static_cast<double>(x.size());
}

double sample_sd(const std::vector<double>& x) {
    if (x.size() < 2) return 0;
    const double m = mean(x);
    double squares = 0;
    for (double v : x) squares += (v - m) * (v - m);
    return std::sqrt(squares / static_cast<double>(x.size() - 1));  // n - 1: the mean was estimated
}

double t_quantile_975(std::size_t df) {
    static const double table[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                     2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                     2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (df == 0) throw std::invalid_argument("t_quantile_975: expected df >= 1, found 0");
    if (df <= 30) return table[df - 1];
    const double z = 1.959964;  // Cornish-Fisher: z + (z^3 + z) / (4 df)
    return z + (z * z * z + z) / (4.0 * static_cast<double>(df));
}

Summary summarize(const std::vector<double>& x) {
    Summary s;
    s.n = x.size();
    s.mean = mean(x);
    s.sd = sample_sd(x);
    const double half = x.size() < 2 ? 0 : t_quantile_975(x.size() - 1) * s.sd / std::sqrt(static_cast<double>(x.size()));
    s.lo = s.mean - half;
    s.hi = s.mean + half;
    return s;
}

Summary prediction_interval(const std::vector<double>& x) {
    Summary s = summarize(x);
    const double n = static_cast<double>(x.size());
    const double half = x.size() < 2 ? 0 : t_quantile_975(x.size() - 1) * s.sd * std::sqrt(1 + 1 / n);
    s.lo = s.mean - half;
    s.hi = s.mean + half;
    return s;
}

double mcnemar_exact_p(std::size_t b, std::size_t c) {
    const std::size_t n = b + c, k = std::min(b, c);
    if (n == 0) return 1;
    // P(X <= k) for X ~ Binomial(n, 1/2): sum of C(n, i) / 2^n, each term through logarithms so
    // that n in the thousands neither overflows C(n, i) nor underflows 2^-n.
    double tail = 0;
    const double log_half_n = static_cast<double>(n) * std::log(0.5);
    for (std::size_t i = 0; i <= k; ++i)
        tail += std::exp(std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(static_cast<double>(n - i) + 1.0) +
                         log_half_n);
    return std::min(1.0, 2 * tail);  // two-sided: the other tail is the same by symmetry
}

Discordant discordant(const std::vector<std::uint8_t>& first, const std::vector<std::uint8_t>& second) {
    if (first.size() != second.size())
        throw std::invalid_argument("discordant: expected two runs on the same images, found " +
                                    std::to_string(first.size()) + " and " + std::to_string(second.size()));
    Discordant d;
    d.n = first.size();
    for (std::size_t i = 0; i < first.size(); ++i) {
        if (first[i] && !second[i]) ++d.b;
        if (!first[i] && second[i]) ++d.c;
    }
    return d;
}

Summary paired_difference(const Discordant& d) {
    Summary s;
    s.n = d.n;
    if (d.n == 0) return s;
    const double n = static_cast<double>(d.n), b = static_cast<double>(d.b), c = static_cast<double>(d.c);
    s.mean = (b - c) / n;
    s.sd = std::sqrt(std::max(0.0, b + c - (b - c) * (b - c) / n)) / n;
    s.lo = s.mean - 1.959964 * s.sd;
    s.hi = s.mean + 1.959964 * s.sd;
    return s;
}

}  // namespace nn
