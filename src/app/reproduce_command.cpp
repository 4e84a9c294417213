// ./mnist reproduce SOURCE: each source's experiment with its own settings (run/sources.hpp), one
// table of its printed figures beside ours, a CSV and a chart. docs/14-reproducing-the-sources.md.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/interrupt.hpp"
#include "app/setup.hpp"
#include "output/atomic_file.hpp"
#include "output/plots.hpp"
#include "run/sources.hpp"

namespace nn {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The sources named by the positional argument: "01" ... "05", or all five for "all".
std::vector<SourceExperiment> chosen(const Options& o) {
    const std::string expected = "one SOURCE: 01, 02, 03, 04, 05 or all";
    if (o.positional.size() != 1)
        throw UsageError("reproduce: expected " + expected + ", found " + std::to_string(o.positional.size()) + " arguments");
    const std::string& id = o.positional.front();
    std::vector<SourceExperiment> all = source_experiments(), picked;
    for (SourceExperiment& e : all)
        if (id == "all" || id == e.id) picked.push_back(std::move(e));
    if (picked.empty()) throw UsageError("reproduce: expected " + expected + ", found '" + id + "'");
    return picked;
}

// What every seed of every run measured: results[run][seed].
using Results = std::vector<std::vector<Measurements>>;

std::vector<double> values_at(const Results& results, std::size_t run, const std::string& measure, double at) {
    std::vector<double> v;
    for (const Measurements& m : results[run]) {
        const auto series = m.find(measure);
        if (series == m.end()) continue;
        const auto point = series->second.find(at);
        if (point != series->second.end()) v.push_back(point->second);
    }
    return v;
}

std::size_t run_index(const SourceExperiment& e, const std::string& name) {
    for (std::size_t r = 0; r < e.runs.size(); ++r)
        if (e.runs[r].name == name) return r;
    throw std::logic_error("source " + e.id + ": no run '" + name + "'");
}

std::string at_text(const SourceExperiment& e, double at) {
    char text[32];
    std::snprintf(text, sizeof text, "%s %.0f", e.at_name == "epoch" ? "epoch" : "", at);
    return e.at_name == "epoch" ? text : std::string(text + 1);
}

// 0.9648 as "0.9648", a share as "0.0123"; "-" for none.
std::string number(double x) {
    if (std::isnan(x)) return "-";
    char text[32];
    std::snprintf(text, sizeof text, std::fabs(x) >= 100 ? "%.1f" : "%.4f", x);
    return text;
}

std::string csv_number(double x) {
    if (std::isnan(x)) return "";
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", x);
    return text;
}

void print_table(const SourceExperiment& e, const Results& results, std::size_t seeds, std::string& csv) {
    std::printf("\n%-58s %9s %9s %18s %8s  %s\n", "measure", "at", "reported",
                seeds > 1 ? "ours (mean ± sd)" : "ours", "diff", "why they differ");
    for (const SourceFigure& f : e.figures) {
        const std::vector<double> values = values_at(results, run_index(e, f.run), f.measure, f.at);
        const MeanSd s = mean_sd(values);
        std::string reason = f.reason;
        if (f.by_chance) reason += (reason.empty() ? "" : "; ") + verdict(f, values);
        const std::string measure = (e.runs.size() > 1 ? f.run + ": " : std::string()) + f.measure;
        std::string ours_text = number(s.mean);
        if (seeds > 1 && !std::isnan(s.mean)) ours_text += " ± " + number(s.sd);
        const double diff = s.mean - f.reported;
        std::printf("%-58s %9s %9s %*s %8s  %s\n", measure.c_str(), at_text(e, f.at).c_str(), number(f.reported).c_str(),
                    seeds > 1 ? 19 : 18, ours_text.c_str(), std::isnan(diff) ? "" : number(diff).c_str(), reason.c_str());
        csv += e.id + "," + measure + "," + csv_number(f.at) + "," + csv_number(f.reported) + "," + csv_number(s.mean) +
               "," + csv_number(s.sd) + "\n";
    }
}

// Our curve (mean over seeds at each point) of the chart's measure, run by run, and the source's
// printed points of that measure as open circles.
std::string chart(const SourceExperiment& e, const Results& results, std::size_t seeds) {
    std::vector<Series> series;
    for (std::size_t r = 0; r < e.runs.size(); ++r) {
        Series s;
        s.name = "ours: " + e.runs[r].name;
        if (!results[r].empty() && results[r].front().count(e.chart_measure))
            for (const auto& point : results[r].front().at(e.chart_measure)) {
                const std::vector<double> v = values_at(results, r, e.chart_measure, point.first);
                s.points.emplace_back(point.first, mean_sd(v).mean);
                if (seeds > 1) s.band.emplace_back(*std::min_element(v.begin(), v.end()), *std::max_element(v.begin(), v.end()));
            }
        series.push_back(s);
    }
    for (std::size_t r = 0; r < e.runs.size(); ++r) {
        Series printed;
        printed.name = "source" + (e.runs.size() > 1 ? ": " + e.runs[r].name : std::string(" (printed)"));
        printed.points_only = true;
        printed.colour = static_cast<int>(r);  // the colour of our run r
        for (const SourceFigure& f : e.figures)
            if (f.run == e.runs[r].name && f.measure == e.chart_measure && !std::isnan(f.reported))
                printed.points.emplace_back(f.at, f.reported);
        if (!printed.points.empty()) series.push_back(printed);
    }
    const std::string band = "min\u2013max of " + std::to_string(seeds) + " seeds";  // as compare and sweep
    return line_chart_svg(series, e.chart_title, e.at_name == "epoch" ? "epoch" : "training samples seen",
                          e.chart_measure, true, seeds > 1 ? band : "");
}

}  // namespace

