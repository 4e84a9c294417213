// Summaries over seeds and paired comparisons of configurations, as tables and CSV text.
// The statistics: docs/experiments.md#statistics.
#include "run/seeds.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace nn {

SeededSummary summarize(const SeededRuns& s) {
    std::vector<double> acc, loss, seconds, train_acc, train_loss;
    for (const RunResult& r : s.runs) {
        if (r.epochs.empty()) continue;
        acc.push_back(r.final_test.accuracy);
        loss.push_back(r.final_test.loss);
        seconds.push_back(r.training_seconds);
        train_acc.push_back(r.epochs.back().train.accuracy);
        train_loss.push_back(r.epochs.back().train.loss);
    }
    return {summarize(acc), summarize(loss), summarize(seconds), summarize(train_acc), summarize(train_loss)};
}

PairRow compare_pair(const SeededRuns& first, const SeededRuns& second) {
    const std::size_t n = std::min(first.runs.size(), second.runs.size());
    PairRow row;
    row.first = first.config.label;
    row.second = second.config.label;
    row.seeds = n;
    std::vector<double> differences;
    double largest_p = 0;
    for (std::size_t s = 0; s < n; ++s) {  // seed-matched: run s of each used seed base + s
        const Discordant d = discordant(first.runs[s].test_correct, second.runs[s].test_correct);
        row.discordant.b += d.b;
        row.discordant.c += d.c;
        row.discordant.n += d.n;
        largest_p = std::max(largest_p, mcnemar_exact_p(d.b, d.c));
        differences.push_back(first.runs[s].final_test.accuracy - second.runs[s].final_test.accuracy);
    }
    // One seed: the images are the only sample, so the paired Wald interval; several: the spread of
    // the per-seed differences, which also holds the seed-to-seed variation of the training.
    row.difference = n == 1 ? paired_difference(row.discordant) : summarize(differences);
    row.p = n ? largest_p : 1;
    row.p_pooled = mcnemar_exact_p(row.discordant.b, row.discordant.c);
    return row;
}

std::vector<PairRow> grid_pairs(const std::vector<SeededRuns>& grid) {
    std::vector<PairRow> rows;
    for (std::size_t i = 0; i < grid.size(); ++i)
        for (std::size_t j = i + 1; j < grid.size(); ++j) {
            const RunConfig &a = grid[i].config, &b = grid[j].config;
            const int differ = (a.activation != b.activation) + (a.batch_size != b.batch_size || a.eta != b.eta) +
                               (a.layers != b.layers);
            if (differ == 1) rows.push_back(compare_pair(grid[i], grid[j]));
        }
    return rows;
}

std::string pairs_csv(const std::vector<PairRow>& rows) {
    std::string text = "first,second,seeds,difference_points,ci_low_points,ci_high_points,only_first_right,"
                       "only_second_right,images,mcnemar_p,mcnemar_p_pooled\n";
    char line[512];
    for (const PairRow& r : rows) {
        std::snprintf(line, sizeof line, "%s,%s,%zu,%.4f,%.4f,%.4f,%zu,%zu,%zu,%.6g,%.6g\n", r.first.c_str(), r.second.c_str(),
                      r.seeds, 100 * r.difference.mean, 100 * r.difference.lo, 100 * r.difference.hi, r.discordant.b,
                      r.discordant.c, r.discordant.n, r.p, r.p_pooled);
        text += line;
    }
    return text;
}

std::string seeded_summary_csv(const std::vector<SeededRuns>& grid) {
    std::string text = "run,activation,batch,lr,hidden,epochs,seconds,test_accuracy,test_loss,train_accuracy,train_loss,"
                       "test_accuracy_mean,test_accuracy_sd,test_loss_mean,test_loss_sd,seconds_mean,seconds_sd,seeds\n";
    char line[768];
    for (const SeededRuns& g : grid) {
        const SeededSummary s = summarize(g);
        if (s.test_accuracy.n == 0) continue;
        const RunConfig& c = g.config;
        std::snprintf(line, sizeof line,
                      "%s,%s,%zu,%g,%s,%zu,%.3f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f,%.3f,%zu\n",
                      c.label.c_str(), name(c.activation), c.batch_size, c.eta, hidden_sizes_text(c.layers).c_str(),
                      g.runs.front().epochs.size(), s.seconds.mean, s.test_accuracy.mean, s.test_loss.mean,
                      s.train_accuracy.mean, s.train_loss.mean, s.test_accuracy.mean, s.test_accuracy.sd,
                      s.test_loss.mean, s.test_loss.sd, s.seconds.mean, s.seconds.sd, s.test_accuracy.n);
        text += line;
    }
    return text;
}

}  // namespace nn
