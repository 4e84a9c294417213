// The figures of the notes (docs/img/*.svg), drawn by the project's own code: the computational
// graph of 784-300-10, the activations and their derivatives, softmax as one logit moves, and
// saturation at initialisation on real MNIST. Where each figure is explained: docs/README.md#figures.
//
//   make_figures --out DIR                 write every figure into DIR (make docs-figures: docs/img)
//   make_figures --out TMP --compare DIR   write into TMP, then fail if a file in DIR differs
//
// Output is deterministic: fixed seeds, the plain loops of src/core (no threads, no fast kernels),
// every number printed with a fixed format. The MNIST figure needs data/ ('make data'); without it
// that figure is skipped and the program returns 77 (CTest: skipped), unless CI is set in the
// environment, where missing data is an error.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/matmul.hpp"
#include "core/rng.hpp"
#include "data/mnist.hpp"
#include "nn/activations.hpp"
#include "nn/init.hpp"
#include "output/plots.hpp"
#include "output/svg.hpp"

namespace {

using Points = std::vector<std::pair<double, double>>;

const char* const kBlue = "#0072B2";
const char* const kOrange = "#D55E00";
const char* const kGreen = "#009E73";
const char* const kPink = "#CC79A7";
const char* const kRed = "#C00000";

std::string fmt(const char* format, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string stroke(const std::string& colour, double width = 2) {
    return "stroke=\"" + colour + "\" stroke-width=\"" + nn::svg_number(width) + "\"";
}

// A line from (x1, y1) to (x2, y2) with an arrowhead at the end.
void arrow(nn::Svg& svg, double x1, double y1, double x2, double y2, const std::string& colour) {
    svg.line(x1, y1, x2, y2, stroke(colour, 1.6));
    const double len = std::hypot(x2 - x1, y2 - y1), ux = (x2 - x1) / len, uy = (y2 - y1) / len;
    const double bx = x2 - 9 * ux, by = y2 - 9 * uy;
    svg.line(x2, y2, bx - 4 * uy, by + 4 * ux, stroke(colour, 1.6));
    svg.line(x2, y2, bx + 4 * uy, by - 4 * ux, stroke(colour, 1.6));
}

// One set of axes: data coordinates [x_lo, x_hi] x [y_lo, y_hi] drawn into a box of the SVG.
struct Axes {
    nn::Svg& svg;
    double left, top, width, height, x_lo, x_hi, y_lo, y_hi;

    double X(double x) const { return left + (x - x_lo) / (x_hi - x_lo) * width; }
    double Y(double y) const { return top + height - (y - y_lo) / (y_hi - y_lo) * height; }

    // Frame, grid, ticks with labels (printf formats), axis titles.
    void draw(const std::vector<double>& xt, const char* x_format, const std::vector<double>& yt,
              const char* y_format, const std::string& x_title, const std::string& y_title) {
        for (double t : xt) {
            svg.line(X(t), top, X(t), top + height, "stroke=\"#e0e0e0\"");
            svg.text(X(t), top + height + 16, fmt(x_format, t), "middle", 11);
        }
        for (double t : yt) {
            svg.line(left, Y(t), left + width, Y(t), "stroke=\"#e0e0e0\"");
            svg.text(left - 6, Y(t) + 4, fmt(y_format, t), "end", 11);
        }
        svg.rect(left, top, width, height, "fill=\"none\" stroke=\"black\"");
        svg.text(left + width / 2, top + height + 36, x_title, "middle", 13);
        svg.text(left - 44, top + height / 2, y_title, "middle", 13, -90);
    }
    void curve(const Points& pts, const std::string& colour, double w = 2, const std::string& extra = "") {
        Points mapped;
        for (const auto& p : pts) mapped.emplace_back(X(p.first), Y(p.second));
        svg.polyline(mapped, stroke(colour, w) + (extra.empty() ? "" : " " + extra));
    }
    void legend(const std::vector<std::pair<std::string, std::string>>& entries, double x, double y) {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const double ly = y + 18 * static_cast<double>(i);
            svg.line(x, ly, x + 24, ly, stroke(entries[i].second, 3));
            svg.text(x + 30, ly + 4, entries[i].first, "start", 12);
        }
    }
};

Points sample(double lo, double hi, int n, const std::function<double(double)>& f) {
    Points pts;
    for (int i = 0; i <= n; ++i) {
        const double z = lo + (hi - lo) * i / n;
        pts.emplace_back(z, f(z));
    }
    return pts;
}

double sigmoid(double z) { return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z)); }  // (3.3)

