// Charts as SVG: learning curves (one line per run, axes, ticks, labels, legend) and a heat map.
// What the charts show: docs/experiments.md (section "Pictures").
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace nn {

// One line of a chart: a name for the legend and its (x, y) points in drawing order; optionally a
// band, one (low, high) per point, drawn shaded behind the line (e.g. the min-max over seeds).
struct Series {
    std::string name;
    std::vector<std::pair<double, double>> points;
    std::vector<std::pair<double, double>> band = {};  // per point (lo, hi): a shaded band around the line
    bool points_only = false;  // draw the points as open circles, unjoined (e.g. a source's printed figures)
    int colour = -1;           // index into the palette; -1: the series' own position
};

// "Nice" tick positions covering [lo, hi]: about `count` steps of 1, 2 or 5 times a power of ten.
std::vector<double> nice_ticks(double lo, double hi, int count = 5);

// A line chart of every series on shared axes, with the title, axis labels and a legend.
// The y range is fitted to the data (with a small margin); the x range starts at 0 when x_from_zero.
// When a series has a band, the legend gets one more entry, a shaded square with `band_legend`
// (say what the band is: "shaded: min-max of 5 seeds").
std::string line_chart_svg(const std::vector<Series>& series, const std::string& title, const std::string& x_label,
                           const std::string& y_label, bool x_from_zero = true, const std::string& band_legend = "");

// A heat map of a square matrix of counts (rows = true class, columns = predicted class), each cell
// shaded by its share of its row and labelled with the count; class names label both axes.
std::string heat_map_svg(const std::vector<std::vector<std::size_t>>& counts,
                         const std::vector<std::string>& names, const std::string& title);

}  // namespace nn
