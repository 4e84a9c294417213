// Several seeds of each configuration: the runs of one configuration summarised (mean, sd, 95 %
// interval), and configurations compared in pairs on the same test images (McNemar's exact test).
// Why and how: docs/experiments.md#statistics.
#pragma once

#include <string>
#include <vector>

#include "run/statistics.hpp"
#include "run/training.hpp"

namespace nn {

// The runs of one configuration, one per seed (same config except RunConfig::seed).
struct SeededRuns {
    RunConfig config;              // of the first seed; label without a seed
    std::vector<RunResult> runs;   // in seed order
};

// Test accuracy, test loss and training seconds of the runs, each as mean, sd and 95 % interval.
struct SeededSummary {
    Summary test_accuracy, test_loss, seconds, train_accuracy, train_loss;
};
SeededSummary summarize(const SeededRuns& s);

// Two configurations on the same test images with the same seeds: the difference in test accuracy
// (first minus second, a fraction) with its 95 % interval, and McNemar's exact p-value of each
// seed-matched pair of runs: `p` is the largest (every seed's pair differs at least this clearly),
// `p_pooled` the test on the discordant images summed over seeds (which treats image x seed as
// independent, so it understates p when the seeds disagree: read it beside the interval).
struct PairRow {
    std::string first, second;
    Summary difference;       // over seeds: t interval of the per-seed differences; one seed: paired Wald
    Discordant discordant;    // summed over seeds
    double p = 1, p_pooled = 1;
    std::size_t seeds = 0;
};
PairRow compare_pair(const SeededRuns& first, const SeededRuns& second);

// The pairs worth testing in a grid: every two configurations that differ in exactly one of
// activation, (batch size, learning rate) and layer sizes, in grid order.
std::vector<PairRow> grid_pairs(const std::vector<SeededRuns>& grid);

// "first,second,seeds,difference_points,ci_low_points,ci_high_points,only_first_right,only_second_right,images,
// mcnemar_p,mcnemar_p_pooled" (mcnemar_p: the largest over seeds)
std::string pairs_csv(const std::vector<PairRow>& rows);

// summary.csv for seeded runs: one row per configuration, the columns of summary_csv (the means over
// seeds) then test_accuracy_mean,test_accuracy_sd,test_loss_mean,test_loss_sd,seconds_mean,seconds_sd,seeds.
std::string seeded_summary_csv(const std::vector<SeededRuns>& grid);

}  // namespace nn