// --- Figure 1: the computational graph of 784-300-10, forward above, backward below. -----------

std::string backprop_graph_svg() {
    nn::Svg svg(980, 470);
    svg.text(490, 24, "784-300-10: the forward pass (black) and the backward pass (red), batch of m", "middle", 15, 0,
             "font-weight=\"bold\"");
    const double y = 200, bw = 70, bh = 34;  // the row of values
    struct Node { const char* name; double x; };
    const Node values[] = {{"X", 50}, {"z\u2081", 250}, {"h", 420}, {"z\u2082", 620}, {"p", 780}, {"L", 920}};
    for (const Node& n : values) {
        svg.rect(n.x - bw / 2, y - bh / 2, bw, bh, "fill=\"#f2f2f2\" stroke=\"black\" rx=\"6\"");
        svg.text(n.x, y + 6, n.name, "middle", 16);
    }
    // Forward edges, each labelled with its shape and the equation that computes the next value.
    const auto forward = [&](double x1, double x2, const std::string& shape, const std::string& op) {
        arrow(svg, x1 + bw / 2, y, x2 - bw / 2, y, "black");
        svg.text((x1 + x2) / 2, y + 15, shape, "middle", 11);
        svg.text((x1 + x2) / 2, y - 8, op, "middle", 11, 0, "fill=\"#333333\"");
    };
    forward(50, 250, "m\u00d7784", "z\u2081 = XW\u2081 + 1b\u2081 (2.4)");
    forward(250, 420, "m\u00d7300", "h = f(z\u2081) (3.1)");
    forward(420, 620, "m\u00d7300", "z\u2082 = hW\u2082 + 1b\u2082 (2.5)");
    forward(620, 780, "m\u00d710", "softmax (3.5)");
    forward(780, 920, "m\u00d710", "L (4.4)");
    // Parameters feed the two dense layers from above; the labels feed the loss.
    const auto param = [&](double x, double to_x, const char* name, const std::string& shape) {
        svg.rect(x - 28, 70, 56, 28, "fill=\"#e8f0fa\" stroke=\"black\" rx=\"6\"");
        svg.text(x, 89, name, "middle", 14);
        arrow(svg, x, 98, to_x, y - bh / 2, "black");
        svg.text(x + (x < to_x ? -6 : 6), 116, shape, x < to_x ? "end" : "start", 11);
    };
    param(200, 240, "W\u2081", "784\u00d7300");
    param(285, 262, "b\u2081", "1\u00d7300");
    param(570, 610, "W\u2082", "300\u00d710");
    param(650, 632, "b\u2082", "1\u00d710");
    param(920, 920, "Y", "m\u00d710");
    // Backward: deltas travel right to left under the row; gradients drop to the boxes below.
    const double yb = y + 42;
    const auto backward = [&](double x1, double x2, const std::string& what, const std::string& shape) {
        arrow(svg, x1 - 10, yb, x2 + 10, yb, kRed);
        svg.text((x1 + x2) / 2, yb + 16, what, "middle", 11, 0, std::string("fill=\"") + kRed + "\"");
        svg.text((x1 + x2) / 2, yb + 30, shape, "middle", 11, 0, std::string("fill=\"") + kRed + "\"");
    };
    backward(920, 620, "\u03b4\u2082 = (p \u2212 Y)/m (5.3)", "m\u00d710: p is never differentiated alone");
    backward(620, 420, "dh = \u03b4\u2082W\u2082\u1d40 (6.3)", "m\u00d7300");
    backward(420, 250, "\u03b4\u2081 = dh \u2299 f\u2032(z\u2081) (6.4)", "m\u00d7300");
    const auto gradient = [&](double from_x, double x, const char* name, const std::string& formula,
                              const std::string& shape) {
        arrow(svg, from_x, yb + 38, x, 380, kRed);
        svg.rect(x - 60, 380, 120, 44, std::string("fill=\"#fbeaea\" stroke=\"") + kRed + "\" rx=\"6\"");
        svg.text(x, 398, std::string(name) + " = " + formula, "middle", 12);
        svg.text(x, 415, shape, "middle", 11);
    };
    gradient(250, 170, "dW\u2081", "X\u1d40\u03b4\u2081 (6.5)", "784\u00d7300, as W\u2081");
    gradient(250, 320, "db\u2081", "1\u1d40\u03b4\u2081 (6.6)", "1\u00d7300, as b\u2081");
    gradient(620, 550, "dW\u2082", "h\u1d40\u03b4\u2082 (6.1)", "300\u00d710, as W\u2082");
    gradient(620, 700, "db\u2082", "1\u1d40\u03b4\u2082 (6.2)", "1\u00d710, as b\u2082");
    svg.text(490, 455, "Every gradient has the shape of its parameter; 1/m enters once, in \u03b4\u2082. "
             "Then \u03b8 \u2190 \u03b8 \u2212 \u03b7 d\u03b8 (7.1).", "middle", 12);
    return svg.str();
}

