// Charts as SVG: learning curves (one line per run, axes, ticks, labels, legend) and a heat map.
// What the charts show: docs/experiments.md (section "Pictures").
#include "output/plots.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "output/svg.hpp"

namespace nn {
namespace {

// Colours that stay distinguishable for the common kinds of colour blindness (Okabe and Ito).
const char* const kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                "#E69F00", "#56B4E9", "#F0E442", "#000000"};

std::string tick_label(double v, double step) {
    char buf[32];
    if (std::fabs(v) >= 10000 && std::fmod(v, 1000) == 0) std::snprintf(buf, sizeof buf, "%gk", v / 1000);
    else if (step >= 1) std::snprintf(buf, sizeof buf, "%.0f", v);
    else {
        const int decimals = static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    }
    return buf;
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int count) {
    if (!(hi > lo)) hi = lo + 1;
    const double raw = (hi - lo) / std::max(1, count);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = power;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * power >= raw) {
            step = m * power;
            break;
        }
    std::vector<double> ticks;
    for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step)
        ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

// The palette colour of series i: its own index, or the one it asks for (a source's printed points
// take the colour of our run they belong to).
static const char* colour_of(const std::vector<Series>& series, std::size_t i) {
    const std::size_t k = series[i].colour >= 0 ? static_cast<std::size_t>(series[i].colour) : i;
    return kColours[k % (sizeof kColours / sizeof kColours[0])];
}

std::string line_chart_svg(const std::vector<Series>& series, const std::string& title, const std::string& x_label,
                           const std::string& y_label, bool x_from_zero, const std::string& band_legend) {
    // The legend sits right of the plot; its column widens for long names (about 7 px a character
    // at 12 px), so that "sigmoid-batch64-lr0.64" is not cut at the edge.
    std::size_t longest = band_legend.size();
    for (const Series& s : series) longest = std::max(longest, s.name.size());
    const double right = std::max(170.0, 46 + 7.0 * static_cast<double>(longest) + 8);
    const double plot_w = 400, left = 70, top = 40, bottom = 55, height = 400, width = left + plot_w + right;
    const double plot_h = height - top - bottom;
    double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
    for (const Series& s : series)
        for (const auto& p : s.points) {
            x_lo = std::min(x_lo, p.first), x_hi = std::max(x_hi, p.first);
            y_lo = std::min(y_lo, p.second), y_hi = std::max(y_hi, p.second);
        }
    bool bands = false;
    for (const Series& s : series)
        for (const auto& b : s.band) {
            y_lo = std::min(y_lo, b.first), y_hi = std::max(y_hi, b.second);
            bands = true;
        }
    if (!std::isfinite(x_lo)) x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;  // no points: empty axes
    if (x_from_zero) x_lo = std::min(x_lo, 0.0);
    const double margin = (y_hi - y_lo) * 0.05 + 1e-12;
    y_lo -= margin, y_hi += margin;
    const std::vector<double> xt = nice_ticks(x_lo, x_hi), yt = nice_ticks(y_lo, y_hi);
    x_lo = std::min(x_lo, xt.front()), x_hi = std::max(x_hi, xt.back());
    y_lo = std::min(y_lo, yt.front()), y_hi = std::max(y_hi, yt.back());
    const auto X = [&](double x) { return left + (x - x_lo) / (x_hi - x_lo) * plot_w; };
    const auto Y = [&](double y) { return top + plot_h - (y - y_lo) / (y_hi - y_lo) * plot_h; };

    Svg svg(width, height);
    svg.text(left + plot_w / 2, 22, title, "middle", 15, 0, "font-weight=\"bold\"");
    const double x_step = xt.size() > 1 ? xt[1] - xt[0] : 1, y_step = yt.size() > 1 ? yt[1] - yt[0] : 1;
    for (double t : xt) {
        svg.line(X(t), top, X(t), top + plot_h, "stroke=\"#e0e0e0\"");
        svg.line(X(t), top + plot_h, X(t), top + plot_h + 5, "stroke=\"black\"");
        svg.text(X(t), top + plot_h + 18, tick_label(t, x_step), "middle", 11);
    }
    for (double t : yt) {
        svg.line(left, Y(t), left + plot_w, Y(t), "stroke=\"#e0e0e0\"");
        svg.line(left - 5, Y(t), left, Y(t), "stroke=\"black\"");
        svg.text(left - 8, Y(t) + 4, tick_label(t, y_step), "end", 11);
    }
    svg.rect(left, top, plot_w, plot_h, "fill=\"none\" stroke=\"black\"");
    svg.text(left + plot_w / 2, height - 12, x_label, "middle", 13);
    svg.text(18, top + plot_h / 2, y_label, "middle", 13, -90);
    for (std::size_t i = 0; i < series.size(); ++i) {  // the bands first, so that every line stays on top
        const Series& s = series[i];
        if (s.band.size() != s.points.size() || s.band.empty()) continue;
        std::vector<std::pair<double, double>> outline;  // along the highs, back along the lows
        for (std::size_t k = 0; k < s.points.size(); ++k) outline.emplace_back(X(s.points[k].first), Y(s.band[k].second));
        for (std::size_t k = s.points.size(); k-- > 0;) outline.emplace_back(X(s.points[k].first), Y(s.band[k].first));
        svg.polygon(outline, std::string("fill=\"") + colour_of(series, i) +
                                 "\" fill-opacity=\"0.2\" stroke=\"none\"");
    }
    for (std::size_t i = 0; i < series.size(); ++i) {
        const std::string colour = colour_of(series, i);
        std::vector<std::pair<double, double>> pts;
        for (const auto& p : series[i].points) pts.emplace_back(X(p.first), Y(p.second));
        const double ly = top + 10 + 20 * static_cast<double>(i);
        if (series[i].points_only) {
            const std::string ring = "fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"";
            for (const auto& p : pts) svg.circle(p.first, p.second, 5, ring);
            svg.circle(width - right + 27, ly, 5, ring);
            svg.text(width - right + 46, ly + 4, series[i].name, "start", 12);
            continue;
        }
        svg.polyline(pts, "stroke=\"" + colour + "\" stroke-width=\"2\"");
        if (pts.size() <= 40)
            for (const auto& p : pts) svg.circle(p.first, p.second, 2.5, "fill=\"" + colour + "\"");
        svg.line(width - right + 15, ly, width - right + 40, ly, "stroke=\"" + colour + "\" stroke-width=\"3\"");
        svg.text(width - right + 46, ly + 4, series[i].name, "start", 12);
    }
    if (bands && !band_legend.empty()) {
        const double ly = top + 10 + 20 * static_cast<double>(series.size());
        svg.rect(width - right + 15, ly - 6, 25, 12, "fill=\"#808080\" fill-opacity=\"0.3\" stroke=\"none\"");
        svg.text(width - right + 46, ly + 4, band_legend, "start", 12);
    }
    return svg.str();
}

