// The knobs the sources need and the table of their experiments: initialisation rules, pixel scale,
// the walk through the data (file order, dropped remainder), source 05's and source 04's steps,
// mean and sd, and every figure quoted word for word from the sources. docs/14-reproducing-the-sources.md.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "check.hpp"
#include "nn/init.hpp"
#include "nn/network.hpp"
#include "nn/sgd.hpp"
#include "run/sources.hpp"
#include "synthetic.hpp"
#include "text.hpp"

using nn::Matrix;

namespace {

// docs/08-initialisation.md#per-layer-rules: the spread of each rule for a 784 x 300 layer.
void test_init_rules() {
    CHECK_REL(nn::init_spread({nn::Init::He, 1.0}, 784, 300), std::sqrt(2.0 / 784), 1e-15);
    CHECK_REL(nn::init_spread({nn::Init::Xavier, 2.0}, 784, 300), 2.0 * std::sqrt(2.0 / 1084), 1e-15);
    CHECK_EQ(nn::init_spread({nn::Init::Normal, 0.5}, 784, 300), 0.5);
    CHECK_EQ(nn::init_spread({nn::Init::Uniform, 0.1}, 784, 300), 0.1);

    // The per-layer path with the default rules draws exactly what the default init draws.
    nn::Network<float> a({784, 30, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy), b = a;
    nn::Rng ra(7), rb(7);
    a.init(nn::Init::He, ra);
    b.init({{nn::Init::He, 1.0}, {nn::Init::Xavier, 1.0}}, nn::BiasInit::Zero, rb);
    bool same = true;
    for (std::size_t l = 0; l < 2; ++l)
        for (std::size_t k = 0; k < a.layers[l].W.size(); ++k) same = same && a.layers[l].W[k] == b.layers[l].W[k];
    CHECK(same);
    CHECK_EQ(ra.next(), rb.next());  // and leaves the generator at the same place

    // U(-0.1, 0.1) for W and b (source 05): inside the range, mean near 0, variance near a^2/3.
    nn::Network<double> u({784, 10}, nn::Activation::ReLU, nn::Loss::Perceptron);
    nn::Rng r(3);
    u.init({{nn::Init::Uniform, 0.1}}, nn::BiasInit::LikeWeights, r);
    double sum = 0, squares = 0;
    bool inside = true;
    const Matrix<double>& W = u.layers[0].W;
    for (std::size_t k = 0; k < W.size(); ++k) {
        inside = inside && W[k] >= -0.1 && W[k] < 0.1;
        sum += W[k];
        squares += W[k] * W[k];
    }
    const double n = static_cast<double>(W.size());
    CHECK(inside);
    CHECK(std::fabs(sum / n) < 0.003);                        // sd of the mean: 0.1/sqrt(3 n) = 0.0007
    CHECK_REL(squares / n, 0.01 / 3, 0.05);                   // a^2 / 3
    bool bias_drawn = false;
    for (std::size_t k = 0; k < 10; ++k) bias_drawn = bias_drawn || u.layers[0].b[k] != 0.0;
    CHECK(bias_drawn);
    CHECK_THROWS_WITH(u.init({{nn::Init::Normal, 1.0}, {nn::Init::Normal, 1.0}}, nn::BiasInit::Zero, r), "init",
                      "expected one rule per layer (1)", "found 2");
}

// set_pixels: raw = round(255 x) and back gives the loader's very floats, for every byte value.
void test_pixels() {
    nn::Mnist data;
    data.train.X = Matrix<float>(1, 256);
    for (int p = 0; p < 256; ++p) data.train.X[static_cast<std::size_t>(p)] = static_cast<float>(p) / 255.0f;
    const Matrix<float> unit = data.train.X;
    nn::set_pixels(data, nn::Pixels::Raw);
    bool raw = true;
    for (int p = 0; p < 256; ++p) raw = raw && data.train.X[static_cast<std::size_t>(p)] == static_cast<float>(p);
    CHECK(raw);
    CHECK(data.pixels == nn::Pixels::Raw);
    nn::set_pixels(data, nn::Pixels::Unit);
    bool back = true;
    for (std::size_t k = 0; k < 256; ++k) back = back && data.train.X[k] == unit[k];
    CHECK(back);

    // The same for images held as bytes (the loader's way): the table of values changes, and a
    // batch gets exactly the floats the float matrix holds after the same set_pixels.
    nn::Mnist bytes;
    bytes.test.image_rows = 16;
    bytes.test.image_cols = 16;
    bytes.test.labels = {3};
    for (int p = 0; p < 256; ++p) {
        bytes.test.bytes.push_back(static_cast<std::uint8_t>(255 - p));
        bytes.test.value[static_cast<std::size_t>(p)] = static_cast<float>(p) / 255.0f;
    }
    nn::set_pixels(data, nn::Pixels::Raw);
    nn::set_pixels(bytes, nn::Pixels::Raw);
    nn::Batch batch;
    nn::gather_batch(bytes.test, {0}, 0, 1, batch);
    bool same = batch.X.cols() == 256;
    for (std::size_t k = 0; same && k < 256; ++k) same = batch.X[k] == data.train.X[255 - k];
    CHECK(same);
}

// BatchPlan: file order keeps the order and uses no random numbers; the dropped remainder leaves
// out n mod m examples (source 03: 60000 = 234 x 256 + 96).
void test_batch_plan() {
    CHECK_EQ(nn::samples_per_epoch(60000, 256, {true, true}), std::size_t{59904});
    CHECK_EQ(nn::samples_per_epoch(60000, 256, {true, false}), std::size_t{60000});
    CHECK_EQ(nn::samples_per_epoch(60000, 64, {false, false}), std::size_t{60000});
    const nn::Dataset data = testdata::prototypes(10, 6, 0.1, 1);
    nn::Network<float> net({6, 4, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(1);
    net.init(nn::Init::He, rng);
    std::vector<std::size_t> order = nn::identity_order(10);
    nn::Batch batch;
    std::vector<std::size_t> steps;
    nn::Rng walk(5), untouched(5);
    const nn::EpochStats stats = nn::train_epoch(
        net, data, order, 4, 0.1f, walk, batch, [&](std::size_t samples) { steps.push_back(samples); return true; },
        nn::backprop_and_update, {false, true});
    CHECK(steps == (std::vector<std::size_t>{4, 8}));  // two batches of 4; the last 2 examples dropped
    CHECK_EQ(stats.samples, std::size_t{8});
    CHECK(order == nn::identity_order(10));            // not shuffled ...
    CHECK_EQ(walk.next(), untouched.next());            // ... and no random number drawn
}

// Source 05's rule is the perceptron's: one online step at lr 1 on a wrong prediction subtracts
// x from the predicted class's weights and adds it to the true class's (docs/07-sgd.md#source-05-rule).
void test_source05_step() {
    nn::Network<float> net({4, 3}, nn::Activation::ReLU, nn::Loss::Perceptron);
    net.perceptron_rule = nn::PerceptronRule::Source;
    nn::Rng rng(2);
    net.init({{nn::Init::Uniform, 0.1}}, nn::BiasInit::LikeWeights, rng);
    nn::Batch batch;
    batch.X = Matrix<float>(1, 4);
    const float x[] = {0.5f, 0.25f, 1.0f, 0.0f};
    for (std::size_t p = 0; p < 4; ++p) batch.X[p] = x[p];
    const Matrix<float>& h = net.forward(batch.X);
    const std::size_t predicted = static_cast<std::size_t>(nn::argmax_rows(h)[0]);
    const std::uint8_t label = static_cast<std::uint8_t>((predicted + 1) % 3);
    batch.labels = {label};
    const Matrix<float> W = net.layers[0].W, b = net.layers[0].b;
    nn::backprop_and_update(net, batch, 1.0f);
    bool rule = true;
    for (std::size_t p = 0; p < 4; ++p)
        for (std::size_t j = 0; j < 3; ++j) {
            const float step = j == predicted ? -x[p] : j == label ? x[p] : 0.0f;
            rule = rule && net.layers[0].W(p, j) == W(p, j) + step;
        }
    CHECK(rule);
    CHECK_EQ(net.layers[0].b[predicted], b[predicted] - 1.0f);
    CHECK_EQ(net.layers[0].b[label], b[label] + 1.0f);
}

// Source 04's step: W2 first, then delta1 from the new W2. Checked against the same step in double
// written out from the formulas.
void test_source04_step() {
    nn::Network<float> net({5, 4, 3}, nn::Activation::Sigmoid, nn::Loss::CrossEntropy);
    nn::Rng rng(4);
    net.init({{nn::Init::Normal, 1.0}, {nn::Init::Normal, 1.0}}, nn::BiasInit::Zero, rng);
    nn::Batch batch;
    batch.X = Matrix<float>(1, 5);
    for (std::size_t p = 0; p < 5; ++p) batch.X[p] = p == 2 ? 0.0f : 0.2f * static_cast<float>(p + 1);
    batch.labels = {1};
    const float eta = 0.5f;
    const nn::Network<float> start = net;
    net.forward(batch.X);
    const Matrix<float> h = net.layers[0].h, p = net.layers[1].h;
    nn::learn_updating_w2_first(net, batch, eta);
    // By hand: delta2 = p - y; W2' = W2 - eta h^T delta2; delta1 = (delta2 W2'^T) * h (1 - h).
    double delta2[3], delta1[4];
    for (std::size_t j = 0; j < 3; ++j) delta2[j] = p[j] - (j == 1 ? 1.0 : 0.0);
    bool w2 = true, w1 = true;
    for (std::size_t i = 0; i < 4; ++i) {
        double back = 0;
        for (std::size_t j = 0; j < 3; ++j) {
            const double w2_new = start.layers[1].W(i, j) - eta * h[i] * delta2[j];
            w2 = w2 && std::fabs(net.layers[1].W(i, j) - w2_new) < 1e-6;
            back += delta2[j] * w2_new;
        }
        delta1[i] = back * h[i] * (1 - h[i]);
    }
    for (std::size_t q = 0; q < 5; ++q)
        for (std::size_t i = 0; i < 4; ++i)
            w1 = w1 && std::fabs(net.layers[0].W(q, i) - (start.layers[0].W(q, i) - eta * batch.X[q] * delta1[i])) < 1e-6;
    CHECK(w2);
    CHECK(w1);
    // And it differs from the usual step, which uses the old W2 (else this test shows nothing).
    nn::Network<float> usual = start;
    usual.forward(batch.X);
    nn::backprop_and_update(usual, batch, eta);
    double gap = 0;
    for (std::size_t k = 0; k < usual.layers[0].W.size(); ++k)
        gap = std::max(gap, static_cast<double>(std::fabs(usual.layers[0].W[k] - net.layers[0].W[k])));
    CHECK(gap > 1e-4);
}

void test_mean_sd() {
    const nn::MeanSd s = nn::mean_sd({1, 2, 3, 4});
    CHECK_EQ(s.mean, 2.5);
    CHECK_REL(s.sd, std::sqrt(5.0 / 3.0), 1e-15);  // sum of squares 5, over n - 1 = 3
    CHECK_EQ(nn::mean_sd({0.88}).sd, 0.0);
    CHECK(std::isnan(nn::mean_sd({}).mean));
}

// The verdict on a source's one run against our seeds, (E.1): ours {0.860, 0.870, 0.870, 0.865, 0.875}
// have mean 0.868 and sd sqrt(0.00013 / 4) = 0.0057009; one more seed falls within
// 0.868 ± 2.776 * 0.0057009 * sqrt(1.2) = 0.868 ± 0.017336, widened by 0.005 for a source printing "88%".
void test_verdict() {
    const std::vector<double> ours = {0.860, 0.870, 0.870, 0.865, 0.875};
    nn::SourceFigure f;
    f.by_chance = true;
    f.rounding = 0.005;
    f.reported = 0.890;  // 0.868 + 0.017336 + 0.005 = 0.890336: inside
    CHECK(testdata::contains(nn::verdict(f, ours), ": chance"));
    f.reported = 0.891;  // just outside
    CHECK(testdata::contains(nn::verdict(f, ours), "outside"));
    f.rounding = 0;
    f.reported = 0.885;  // below 0.868 + 0.017336 = 0.885336: inside
    CHECK(testdata::contains(nn::verdict(f, ours), ": chance"));
    f.reported = 0.886;  // outside without the rounding
    CHECK(testdata::contains(nn::verdict(f, ours), "outside"));
    f.reported = 0.845;  // below 0.868 - 0.017336 = 0.850664
    CHECK(testdata::contains(nn::verdict(f, ours), "outside"));
    CHECK(testdata::contains(nn::verdict(f, {0.868}), "one seed"));
}

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every printed figure of every source: its run exists, and its quotation is in the source's file
// word for word ("…" separates pieces that must appear in this order).
void test_figures_quoted() {
    const std::vector<nn::SourceExperiment> all = nn::source_experiments();
    CHECK_EQ(all.size(), std::size_t{5});
    std::size_t printed = 0;
    for (const nn::SourceExperiment& e : all)
        for (const nn::SourceFigure& f : e.figures) {
            bool run = false;
            for (const nn::SourceRun& r : e.runs) run = run || r.name == f.run;
            CHECK(run);
            CHECK(!f.reason.empty() || f.by_chance);  // a reason, or the verdict of (E.1)
            if (!std::isnan(f.reported)) {
                ++printed;
                CHECK(!f.quote.empty());
            }
        }
    CHECK_EQ(printed, std::size_t{16 + 15 + 16 + 0 + 15 + 4});  // 01, 02, 03 (an image), 04, 05
    // The rounding follows the decimals the source printed: source 02's "0.992" and "0.978200".
    for (const nn::SourceFigure& f : all[1].figures)
        if (f.run == "hidden 300" && f.measure == "train accuracy") CHECK_REL(f.rounding, 0.0005, 1e-12);
        else if (f.run == "hidden 300" && f.measure == "test accuracy") CHECK_REL(f.rounding, 0.0000005, 1e-12);
    CHECK_REL(all[0].figures[0].rounding, 0.005, 1e-12);  // source 01: two decimals
    const char* env = std::getenv("MNIST_SOURCES");
    std::vector<std::filesystem::path> dirs = {"../shared/sources", "../../shared/sources"};
    if (env) dirs.insert(dirs.begin(), env);
    for (const auto& dir : dirs) {
        if (!std::filesystem::is_directory(dir)) continue;
        std::size_t checked = 0;
        for (const nn::SourceExperiment& e : all) {
            const std::string text = read_text(dir / e.file);
            CHECK(!text.empty());
            for (const nn::SourceFigure& f : e.figures) {
                if (f.quote.empty()) continue;
                const std::string ellipsis = "\xE2\x80\xA6";
                std::size_t from = 0, start = 0;
                for (;;) {
                    const std::size_t end = f.quote.find(ellipsis, start);
                    const std::string piece = f.quote.substr(start, end == std::string::npos ? end : end - start);
                    const std::size_t at = text.find(piece, from);
                    if (at == std::string::npos) check::fail(__FILE__, __LINE__, e.file + ": not found: " + piece);
                    else ++check::passes();
                    from = at == std::string::npos ? from : at + piece.size();
                    if (end == std::string::npos) break;
                    start = end + ellipsis.size();
                }
                ++checked;
            }
        }
        std::printf("sources: %zu quotations checked against %s\n", checked, dir.string().c_str());
        return;
    }
    std::printf("sources: source texts not found; quotations not checked\n");
}

}  // namespace

int main() {
    test_init_rules();
    test_pixels();
    test_batch_plan();
    test_source05_step();
    test_source04_step();
    test_mean_sd();
    test_verdict();
    test_figures_quoted();
    return check::report("sources");
}