// --- Figure 2: sigmoid, ReLU and their derivatives on one plot. ---------------------------------

std::string activations_svg() {
    nn::Svg svg(720, 440);
    svg.text(360, 24, "Activations and their derivatives", "middle", 15, 0, "font-weight=\"bold\"");
    Axes ax{svg, 70, 45, 430, 330, -6, 6, -0.1, 1.3};
    ax.draw({-6, -4, -2, 0, 2, 4, 6}, "%.0f", {0, 0.25, 0.5, 0.75, 1}, "%.2f", "z", "value");
    ax.curve(sample(-6, 6, 240, sigmoid), kBlue);
    ax.curve(sample(-6, 6, 240, [](double z) { return sigmoid(z) * (1 - sigmoid(z)); }), kBlue, 2,
             "stroke-dasharray=\"6 4\"");                                                       // (3.4)
    ax.curve({{-6, 0}, {0, 0}, {1.3, 1.3}}, kOrange);                                          // (3.1), clipped
    ax.curve({{-6, 0}, {0, 0}}, kOrange, 2, "stroke-dasharray=\"6 4\"");                       // (3.2)
    ax.curve({{0, 1}, {6, 1}}, kOrange, 2, "stroke-dasharray=\"6 4\"");
    svg.circle(ax.X(0), ax.Y(0), 4, std::string("fill=\"") + kOrange + "\"");   // relu'(0) = 0, our choice
    svg.circle(ax.X(0), ax.Y(1), 4, std::string("fill=\"white\" stroke=\"") + kOrange + "\"");
    svg.text(ax.X(0.15), ax.Y(1) - 8, "relu\u2032(0) = 0: filled dot", "start", 11);
    svg.text(ax.X(1.45), ax.Y(1.22), "relu(z) = z goes on: unbounded", "start", 11);
    svg.circle(ax.X(0), ax.Y(0.25), 4, std::string("fill=\"") + kBlue + "\"");
    svg.text(ax.X(-0.2), ax.Y(0.25) - 8, "max \u03c3\u2032 = \u03c3\u2032(0) = 1/4", "end", 11);
    const double s5 = sigmoid(5) * (1 - sigmoid(5));
    svg.circle(ax.X(5), ax.Y(s5), 3.5, std::string("fill=\"") + kBlue + "\"");
    svg.text(ax.X(5), ax.Y(s5) - 10, "\u03c3\u2032(5) = " + fmt("%.4f", s5), "middle", 11);
    ax.legend({{"\u03c3(z) (3.3)", kBlue}, {"relu(z) (3.1)", kOrange}}, 515, 70);
    svg.text(515, 120, "dashed: the derivative", "start", 12);
    svg.text(515, 138, "\u03c3\u2032 = \u03c3(1 \u2212 \u03c3) (3.4)", "start", 12);
    svg.text(515, 156, "relu\u2032 = [z > 0] (3.2)", "start", 12);
    return svg.str();
}

// --- Figure 3: softmax of (z0, 1, 0) as z0 moves. -----------------------------------------------

