// The worked example of docs/13-worked-example.md, reproduced with the library: a 3-2-2 network
// (ReLU hidden, softmax output, cross-entropy), one example, one forward and backward pass and one
// SGD step. The inputs and every expected number come from the machine-readable block at the end of
// the doc (docs/13-worked-example.md#machine-readable), so the doc and the test cannot drift apart;
// and every number of 5 or more significant digits in the doc's text must match that block.
// Run with the repository root as the working directory (CTest does).
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "check.hpp"
#include "nn/dense.hpp"
#include "nn/network.hpp"
#include "nn/sgd.hpp"

using nn::Matrix;

namespace {

const char* const kDoc = "docs/13-worked-example.md";

struct Entry {
    std::size_t rows = 0, cols = 0;
    std::vector<double> values;
};

struct Doc {
    std::map<std::string, Entry> block;  // the machine-readable block
    std::string prose;                   // everything outside fenced code blocks (```math is not code)
};

// Reads the doc: the ```text block whose second line starts "# format:" is the data; the rest, ```math
// displays included, is prose.
Doc read_doc() {
    Doc doc;
    std::ifstream in(kDoc);
    if (!in) {
        check::fail(__FILE__, __LINE__, std::string("cannot open ") + kDoc + " (run from the repository root)");
        return doc;
    }
    bool in_code = false, in_block = false, in_math = false;
    std::size_t line_no = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        if (!in_code && (in_math ? line.compare(0, 3, "```") == 0 : line == "```math")) {
            in_math = !in_math;  // a ```math block is a display: its numbers are text, checked below
            continue;
        }
        if (line.compare(0, 3, "```") == 0) {
            in_code = !in_code;
            in_block = false;
            continue;
        }
        if (!in_code) {
            doc.prose += line + "\n";
            continue;
        }
        if (line.compare(0, 9, "# format:") == 0) in_block = true;
        if (!in_block || line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string name;
        Entry e;
        fields >> name >> e.rows >> e.cols;
        for (double v; fields >> v;) e.values.push_back(v);
        if (!fields.eof() || e.values.size() != e.rows * e.cols) {
            check::fail(kDoc, static_cast<int>(line_no), "expected \"name rows cols\" and rows*cols numbers, found: " + line);
            continue;
        }
        if (!doc.block.emplace(name, e).second) check::fail(kDoc, static_cast<int>(line_no), "entry " + name + " twice");
    }
    return doc;
}

template <typename T>
Matrix<T> matrix(const Doc& doc, const std::string& name) {
    const auto it = doc.block.find(name);
    if (it == doc.block.end()) return Matrix<T>();
    Matrix<T> M(it->second.rows, it->second.cols);
    for (std::size_t k = 0; k < M.size(); ++k) M[k] = static_cast<T>(it->second.values[k]);
    return M;
}

// Every entry of `actual` against the doc's `name`, to a relative error of `tol` (of the value, or
// of 1e-3 for values below that: the zeros of b1 and b2).
template <typename T>
void expect(const Doc& doc, const std::string& name, const Matrix<T>& actual, double tol, const char* type) {
    const auto it = doc.block.find(name);
    if (it == doc.block.end()) {
        check::fail(__FILE__, __LINE__, std::string(kDoc) + " has no entry " + name);
        return;
    }
    const Entry& e = it->second;
    if (actual.rows() != e.rows || actual.cols() != e.cols) {
        check::fail(__FILE__, __LINE__, name + ": expected " + std::to_string(e.rows) + " x " +
                                             std::to_string(e.cols) + ", found " + actual.shape());
        return;
    }
    for (std::size_t k = 0; k < e.values.size(); ++k) {
        const double a = static_cast<double>(actual[k]), x = e.values[k];
        const double err = std::fabs(a - x) / std::fmax(std::fabs(x), 1e-3);
        if (err <= tol) {
            ++check::passes();
        } else {
            char what[200];
            std::snprintf(what, sizeof what, "%s run: %s[%zu]: library %.12g, doc %.12g, rel.err %.1e > %.0e", type,
                          name.c_str(), k, a, x, err, tol);
            check::fail(__FILE__, __LINE__, what);
        }
    }
}

Matrix<double> scalar(double v) { return Matrix<double>(1, 1, v); }

// The network of 13.1: 3-2-2, ReLU hidden, softmax output, W and b set by hand from the block.
template <typename T>
nn::Network<T> example_network(const Doc& doc) {
    nn::Network<T> net({3, 2, 2}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    net.layers[0].W = matrix<T>(doc, "W1");
    net.layers[0].b = matrix<T>(doc, "b1");
    net.layers[1].W = matrix<T>(doc, "W2");
    net.layers[1].b = matrix<T>(doc, "b2");
    return net;
}

std::vector<std::uint8_t> example_labels(const Doc& doc) {
    return {static_cast<std::uint8_t>(matrix<double>(doc, "label")[0])};
}

// The whole example in scalar type T; `tol` is the agreement the doc promises for that type.
template <typename T>
void run(const Doc& doc, double tol, const char* type) {
    nn::Network<T> net = example_network<T>(doc);
    const Matrix<T> x = matrix<T>(doc, "x");
    const std::vector<std::uint8_t> labels = example_labels(doc);
    const T eta = static_cast<T>(matrix<double>(doc, "eta")[0]);

    // 13.2 forward
    net.forward(x);
    expect(doc, "z1", net.layers[0].z, tol, type);
    expect(doc, "h", net.layers[0].h, tol, type);
    expect(doc, "z2", net.layers[1].z, tol, type);
    expect(doc, "p", net.layers[1].h, tol, type);
    const double L = net.loss(labels);
    expect(doc, "L", scalar(L), tol, type);
    // The softmax and log-sum-exp steps the text shows, from the library's z2.
    const Matrix<T>& z2 = net.layers[1].z;
    const double zmax = std::fmax(z2[0], z2[1]);
    Matrix<double> shifted(1, 2), expz(1, 2);
    for (std::size_t j = 0; j < 2; ++j) {
        shifted[j] = static_cast<double>(z2[j]) - zmax;
        expz[j] = std::exp(shifted[j]);
    }
    expect(doc, "shifted", shifted, tol, type);
    expect(doc, "expz", expz, tol, type);
    expect(doc, "sumexp", scalar(expz[0] + expz[1]), tol, type);
    expect(doc, "LSE", scalar(zmax + std::log(expz[0] + expz[1])), tol, type);
    expect(doc, "LSE", scalar(L + static_cast<double>(z2[labels[0]])), tol, type);  // L = LSE - z2[c]

    // 13.3 backward
    net.backward(x, labels);
    expect(doc, "delta2", net.layers[1].delta, tol, type);
    expect(doc, "dW2", net.layers[1].dW, tol, type);
    expect(doc, "db2", net.layers[1].db, tol, type);
    Matrix<T> dW2, db2, dh;  // dh = delta2 W2^T (6.3) is kept private by Network; ask dense_backward
    nn::dense_backward(net.layers[0].h, net.layers[1].W, net.layers[1].delta, dW2, db2, &dh);
    expect(doc, "dh", dh, tol, type);
    expect(doc, "delta1", net.layers[0].delta, tol, type);
    expect(doc, "dW1", net.layers[0].dW, tol, type);
    expect(doc, "db1", net.layers[0].db, tol, type);

    // 13.4 one SGD step, then the forward pass again
    nn::sgd_update(net, eta);
    expect(doc, "W1_new", net.layers[0].W, tol, type);
    expect(doc, "b1_new", net.layers[0].b, tol, type);
    expect(doc, "W2_new", net.layers[1].W, tol, type);
    expect(doc, "b2_new", net.layers[1].b, tol, type);
    net.forward(x);
    expect(doc, "z1_new", net.layers[0].z, tol, type);
    expect(doc, "z2_new", net.layers[1].z, tol, type);
    expect(doc, "p_new", net.layers[1].h, tol, type);
    expect(doc, "L_new", scalar(net.loss(labels)), tol, type);
}

// The doc's claim in 13.3: a central-difference check (docs/10-gradient-checking.md#eq-10-1) of
// all 14 gradient entries gives relative errors of about 1e-10 at most; asserted below 1e-9.
void gradient_check(const Doc& doc) {
    nn::Network<double> net = example_network<double>(doc);
    const Matrix<double> x = matrix<double>(doc, "x");
    const std::vector<std::uint8_t> labels = example_labels(doc);
    net.forward(x);
    net.backward(x, labels);
    const double h = 1e-5;
    double worst = 0;
    std::size_t entries = 0;
    for (std::size_t l = 0; l < 2; ++l)
        for (int which = 0; which < 2; ++which) {
            Matrix<double>& theta = which == 0 ? net.layers[l].W : net.layers[l].b;
            const Matrix<double> grad = which == 0 ? net.layers[l].dW : net.layers[l].db;
            for (std::size_t k = 0; k < theta.size(); ++k, ++entries) {
                const double saved = theta[k];
                theta[k] = saved + h;
                net.forward(x);
                const double plus = net.loss(labels);
                theta[k] = saved - h;
                net.forward(x);
                const double minus = net.loss(labels);
                theta[k] = saved;
                const double numeric = (plus - minus) / (2 * h);
                const double err = std::fabs(grad[k] - numeric) /
                                   std::fmax(std::fmax(std::fabs(grad[k]), std::fabs(numeric)), 1e-8);
                worst = std::fmax(worst, err);
            }
        }
    CHECK_EQ(entries, 14u);
    if (worst >= 1e-9) std::fprintf(stderr, "worst relative error of the gradient check: %.2e\n", worst);
    CHECK(worst < 1e-9);
}

// Every decimal number with at least 5 significant digits in the text must be some entry of the
// block rounded to that many digits (with its sign), so the text cannot drift from the block either.
void check_prose(const Doc& doc) {
    std::vector<double> known;
    for (const auto& [name, e] : doc.block) known.insert(known.end(), e.values.begin(), e.values.end());
    const std::string& t = doc.prose;
    const std::string minus = "\xE2\x88\x92";  // U+2212, the minus sign of the tables
    std::size_t checked = 0;
    for (std::size_t i = 0; i < t.size();) {
        if (!std::isdigit(static_cast<unsigned char>(t[i])) ||
            (i > 0 && (std::isalnum(static_cast<unsigned char>(t[i - 1])) || t[i - 1] == '.' || t[i - 1] == '_'))) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) ++j;
        if (j + 1 >= t.size() || t[j] != '.' || !std::isdigit(static_cast<unsigned char>(t[j + 1]))) {
            i = j;
            continue;
        }
        ++j;
        while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) ++j;
        const std::string token = t.substr(i, j - i);
        std::size_t digits = 0;
        bool leading = true;
        for (char c : token) {
            if (c == '.') continue;
            if (leading && c == '0') continue;
            leading = false;
            ++digits;
        }
        double v = std::stod(token);
        if (i > 0 && t[i - 1] == '-') v = -v;
        if (i >= minus.size() && t.compare(i - minus.size(), minus.size(), minus) == 0) v = -v;
        i = j;
        if (digits < 5) continue;
        ++checked;
        // Half a unit in the last printed digit.
        const double half = 0.5 * std::pow(10.0, std::floor(std::log10(std::fabs(v))) - static_cast<double>(digits) + 1);
        bool found = false;
        for (double k : known) found = found || std::fabs(k - v) <= half * (1 + 1e-9);
        if (found) {
            ++check::passes();
        } else {
            check::fail(__FILE__, __LINE__, std::string(kDoc) + ": the number " + token + " (value " +
                                                check::show(v) + ") in the text matches no entry of the block");
        }
    }
    std::printf("worked_example: %zu numbers of the text checked against the block\n", checked);
    CHECK(checked >= 60);  // the tables and equations of 13.2-13.4: not vacuous
}

}  // namespace