int reproduce_command(const Options& o) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<SourceExperiment> experiments = chosen(o);
    Options outputs = o;
    if (o.no_plots) outputs.out_dir.clear();  // --out is only written to with pictures
    check_outputs(outputs);                   // --out DIR (created) and --csv FILE, before any run
    const int threads = use_threads(o);
    Options checked = o;
    checked.layers.clear();  // every source brings its own network
    Mnist data = load_data(checked);
    std::printf("reproduce: source%s %s, %zu seed%s from %llu; %d thread%s; data %s (%zu training, %zu test images)\n",
                experiments.size() > 1 ? "s" : "", o.positional.front().c_str(), o.seeds, o.seeds == 1 ? "" : "s",
                static_cast<unsigned long long>(o.seed), threads, threads == 1 ? "" : "s", o.data_dir.c_str(),
                data.train.size(), data.test.size());
    if (!o.no_plots) std::filesystem::create_directories(o.out_dir);  // also for --csv DIR/file.csv below
    if (!o.csv_path.empty()) write_file_atomically(o.csv_path, "");     // fail now on an unwritable path
    std::string csv = "source,measure,at,reported,ours_mean,ours_sd\n";
    std::vector<std::string> written;
    const InterruptScope interrupt_scope;
    RunHooks hooks;
    hooks.before_epoch = [](std::size_t) { return !interrupted(); };
    hooks.after_batch = [](std::size_t, std::size_t) { return !interrupted(); };
    for (const SourceExperiment& e : experiments) {
        std::printf("\nsource %s (%s)\n  %s\n", e.id.c_str(), e.file.c_str(), e.setting.c_str());
        Results results(e.runs.size());
        for (std::size_t r = 0; r < e.runs.size(); ++r)
            for (std::size_t k = 0; k < o.seeds; ++k) {
                const auto run_start = std::chrono::steady_clock::now();
                set_pixels(data, e.runs[r].config.pixels);
                results[r].push_back(run_source(e, e.runs[r], o.seed + k, data, hooks));
                if (interrupted()) {
                    std::printf("\ninterrupted (%s): no table for source %s\n", interrupt_name(), e.id.c_str());
                    return interrupt_exit_code();
                }
                std::printf("  ran %s, seed %llu: %.1f s\n", e.runs[r].name.c_str(),
                            static_cast<unsigned long long>(o.seed + k), seconds_since(run_start));
                std::fflush(stdout);
            }
        std::string rows;
        print_table(e, results, o.seeds, rows);
        csv += rows;
        if (!o.no_plots) {
            std::filesystem::create_directories(o.out_dir);
            const std::string path = (std::filesystem::path(o.out_dir) / ("source-" + e.id + ".svg")).string();
            write_file_atomically(path, chart(e, results, o.seeds));
            written.push_back(path);
        }
        std::fflush(stdout);
    }
    std::printf("\n");
    if (!o.csv_path.empty()) {
        write_file_atomically(o.csv_path, csv);
        std::printf("wrote %s\n", o.csv_path.c_str());
    }
    if (!written.empty()) print_written(written, o.out_dir);
    std::printf("done in %.1f s\n", seconds_since(start));
    return 0;
}

}  // namespace nn