std::string softmax_svg() {
    nn::Svg svg(720, 440);
    svg.text(360, 24, "softmax(z\u2080, 1, 0) as the logit z\u2080 moves", "middle", 15, 0, "font-weight=\"bold\"");
    Axes ax{svg, 70, 45, 430, 330, -6, 6, 0, 1};
    ax.draw({-6, -4, -2, 0, 2, 4, 6}, "%.0f", {0, 0.25, 0.5, 0.75, 1}, "%.2f", "z\u2080 (z\u2081 = 1 and z\u2082 = 0 stay fixed)",
            "probability");
    const auto p = [](int j, double z0) {  // (3.5), maximum subtracted
        const double z[3] = {z0, 1, 0}, mx = std::max(z0, 1.0);
        const double s = std::exp(z[0] - mx) + std::exp(z[1] - mx) + std::exp(z[2] - mx);
        return std::exp(z[j] - mx) / s;
    };
    const char* colours[3] = {kBlue, kOrange, kGreen};
    for (int j = 0; j < 3; ++j) ax.curve(sample(-6, 6, 240, [&](double z0) { return p(j, z0); }), colours[j]);
    svg.line(ax.X(1), ax.Y(0), ax.X(1), ax.Y(1), "stroke=\"#888888\" stroke-dasharray=\"3 3\"");
    svg.text(ax.X(1) + 4, ax.Y(0.97), "z\u2080 = z\u2081: p\u2080 = p\u2081 = " + fmt("%.3f", p(0, 1)), "start", 11);
    ax.legend({{"p\u2080", kBlue}, {"p\u2081", kOrange}, {"p\u2082", kGreen}}, 515, 70);
    svg.text(515, 140, "At every z\u2080: p\u2080 + p\u2081 + p\u2082 = 1.", "start", 12);
    svg.text(515, 158, "Raising one logit takes", "start", 12);
    svg.text(515, 176, "probability from all others:", "start", 12);
    svg.text(515, 194, "\u2202p\u2081/\u2202z\u2080 = \u2212p\u2081p\u2080 (5.1).", "start", 12);
    svg.text(515, 222, "p\u2082/p\u2081 = e\u207b\u00b9 = " + fmt("%.3f", std::exp(-1.0)) + " always:", "start", 12);
    svg.text(515, 240, "z\u2080 never changes the", "start", 12);
    svg.text(515, 258, "ratio of the others.", "start", 12);
    return svg.str();
}

// --- Figure 4: z1 and sigma'(z1) at initialisation, on the first 1000 MNIST training images. ----

struct InitCase {
    std::string name, short_name;
    const char* colour;
    nn::Matrix<double> z;  // z1 = X W1 (+ biases for source 03), 1000 x 300
};

// Share of the entries of z with pred(z) true.
double share(const nn::Matrix<double>& z, const std::function<bool(double)>& pred) {
    std::size_t count = 0;
    for (std::size_t k = 0; k < z.size(); ++k) count += pred(z[k]);
    return static_cast<double>(count) / static_cast<double>(z.size());
}

