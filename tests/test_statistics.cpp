// The statistics of repeated runs on hand-computed data: mean, sample sd, the t interval, McNemar's
// exact p-value and the paired difference. Formulas: docs/experiments.md#statistics.

#include <cmath>
#include <vector>

#include "check.hpp"
#include "run/seeds.hpp"
#include "run/statistics.hpp"
#include "text.hpp"

namespace {

void test_mean_sd_interval() {
    // {2, 4, 4, 4, 5, 5, 7, 9}: mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32, so the sample
    // sd is sqrt(32/7) = 2.13809 (the population sd would be sqrt(32/8) = 2).
    const std::vector<double> x = {2, 4, 4, 4, 5, 5, 7, 9};
    CHECK_EQ(nn::mean(x), 5.0);
    CHECK_REL(nn::sample_sd(x), std::sqrt(32.0 / 7.0), 1e-12);
    // 95 % interval: t(7) = 2.365, half width 2.365 * 2.13809 / sqrt(8) = 1.78778.
    const nn::Summary s = nn::summarize(x);
    CHECK_EQ(s.n, std::size_t{8});
    CHECK_REL(s.hi - s.mean, 1.78778, 1e-4);
    CHECK_REL(s.mean - s.lo, 1.78778, 1e-4);
    // Where one more run falls (prediction interval): 2.365 * 2.13809 * sqrt(1 + 1/8) = 5.36331.
    const nn::Summary next = nn::prediction_interval(x);
    CHECK_EQ(next.mean, 5.0);
    CHECK_REL(next.hi - next.mean, 5.36331, 1e-4);
    CHECK_REL(next.mean - next.lo, 5.36331, 1e-4);
    CHECK(nn::prediction_interval({0.97}).lo == 0.97 && nn::prediction_interval({0.97}).hi == 0.97);
    // One value: no spread to estimate.
    const nn::Summary one = nn::summarize({0.97});
    CHECK(one.sd == 0 && one.lo == 0.97 && one.hi == 0.97);
    CHECK_EQ(nn::mean({}), 0.0);
    CHECK_REL(nn::t_quantile_975(1), 12.706, 1e-6);
    CHECK_REL(nn::t_quantile_975(4), 2.776, 1e-6);
    CHECK(std::fabs(nn::t_quantile_975(60) - 2.000) < 0.002);   // tables: 2.000
    CHECK(std::fabs(nn::t_quantile_975(120) - 1.980) < 0.002);  // tables: 1.980
    CHECK_THROWS_WITH(nn::t_quantile_975(0), "df >= 1");
}

void test_mcnemar() {
    // b = 8, c = 2: n = 10, P(X <= 2) = (C(10,0) + C(10,1) + C(10,2)) / 2^10 = (1 + 10 + 45) / 1024,
    // two-sided p = 112 / 1024 = 0.109375.
    CHECK_REL(nn::mcnemar_exact_p(8, 2), 112.0 / 1024.0, 1e-12);
    CHECK_REL(nn::mcnemar_exact_p(2, 8), 112.0 / 1024.0, 1e-12);  // symmetric
    // b = 10, c = 0: 2 / 1024.
    CHECK_REL(nn::mcnemar_exact_p(10, 0), 2.0 / 1024.0, 1e-12);
    // Balanced or empty: no evidence either way.
    CHECK_EQ(nn::mcnemar_exact_p(3, 3), 1.0);
    CHECK_EQ(nn::mcnemar_exact_p(0, 0), 1.0);
    CHECK_EQ(nn::mcnemar_exact_p(1, 0), 1.0);  // 2 * 1/2
    // Large n (no overflow): b = 300, c = 200; p from the exact sum is 8.9e-6 (normal approx: 7.7e-6).
    const double p = nn::mcnemar_exact_p(300, 200);
    CHECK(p > 5e-6 && p < 1.2e-5);
}

void test_discordant_and_difference() {
    // Five images: both right, first only, second only, first only, both wrong.
    const std::vector<std::uint8_t> a = {1, 1, 0, 1, 0}, b = {1, 0, 1, 0, 0};
    const nn::Discordant d = nn::discordant(a, b);
    CHECK(d.b == 2 && d.c == 1 && d.n == 5);
    // (b - c) / n = 0.2; sd^2 = (3 - 1/5) / 25 = 0.112, sd = 0.334664.
    const nn::Summary s = nn::paired_difference(d);
    CHECK_REL(s.mean, 0.2, 1e-12);
    CHECK_REL(s.sd, std::sqrt(0.112), 1e-12);
    CHECK_REL(s.hi - s.mean, 1.959964 * std::sqrt(0.112), 1e-9);
    CHECK_THROWS_WITH(nn::discordant(a, {1, 0}), "same images", "5 and 2");
}

// A run result with the given final test accuracy and per-image correctness.
nn::RunResult result(const std::string& label, std::uint64_t seed, const std::vector<std::uint8_t>& correct) {
    nn::RunResult r;
    r.config.label = label;
    r.config.seed = seed;
    r.epochs.resize(1);
    r.epochs[0].epoch = 1;
    std::size_t right = 0;
    for (std::uint8_t c : correct) right += c;
    r.final_test.count = correct.size();
    r.final_test.correct = right;
    r.final_test.accuracy = static_cast<double>(right) / static_cast<double>(correct.size());
    r.final_test.loss = 1.0 - r.final_test.accuracy;
    r.training_seconds = static_cast<double>(seed);
    r.test_correct = correct;
    return r;
}

// Two configurations, two seeds each, on four images.
void test_seeded_pairs_and_summary() {
    nn::SeededRuns a{{}, {result("a", 1, {1, 1, 1, 0}), result("a", 2, {1, 1, 1, 1})}};
    nn::SeededRuns b{{}, {result("b", 1, {1, 0, 0, 0}), result("b", 2, {1, 1, 0, 1})}};
    a.config.label = "a";
    b.config.label = "b";
    b.config.activation = nn::Activation::Sigmoid;  // differs from a in one factor: a pair
    // Seed 1: b = 2 (a only), c = 0; seed 2: b = 1, c = 0. Per-seed differences 0.5 and 0.25.
    const nn::PairRow p = nn::compare_pair(a, b);
    CHECK(p.discordant.b == 3 && p.discordant.c == 0 && p.discordant.n == 8 && p.seeds == 2);
    CHECK_REL(p.difference.mean, 0.375, 1e-12);
    CHECK_REL(p.difference.hi - p.difference.mean, 12.706 * std::sqrt(0.03125) / std::sqrt(2.0), 1e-9);
    CHECK_EQ(p.p, 1.0);                         // the larger of 2 * 1/4 = 0.5 and 2 * 1/2 = 1 (capped)
    CHECK_REL(p.p_pooled, 2.0 / 8.0, 1e-12);    // b = 3, c = 0: 2 / 2^3
    const std::vector<nn::PairRow> pairs = nn::grid_pairs({a, b});
    CHECK_EQ(pairs.size(), std::size_t{1});
    const std::vector<std::string> csv = testdata::lines_of(nn::pairs_csv(pairs));
    CHECK_EQ(csv.size(), std::size_t{2});
    CHECK(csv[1].rfind("a,b,2,37.5000,", 0) == 0);

    const nn::SeededSummary s = nn::summarize(a);
    CHECK_REL(s.test_accuracy.mean, 0.875, 1e-12);
    CHECK_REL(s.test_accuracy.sd, std::sqrt(0.03125), 1e-12);  // 0.75 and 1: sd = 0.25 / sqrt(2)
    CHECK_REL(s.seconds.mean, 1.5, 1e-12);
    const std::vector<std::string> summary = testdata::lines_of(nn::seeded_summary_csv({a, b}));
    CHECK_EQ(summary.size(), std::size_t{3});
    CHECK(summary[0].find(",test_accuracy_mean,test_accuracy_sd,test_loss_mean,test_loss_sd,seconds_mean,seconds_sd,"
                          "seeds") != std::string::npos);
    CHECK(summary[1].find(",0.875000,0.176777,") != std::string::npos && summary[1].back() == '2');
}

}  // namespace

int main() {
    test_seeded_pairs_and_summary();
    test_mean_sd_interval();
    test_mcnemar();
    test_discordant_and_difference();
    return check::report("test_statistics");
}