std::string heat_map_svg(const std::vector<std::vector<std::size_t>>& counts,
                         const std::vector<std::string>& names, const std::string& title) {
    const std::size_t n = counts.size();
    const double cell = 44, left = 110, top = 60;
    const double width = left + cell * static_cast<double>(n) + 20, height = top + cell * static_cast<double>(n) + 40;
    Svg svg(width, height);
    svg.text(width / 2, 22, title, "middle", 15, 0, "font-weight=\"bold\"");
    svg.text(left + cell * static_cast<double>(n) / 2, 42, "predicted class", "middle", 12);
    svg.text(14, top + cell * static_cast<double>(n) / 2, "true class", "middle", 12, -90);
    for (std::size_t r = 0; r < n; ++r) {
        std::size_t total = 0;
        for (std::size_t c : counts[r]) total += c;
        const std::string name = r < names.size() ? names[r] : std::to_string(r);
        svg.text(left - 6, top + cell * (static_cast<double>(r) + 0.5) + 4, name, "end", 11);
        svg.text(left + cell * (static_cast<double>(r) + 0.5), height - 22, name.substr(0, 7), "middle", 10);
        for (std::size_t c = 0; c < counts[r].size(); ++c) {
            const double share = total ? static_cast<double>(counts[r][c]) / static_cast<double>(total) : 0;
            // White (0) to dark blue (1); the square root lifts the small off-diagonal shares into view.
            const double t = std::sqrt(share);
            char fill[32];
            std::snprintf(fill, sizeof fill, "#%02x%02x%02x", static_cast<int>(255 - 247 * t),
                          static_cast<int>(255 - 207 * t), static_cast<int>(255 - 148 * t));
            const double x = left + cell * static_cast<double>(c), y = top + cell * static_cast<double>(r);
            svg.rect(x, y, cell, cell, std::string("fill=\"") + fill + "\" stroke=\"#cccccc\"");
            svg.text(x + cell / 2, y + cell / 2 + 4, std::to_string(counts[r][c]), "middle", 11,
                     0, t > 0.6 ? "fill=\"white\"" : "");
        }
    }
    return svg.str();
}

}  // namespace nn