std::string saturation_svg(const nn::Dataset& train) {
    const std::size_t m = 1000, n_in = 784, n_h = 300;
    nn::Matrix<double> X(m, n_in), raw(m, n_in);  // x = pixel / 255 (11.3), and source 03's raw pixels
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n_in; ++j) {
            X(i, j) = static_cast<double>(train.x(i, j));
            raw(i, j) = std::round(255.0 * X(i, j));
        }
    std::vector<InitCase> cases;
    const auto add = [&](const std::string& name, const std::string& short_name, const char* colour, const std::function<void(nn::Matrix<double>&)>& fill) {
        nn::Matrix<double> W1(n_in, n_h);
        fill(W1);
        InitCase c{name, short_name, colour, {}};
        nn::matmul_reference(X, W1, c.z);  // z1 = X W1 (2.4), biases 0 as in the code and source 04
        cases.push_back(std::move(c));
    };
    add("He N(0, 2/784) (8.3)", "He (8.3)", kOrange, [](nn::Matrix<double>& W) { nn::Rng rng(1); nn::he_normal(W, rng); });
    add("Xavier N(0, 2/1084) (8.4)", "Xavier (8.4)", kBlue, [](nn::Matrix<double>& W) { nn::Rng rng(1); nn::xavier_normal(W, rng); });
    add("source 04: N(0, 1)", "N(0, 1), source 04", kPink, [](nn::Matrix<double>& W) {
        nn::Rng rng(1);
        for (std::size_t k = 0; k < W.size(); ++k) W[k] = rng.normal();
    });
    // Source 03: N(0, 1) weights and biases on raw pixels 0..255 (it never divides by 255).
    nn::Matrix<double> W1(n_in, n_h), z03;
    nn::Rng rng(1);
    for (std::size_t k = 0; k < W1.size(); ++k) W1[k] = rng.normal();
    std::vector<double> b1(n_h);
    for (double& b : b1) b = rng.normal();
    nn::matmul_reference(raw, W1, z03);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n_h; ++j) z03(i, j) += b1[j];

    nn::Svg svg(960, 560);
    svg.text(480, 24, "Hidden pre-activations z\u2081 and \u03c3\u2032(z\u2081) at initialisation: 784-300, first 1000 MNIST training images, seed 1",
             "middle", 14, 0, "font-weight=\"bold\"");
    // Left: the density of z1 (share of the 300 000 entries per unit of z), bins of width 0.5.
    const double lo = -30, hi = 30, bin = 0.5;
    const std::size_t bins = static_cast<std::size_t>((hi - lo) / bin);
    std::vector<Points> density;
    double top = 0;
    for (const InitCase& c : cases) {
        std::vector<double> count(bins, 0);
        for (std::size_t k = 0; k < c.z.size(); ++k) {
            const double b = std::floor((c.z[k] - lo) / bin);
            if (b >= 0 && b < static_cast<double>(bins)) count[static_cast<std::size_t>(b)] += 1;
        }
        Points pts;
        for (std::size_t b = 0; b < bins; ++b) {
            const double d = count[b] / static_cast<double>(c.z.size()) / bin;
            pts.emplace_back(lo + bin * static_cast<double>(b), d);
            pts.emplace_back(lo + bin * static_cast<double>(b + 1), d);
            top = std::max(top, d);
        }
        density.push_back(pts);
    }
    Axes left{svg, 70, 50, 360, 260, lo, hi, 0, std::max(1.0, top)};
    left.draw({-30, -20, -10, -5, 0, 5, 10, 20, 30}, "%.0f", {0, 0.25, 0.5, 0.75, 1}, "%.2f", "z\u2081 (bins of 0.5)", "share per unit of z");
    for (std::size_t c = 0; c < cases.size(); ++c) left.curve(density[c], cases[c].colour, 1.6);
    for (double edge : {-5.0, 5.0})
        svg.line(left.X(edge), left.Y(0), left.X(edge), left.Y(left.y_hi), "stroke=\"#888888\" stroke-dasharray=\"3 3\"");
    // Right: the histogram of sigma'(z1) = sigma(1 - sigma) (3.4), 25 bins over [0, 1/4].
    Axes right{svg, 560, 50, 360, 260, 0, 0.25, 0, 1};
    right.draw({0, 0.05, 0.1, 0.15, 0.2, 0.25}, "%.2f", {0, 0.25, 0.5, 0.75, 1}, "%.2f",
               "\u03c3\u2032(z\u2081) (bins of 0.01)", "share of the entries");
    for (const InitCase& c : cases) {
        std::vector<double> count(25, 0);
        for (std::size_t k = 0; k < c.z.size(); ++k) {
            const double s = sigmoid(c.z[k]), d = s * (1 - s);
            count[std::min<std::size_t>(24, static_cast<std::size_t>(d / 0.01))] += 1;
        }
        Points pts;
        for (std::size_t b = 0; b < 25; ++b) {
            const double f = count[b] / static_cast<double>(c.z.size());
            pts.emplace_back(0.01 * static_cast<double>(b), f);
            pts.emplace_back(0.01 * static_cast<double>(b + 1), f);
        }
        right.curve(pts, c.colour, 1.6);
    }
    left.legend({{cases[0].short_name, cases[0].colour}, {cases[1].short_name, cases[1].colour},
                 {cases[2].short_name, cases[2].colour}}, 285, 66);
    // The numbers under the plots.
    const double y0 = 390;
    const char* head[] = {"W\u2081 ~", "std of z\u2081", "|z\u2081| > 5", "mean \u03c3\u2032(z\u2081)", "\u03c3\u2032(z\u2081) < 0.01"};
    const double col[] = {30, 330, 450, 560, 700};
    for (int k = 0; k < 5; ++k) svg.text(col[k], y0, head[k], "start", 12, 0, "font-weight=\"bold\"");
    const auto row = [&](double y, const std::string& name, const nn::Matrix<double>& z) {
        double sum2 = 0, mean_d = 0;
        for (std::size_t k = 0; k < z.size(); ++k) {
            const double s = sigmoid(z[k]);
            sum2 += z[k] * z[k];
            mean_d += s * (1 - s);
        }
        const double n = static_cast<double>(z.size());
        svg.text(col[0], y, name, "start", 12);
        svg.text(col[1], y, fmt("%.3g", std::sqrt(sum2 / n)), "start", 12);
        svg.text(col[2], y, fmt("%.1f %%", 100 * share(z, [](double v) { return std::fabs(v) > 5; })), "start", 12);
        svg.text(col[3], y, fmt("%.4f", mean_d / n), "start", 12);
        svg.text(col[4], y, fmt("%.1f %%", 100 * share(z, [](double v) {
                                    const double s = sigmoid(v);
                                    return s * (1 - s) < 0.01;
                                })), "start", 12);
    };
    for (std::size_t c = 0; c < cases.size(); ++c) row(y0 + 20 * static_cast<double>(c + 1), cases[c].name, cases[c].z);
    row(y0 + 80, "source 03: N(0, 1), biases too, raw pixels", z03);
    double max_abs = 0;
    for (std::size_t k = 0; k < z03.size(); ++k) max_abs = std::max(max_abs, std::fabs(z03[k]));
    const double overflow = share(z03, [](double v) { return v < -709.78; });  // exp(-z) > DBL_MAX
    svg.text(30, y0 + 110,
             "Source 03, raw pixels: the largest |z\u2081| is " + fmt("%.0f", max_abs) + "; " + fmt("%.1f %%", 100 * overflow) +
                 " of the entries have z\u2081 < \u2212709.78, where its 1/(1 + exp(\u2212z)) overflows even in float64.",
             "start", 12);
    svg.text(30, y0 + 130, "\u03c3\u2032(z) \u2264 1/4; \u03c3\u2032(5) = 0.0066. Dashed lines at z = \u00b15. "
             "Shares are of all 1000 \u00d7 300 entries; std is the root mean square (mean near 0).", "start", 12);
    return svg.str();
}

