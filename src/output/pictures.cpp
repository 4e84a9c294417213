// The picture files of a run or a set of runs: learning curves, confusion matrix, mistakes, weights.
// What each file shows and how it was made: docs/experiments.md (section "Pictures").
#include "output/pictures.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "output/atomic_file.hpp"
#include "output/confusion.hpp"
#include "output/image_grid.hpp"
#include "output/plots.hpp"
#include "run/records.hpp"

namespace nn {
namespace {

std::string join(const std::string& dir, const std::string& name) {
    return (std::filesystem::path(dir) / name).string();
}

void put(std::vector<std::string>& written, const std::string& path, const std::string& content) {
    write_file_atomically(path, content);
    written.push_back(path);
}

}  // namespace

std::vector<std::string> write_run_pictures(Network<float>& net, const Dataset& test, const DataSetInfo& info,
                                            const std::string& dir, const std::string& prefix, std::string* confusion) {
    std::filesystem::create_directories(dir);
    std::vector<std::string> written;
    const Confusion c = confusion_matrix(net, test);
    const std::string text = confusion_text(c, info.classes);
    if (confusion) *confusion = text;
    const std::string what = info.name + ", " + net.describe() + " " + (net.sizes().size() >= 3 ? name(net.hidden) : output_name(net.loss_kind));
    put(written, join(dir, prefix + "confusion.txt"), text);
    put(written, join(dir, prefix + "confusion.svg"), heat_map_svg(c.counts, info.classes, "Confusion matrix: " + what));
    const std::size_t shown = std::min<std::size_t>(40, c.mistakes.size());
    put(written, join(dir, prefix + "mistakes.svg"),
        mistakes_svg(test, c.mistakes, info.classes, shown,
                     "First " + std::to_string(shown) + " of " + std::to_string(c.mistakes.size()) +
                         " misclassified test images (true \u2192 predicted): " + what));
    std::vector<GreyImage> tiles;
    for (std::size_t t = 0; t < shown; ++t) tiles.push_back(example_image(test, c.mistakes[t].index));
    if (!tiles.empty()) put(written, join(dir, prefix + "mistakes.pgm"), encode_pgm(tile_grid(tiles, 10)));
    if (net.sizes().front() == test.image_rows * test.image_cols) {
        const std::vector<GreyImage> w = first_layer_weight_images(net, test.image_rows, test.image_cols);
        const char* units = net.sizes().size() >= 3 ? " hidden units: " : " output units (no hidden layer): ";
        put(written, join(dir, prefix + "weights.svg"),
            weights_svg(w, "First-layer weights of the " + std::to_string(w.size()) + units + what));
        put(written, join(dir, prefix + "weights.pgm"), encode_pgm(tile_grid(w, w.size() <= 30 ? 10 : 20)));
    }
    return written;
}

std::vector<std::string> write_curves(const std::vector<RunResult>& runs, const std::string& dir,
                                      const std::string& title) {
    std::filesystem::create_directories(dir);
    std::vector<Series> acc_epoch, loss_epoch, acc_samples, loss_samples;
    bool intervals = false, validated = false;
    for (const RunResult& r : runs) {
        validated = validated || r.validated;
        Series ae{r.config.label, {}}, le{r.config.label, {}}, as{r.config.label, {}}, ls{r.config.label, {}};
        for (const EpochRow& e : r.epochs) {
            ae.points.emplace_back(static_cast<double>(e.epoch), 100 * e.watched().accuracy);
            le.points.emplace_back(static_cast<double>(e.epoch), e.watched().loss);
        }
        for (const IntervalRow& i : r.intervals) {
            as.points.emplace_back(static_cast<double>(i.samples), 100 * i.watched().accuracy);
            ls.points.emplace_back(static_cast<double>(i.samples), i.watched().loss);
        }
        intervals = intervals || !r.intervals.empty();
        acc_epoch.push_back(ae), loss_epoch.push_back(le), acc_samples.push_back(as), loss_samples.push_back(ls);
    }
    // Every chart says which set it shows: the validation set when the runs held one out.
    const std::string set = validated ? "validation" : "test";
    const std::string accuracy = set + " accuracy", loss = set + " loss";
    std::vector<std::string> written;
    put(written, join(dir, "accuracy-vs-epoch.svg"),
        line_chart_svg(acc_epoch, title + ": " + accuracy, "epoch", accuracy + " (%)"));
    put(written, join(dir, "loss-vs-epoch.svg"),
        line_chart_svg(loss_epoch, title + ": " + loss, "epoch", loss + " (cross-entropy)"));
    if (intervals) {
        put(written, join(dir, "accuracy-vs-samples.svg"),
            line_chart_svg(acc_samples, title + ": " + accuracy, "training samples seen", accuracy + " (%)"));
        put(written, join(dir, "loss-vs-samples.svg"),
            line_chart_svg(loss_samples, title + ": " + loss, "training samples seen", loss + " (cross-entropy)"));
    }
    return written;
}

std::vector<std::string> write_run_csvs(const std::vector<RunResult>& runs, const std::string& dir) {
    std::filesystem::create_directories(dir);
    std::vector<std::string> written;
    for (const RunResult& r : runs) {
        put(written, join(dir, r.config.label + ".csv"), epochs_csv(r.epochs, r.validated));
        if (!r.intervals.empty())
            put(written, join(dir, r.config.label + "-intervals.csv"), intervals_csv(r.intervals, r.validated));
    }
    put(written, join(dir, "summary.csv"), summary_csv(runs));
    return written;
}

namespace {

// The mean over seeds of y(run, k) at each k of the first run's points, with the min-max band.
template <typename X, typename Y>
Series mean_series(const SeededRuns& g, std::size_t count, X x_of, Y y_of) {
    Series s{g.config.label, {}};
    for (std::size_t k = 0; k < count; ++k) {
        double sum_x = 0, sum_y = 0, lo = INFINITY, hi = -INFINITY;
        for (const RunResult& r : g.runs) {
            const double x = x_of(r, k), y = y_of(r, k);
            sum_x += x, sum_y += y, lo = std::min(lo, y), hi = std::max(hi, y);
        }
        const double n = static_cast<double>(g.runs.size());
        s.points.emplace_back(sum_x / n, sum_y / n);
        if (g.runs.size() > 1) s.band.emplace_back(lo, hi);
    }
    return s;
}

}  // namespace

std::vector<std::string> write_seeded_curves(const std::vector<SeededRuns>& grid, const std::string& dir,
                                             const std::string& title) {
    std::filesystem::create_directories(dir);
    std::vector<Series> acc_epoch, loss_epoch, acc_samples, loss_samples, acc_seconds;
    bool intervals = false, validated = false;
    std::size_t seeds = 0;
    for (const SeededRuns& g : grid) {
        if (g.runs.empty()) continue;
        seeds = std::max(seeds, g.runs.size());
        std::size_t epochs = g.runs.front().epochs.size(), points = g.runs.front().intervals.size();
        for (const RunResult& r : g.runs) {  // all seeds stop at the same epochs and samples; be safe
            epochs = std::min(epochs, r.epochs.size());
            points = std::min(points, r.intervals.size());
            validated = validated || r.validated;
        }
        const auto epoch = [](const RunResult& r, std::size_t k) { return static_cast<double>(r.epochs[k].epoch); };
        const auto samples = [](const RunResult& r, std::size_t k) { return static_cast<double>(r.intervals[k].samples); };
        const auto seconds = [](const RunResult& r, std::size_t k) { return r.intervals[k].seconds; };
        const auto e_acc = [](const RunResult& r, std::size_t k) { return 100 * r.epochs[k].watched().accuracy; };
        const auto e_loss = [](const RunResult& r, std::size_t k) { return r.epochs[k].watched().loss; };
        const auto i_acc = [](const RunResult& r, std::size_t k) { return 100 * r.intervals[k].watched().accuracy; };
        const auto i_loss = [](const RunResult& r, std::size_t k) { return r.intervals[k].watched().loss; };
        acc_epoch.push_back(mean_series(g, epochs, epoch, e_acc));
        loss_epoch.push_back(mean_series(g, epochs, epoch, e_loss));
        acc_samples.push_back(mean_series(g, points, samples, i_acc));
        loss_samples.push_back(mean_series(g, points, samples, i_loss));
        acc_seconds.push_back(mean_series(g, points, seconds, i_acc));
        intervals = intervals || points > 0;
    }
    const std::string set = validated ? "validation" : "test";
    const std::string accuracy = set + " accuracy", loss = set + " loss";
    const std::string what = seeds > 1 ? " (mean of " + std::to_string(seeds) + " seeds)" : "";
    const std::string band = seeds > 1 ? "min\u2013max of " + std::to_string(seeds) + " seeds" : "";
    std::vector<std::string> written;
    put(written, join(dir, "accuracy-vs-epoch.svg"),
        line_chart_svg(acc_epoch, title + ": " + accuracy + what, "epoch", accuracy + " (%)", true, band));
    put(written, join(dir, "loss-vs-epoch.svg"),
        line_chart_svg(loss_epoch, title + ": " + loss + what, "epoch", loss + " (cross-entropy)", true, band));
    if (intervals) {
        put(written, join(dir, "accuracy-vs-samples.svg"),
            line_chart_svg(acc_samples, title + ": " + accuracy + what, "training samples seen", accuracy + " (%)", true,
                           band));
        put(written, join(dir, "loss-vs-samples.svg"),
            line_chart_svg(loss_samples, title + ": " + loss + what, "training samples seen",
                           loss + " (cross-entropy)", true, band));
        put(written, join(dir, "accuracy-vs-seconds.svg"),
            line_chart_svg(acc_seconds, title + ": " + accuracy + what, "training seconds (evaluations excluded)",
                           accuracy + " (%)", true, band));
    }
    return written;
}

std::vector<std::string> write_seeded_csvs(const std::vector<SeededRuns>& grid, const std::string& dir) {
    std::filesystem::create_directories(dir);
    std::vector<std::string> written;
    for (const SeededRuns& g : grid)
        for (const RunResult& r : g.runs) {
            const std::string label = g.runs.size() == 1 ? g.config.label
                                                         : g.config.label + "-seed" + std::to_string(r.config.seed);
            put(written, join(dir, label + ".csv"), epochs_csv(r.epochs, r.validated));
            if (!r.intervals.empty())
                put(written, join(dir, label + "-intervals.csv"), intervals_csv(r.intervals, r.validated));
        }
    put(written, join(dir, "summary.csv"), seeded_summary_csv(grid));
    put(written, join(dir, "pairs.csv"), pairs_csv(grid_pairs(grid)));
    return written;
}

}  // namespace nn