int main() {
    const Doc doc = read_doc();
    // The parse found every entry the test needs, each with its shape.
    const std::map<std::string, std::pair<std::size_t, std::size_t>> shapes = {
        {"x", {1, 3}},      {"label", {1, 1}},   {"eta", {1, 1}},    {"W1", {3, 2}},     {"b1", {1, 2}},
        {"W2", {2, 2}},     {"b2", {1, 2}},      {"z1", {1, 2}},     {"h", {1, 2}},      {"z2", {1, 2}},
        {"shifted", {1, 2}}, {"expz", {1, 2}},   {"sumexp", {1, 1}}, {"LSE", {1, 1}},    {"p", {1, 2}},
        {"L", {1, 1}},      {"delta2", {1, 2}},  {"dW2", {2, 2}},    {"db2", {1, 2}},    {"dh", {1, 2}},
        {"delta1", {1, 2}}, {"dW1", {3, 2}},     {"db1", {1, 2}},    {"W1_new", {3, 2}}, {"b1_new", {1, 2}},
        {"W2_new", {2, 2}}, {"b2_new", {1, 2}},  {"z1_new", {1, 2}}, {"z2_new", {1, 2}}, {"p_new", {1, 2}},
        {"L_new", {1, 1}}};
    for (const auto& [name, shape] : shapes) {
        const auto it = doc.block.find(name);
        const bool ok = it != doc.block.end() && it->second.rows == shape.first && it->second.cols == shape.second;
        if (ok) ++check::passes();
        else check::fail(__FILE__, __LINE__, std::string(kDoc) + ": expected an entry " + name + " " +
                                                 std::to_string(shape.first) + " " + std::to_string(shape.second));
    }
    CHECK_EQ(doc.block.size(), shapes.size());  // and no entry the test ignores
    if (check::failures() > 0) return check::report("worked_example");

    // The doc: double agrees to about 1e-8 (9 printed digits), float to about 1e-6.
    run<double>(doc, 1e-8, "double");
    run<float>(doc, 1e-6, "float");
    gradient_check(doc);
    check_prose(doc);
    return check::report("worked_example");
}
