// The numeric answers of the exercises of notes 01-10 (docs/solutions/NN-*.md), recomputed with the
// library. Each solution file ends with a block "# format: name value"; every name there must be
// computed here and agree, every value must also appear word for word in that file's prose, and
// every answer computed here must be in some block. `test_exercises --print` lists the answers.
// Run with the repository root as the working directory (CTest does).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "check.hpp"
#include "nn/activations.hpp"
#include "nn/loss.hpp"
#include "nn/network.hpp"

using nn::Matrix;

namespace {

Matrix<double> row(std::initializer_list<double> v) {
    Matrix<double> M(1, v.size());
    std::size_t k = 0;
    for (double x : v) M[k++] = x;
    return M;
}

Matrix<double> softmax(const Matrix<double>& z) {
    Matrix<double> p;
    nn::softmax_forward(z, p);
    return p;
}

// Entry `name` (rows cols values...) of the machine-readable block of note 13.
Matrix<double> note13(const std::string& name) {
    std::ifstream in("docs/13-worked-example.md");
    for (std::string line; std::getline(in, line);) {
        std::istringstream f(line);
        std::string first;
        std::size_t r = 0, c = 0;
        if (!(f >> first) || first != name || !(f >> r >> c)) continue;
        Matrix<double> M(r, c);
        for (std::size_t k = 0; k < M.size(); ++k) f >> M[k];
        if (f) return M;
    }
    check::fail(__FILE__, __LINE__, "docs/13-worked-example.md has no entry " + name);
    return Matrix<double>(1, 1);
}

// Note 13's network with a sigmoid hidden layer (exercise 06.1).
nn::Network<double> note13_sigmoid() {
    nn::Network<double> net({3, 2, 2}, nn::Activation::Sigmoid, nn::Loss::CrossEntropy);
    net.layers[0].W = note13("W1");
    net.layers[0].b = note13("b1");
    net.layers[1].W = note13("W2");
    net.layers[1].b = note13("b2");
    return net;
}

// Every numeric answer, by the name the solution files use.
std::map<std::string, double> answers() {
    std::map<std::string, double> a;
    // 01: parameters of 784-300-10, entries of z1 for a batch of 64.
    a["ex01_P"] = 784.0 * 300 + 300 + 300 * 10 + 10;
    a["ex01_z1_entries"] = 64.0 * 300;
    a["ex01_P_6_5_4"] = 6.0 * 5 + 5 + 5 * 4 + 4;
    // 02: one neuron, x = (1, 2), w = (0.5, -1), b = 0.25.
    const double z02 = 1 * 0.5 + 2 * -1.0 + 0.25;
    Matrix<double> h;
    nn::sigmoid_forward(row({z02}), h);
    a["ex02_z"] = z02;
    a["ex02_sigmoid"] = h[0];
    // 03: softmax(1, 2, 3); sigma'(0); sigma'(5).
    const Matrix<double> p03 = softmax(row({1, 2, 3}));
    a["ex03_p0"] = p03[0], a["ex03_p1"] = p03[1], a["ex03_p2"] = p03[2];
    nn::sigmoid_forward(row({5}), h);
    a["ex03_dsigma5"] = h[0] * (1 - h[0]);
    // 04: cross-entropy of z = (2, 1, 0) for label 0; a uniform guess over 10; a score 110 below.
    a["ex04_L"] = nn::cross_entropy_loss(row({2, 1, 0}), {0});
    a["ex04_uniform"] = nn::cross_entropy_loss(Matrix<double>(1, 10, 0.0), {3});
    a["ex04_far"] = nn::cross_entropy_loss(row({110, 0}), {1});
    {
        Matrix<float> pf;
        Matrix<float> z110(1, 2);
        z110[0] = 110, z110[1] = 0;
        nn::softmax_forward(z110, pf);
        a["ex04_float_p1"] = pf[1];  // rounds to 0 in float: -log would be inf
    }
    // 05: delta2 of z = (2, 1, 0), label 0, m = 1; softmax with squared error; source 01 literally.
    Matrix<double> d2;
    const Matrix<double> z05 = row({2, 1, 0});
    nn::softmax_cross_entropy_backward(softmax(z05), {0}, d2);
    a["ex05_d0"] = d2[0], a["ex05_d1"] = d2[1], a["ex05_d2"] = d2[2];
    a["ex05_rowsum"] = d2[0] + d2[1] + d2[2];
    {   // softmax + squared error: delta = p (.) (g - (g^T p) 1) with g = p - y (5.6); checked by
        // central differences of 1/2 ||softmax(z) - y||^2 to 1e-8 before it is an answer.
        const Matrix<double> p = softmax(z05);
        const double g[3] = {p[0] - 1, p[1], p[2]}, gp = g[0] * p[0] + g[1] * p[1] + g[2] * p[2];
        for (int k = 0; k < 3; ++k) {
            const double delta = p[k] * (g[k] - gp);
            const auto loss = [&](double dz) {
                Matrix<double> z = z05;
                z[k] += dz;
                const Matrix<double> q = softmax(z);
                return 0.5 * ((q[0] - 1) * (q[0] - 1) + q[1] * q[1] + q[2] * q[2]);
            };
            const double numeric = (loss(1e-5) - loss(-1e-5)) / 2e-5;
            CHECK(std::fabs(numeric - delta) < 1e-8);
            a["ex05_mse_d" + std::to_string(k)] = delta;
        }
        a["ex05_literal_relerr0"] = std::fabs(d2[0] - (-1.0)) / std::fmax(std::fabs(d2[0]), 1.0);
    }
    // 06: note 13 with a sigmoid hidden layer.
    {
        nn::Network<double> net = note13_sigmoid();
        const Matrix<double> x = note13("x");
        const std::vector<std::uint8_t> label = {static_cast<std::uint8_t>(note13("label")[0])};
        net.forward(x);
        a["ex06_h0"] = net.layers[0].h[0], a["ex06_h1"] = net.layers[0].h[1];
        a["ex06_p0"] = net.output()[0];
        a["ex06_L"] = net.loss(label);
        net.backward(x, label);
        a["ex06_delta1_0"] = net.layers[0].delta[0], a["ex06_delta1_1"] = net.layers[0].delta[1];
        a["ex06_dW1_00"] = net.layers[0].dW[0];
        a["ex06_db2_sum"] = net.layers[1].db[0] + net.layers[1].db[1];
    }
    // 07: the per-sample step of batch 64 at eta = 0.64; updates per epoch.
    a["ex07_eta_per_sample"] = 0.64 / 64;
    a["ex07_updates_64"] = std::ceil(60000.0 / 64);
    a["ex07_twice_relerr"] = 1 - 1.0 / 3;  // 1/m applied twice, batch of 3
    // 08: the standard deviations of the rules for 784-300-10; source 01's W2.
    a["ex08_he"] = std::sqrt(2.0 / 784);
    a["ex08_xavier"] = std::sqrt(2.0 / (784 + 300));
    a["ex08_source01_w2"] = std::sqrt(6.0 / 310);
    a["ex08_variance_ratio"] = (6.0 / 310) / (2.0 / 310);  // (a^2 as a variance) / (a^2 / 3)
    // 09: float's spacing at 2^24; exp overflow in float.
    {
        volatile float big = 16777216.0f;
        volatile float sum = big + 1.0f;
        a["ex09_sum"] = sum;
        a["ex09_overflow_ln"] = std::log(static_cast<double>(std::numeric_limits<float>::max()));
        volatile float e89 = std::exp(89.0f);
        CHECK(std::isinf(e89));
    }
    // 10: the numbers of the error budget (10.3).
    const double eps_f = std::numeric_limits<float>::epsilon();
    a["ex10_trunc"] = 1e-10 / 6;
    a["ex10_h_float"] = std::cbrt(3 * eps_f);
    a["ex10_err_float"] = 0.5 * std::pow(3 * eps_f, 2.0 / 3.0);
    a["ex10_relu_sign_relerr"] = 2;
    return a;
}

struct Block {
    std::map<std::string, std::string> values;  // name -> the value as written
    std::string prose;
};

Block read_solution(const std::string& path) {
    Block b;
    std::ifstream in(path);
    bool in_code = false, in_block = false;
    for (std::string line; std::getline(in, line);) {
        if (line.compare(0, 3, "```") == 0 && line != "```math") {
            in_code = !in_code;
            in_block = false;
            continue;
        }
        if (!in_code) {
            b.prose += line + "\n";
            continue;
        }
        if (line.compare(0, 9, "# format:") == 0) in_block = true;
        if (!in_block || line.empty() || line[0] == '#') continue;
        std::istringstream f(line);
        std::string name, value;
        f >> name >> value;
        if (value.empty() || !b.values.emplace(name, value).second)
            check::fail(path.c_str(), 0, "expected \"name value\" once per name, found: " + line);
    }
    return b;
}

}  // namespace