struct Figure {
    std::string file;
    std::string svg;
};

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::string out_dir, compare_dir;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--out") out_dir = argv[i + 1];
        else if (flag == "--compare") compare_dir = argv[i + 1];
        else break;
    }
    if (out_dir.empty() || argc % 2 == 0) {
        std::fprintf(stderr, "usage: make_figures --out DIR [--compare DIR]\n");
        return 2;
    }
    std::vector<Figure> figures = {{"backprop-graph.svg", backprop_graph_svg()},
                                   {"activations.svg", activations_svg()},
                                   {"softmax-one-logit.svg", softmax_svg()}};
    bool skipped = false;
    try {
        nn::Mnist mnist = nn::load_mnist("data");
        figures.push_back({"init-saturation.svg", saturation_svg(mnist.train)});
    } catch (const std::exception& e) {
        const char* ci = std::getenv("CI");
        if (ci && *ci) {
            std::fprintf(stderr, "make_figures: error: CI is set but data/ has no MNIST (%s)\n", e.what());
            return 1;
        }
        std::printf("skipped init-saturation.svg: data/ has no MNIST (%s); run 'make data'\n", e.what());
        skipped = true;
    }
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);  // an existing directory is fine
    int failures = 0;
    for (const Figure& f : figures) {
        const std::string path = out_dir + "/" + f.file;
        std::ofstream out(path, std::ios::binary);
        out << f.svg;
        if (!out.flush()) {
            std::fprintf(stderr, "make_figures: error: cannot write %s\n", path.c_str());
            return 1;
        }
        std::printf("wrote %s\n", path.c_str());
        if (compare_dir.empty()) continue;
        std::string committed;
        const std::string cpath = compare_dir + "/" + f.file;
        if (!read_file(cpath, committed)) {
            std::fprintf(stderr, "%s: missing; expected the figure the code generates (%s); run 'make docs-figures'\n",
                         cpath.c_str(), path.c_str());
            ++failures;
        } else if (committed != f.svg) {
            std::fprintf(stderr, "%s: differs from what the code generates now (%s); run 'make docs-figures' and commit\n",
                         cpath.c_str(), path.c_str());
            ++failures;
        }
    }
    if (failures) return failures;
    return skipped ? 77 : 0;
}
