// The statistics of repeated runs: mean, sample standard deviation, a t-based 95 % interval, and
// McNemar's exact test of two classifiers on the same test images. Derivation: docs/experiments.md#statistics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nn {

// The arithmetic mean of x (0 for an empty x).
double mean(const std::vector<double>& x);
// The sample standard deviation sqrt(sum (x_i - mean)^2 / (n - 1)); 0 when n < 2.
double sample_sd(const std::vector<double>& x);
// The 0.975 quantile of Student's t with df degrees of freedom (df >= 1): exact table to 30, then
// the normal approximation with the first correction term (error < 0.002).
double t_quantile_975(std::size_t df);

// mean ± t sd / sqrt(n): the 95 % interval of the mean of n independent runs (lo = hi = mean when n < 2).
struct Summary {
    double mean = 0, sd = 0, lo = 0, hi = 0;
    std::size_t n = 0;
};
Summary summarize(const std::vector<double>& x);

// mean ± t s sqrt(1 + 1/n): where one more run from the same distribution falls with probability
// 95 % (the prediction interval; docs/experiments.md#prediction-interval). Judges a single run
// printed by a source against our n seeds. lo = hi = mean when n < 2.
Summary prediction_interval(const std::vector<double>& x);

// McNemar's exact two-sided p-value: of the n = b + c images that exactly one of two classifiers gets
// right (b only the first, c only the second), under "equally good" each is the first's with
// probability 1/2, so min(b, c) is Binomial(n, 1/2) in its lower tail: p = min(1, 2 P(X <= min(b, c))).
// 1 when n = 0.
double mcnemar_exact_p(std::size_t b, std::size_t c);

// The discordant counts of two runs' per-image correctness (1 = right) on the same images:
// b = first right and second wrong, c = the reverse. Throws std::invalid_argument on unequal sizes.
struct Discordant {
    std::size_t b = 0, c = 0, n = 0;  // n: the images compared
};
Discordant discordant(const std::vector<std::uint8_t>& first, const std::vector<std::uint8_t>& second);

// The 95 % interval of the difference in accuracy (b - c) / n of two classifiers on the same n images
// (the paired Wald interval: sd^2 = (b + c - (b - c)^2 / n) / n^2).
Summary paired_difference(const Discordant& d);

}  // namespace nn