int main(int argc, char** argv) {
    const std::map<std::string, double> computed = answers();
    if (argc > 1 && std::strcmp(argv[1], "--print") == 0) {
        for (const auto& [name, v] : computed) std::printf("%-24s %.9g\n", name.c_str(), v);
        return 0;
    }
    std::map<std::string, bool> used;
    int files = 0;
    for (int note = 1; note <= 10; ++note) {
        char prefix[16];  // room for any int, so that no build warns of truncation
        std::snprintf(prefix, sizeof prefix, "%02d-", note);
        std::string path;
        for (const auto& e : std::filesystem::directory_iterator("docs/solutions"))
            if (e.path().filename().string().compare(0, 3, prefix) == 0) path = e.path().string();
        if (path.empty()) {
            check::fail(__FILE__, __LINE__, std::string("docs/solutions has no file for note ") + prefix);
            continue;
        }
        ++files;
        const Block b = read_solution(path);
        for (const auto& [name, text] : b.values) {
            const auto it = computed.find(name);
            if (it == computed.end()) {
                check::fail(path.c_str(), 0, "answer " + name + " is not computed by tests/test_exercises.cpp");
                continue;
            }
            used[name] = true;
            const double doc = std::strtod(text.c_str(), nullptr), lib = it->second;
            const double err = std::fabs(doc - lib) / std::fmax(std::fabs(lib), 1e-12);
            if (err > 1e-6 && std::fabs(doc - lib) > 1e-15) {
                char what[200];
                std::snprintf(what, sizeof what, "%s: library %.12g, solution %s, rel.err %.1e", name.c_str(), lib,
                              text.c_str(), err);
                check::fail(path.c_str(), 0, what);
            } else {
                ++check::passes();
            }
            if (b.prose.find(text) == std::string::npos)
                check::fail(path.c_str(), 0, "answer " + name + " = " + text + " does not appear in the text");
        }
    }
    for (const auto& [name, v] : computed)
        if (!used.count(name)) check::fail(__FILE__, __LINE__, "answer " + name + " is in no solution block");
    std::printf("exercises: %d solution files, %zu numeric answers\n", files, used.size());
    return check::report("exercises");
}
