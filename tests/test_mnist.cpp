// Tests of the MNIST loader: tiny synthetic image/label pairs, every check, and the real data if present.
// The files and their checks: docs/11-idx-format.md.
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "check.hpp"
#include "idx_writer.hpp"
#include "temp_dir.hpp"
#include "data/idx.hpp"
#include "data/mnist.hpp"
#include "core/backend.hpp"
#include "fast/engine.hpp"

namespace fs = std::filesystem;
using nn::IdxType;

namespace {

using testdata::TempDir;

// Three 2 x 3 images (pixels include 0, 128 and 255) and their labels.
const std::vector<double> kPixels = {0, 1, 2, 3, 4, 5, 255, 254, 128, 127, 64, 0, 10, 20, 30, 40, 50, 60};
const std::vector<double> kLabels = {0, 9, 5};

// Writes a valid tiny pair and returns {images path, labels path}.
std::array<std::string, 2> write_pair(const std::string& dir, const std::string& images,
                                      const std::string& labels) {
    const std::string ip = (fs::path(dir) / images).string(), lp = (fs::path(dir) / labels).string();
    testdata::write_idx(ip, IdxType::UByte, {3, 2, 3}, kPixels);
    testdata::write_idx(lp, IdxType::UByte, {3}, kLabels);
    return {ip, lp};
}

void test_valid_pair(const TempDir& tmp) {
    const auto [images, labels] = write_pair(tmp.path.string(), "a-images-idx3-ubyte", "a-labels-idx1-ubyte");
    const nn::Dataset d = nn::load_mnist_pair(images, labels);
    CHECK_EQ(d.size(), std::size_t{3});
    CHECK_EQ(d.bytes.size(), std::size_t{18});  // the file's bytes, not floats
    CHECK(d.X.empty());
    CHECK_EQ(d.features(), std::size_t{6});  // rows * cols of each image
    CHECK_EQ(d.image_rows, std::size_t{2});
    CHECK_EQ(d.image_cols, std::size_t{3});
    for (std::size_t k = 0; k < kPixels.size(); ++k)
        CHECK_EQ(d.x(k / 6, k % 6), static_cast<float>(kPixels[k]) / 255.0f);  // exactly pixel / 255
    CHECK_EQ(d.x(1, 0), 1.0f);                                               // pixel 255 of image 1
    CHECK_EQ(d.x(0, 0), 0.0f);
    for (int v = 0; v < 256; ++v) CHECK_EQ(d.value[static_cast<std::size_t>(v)], static_cast<float>(v) / 255.0f);
    // A batch converts its rows to exactly those floats, in the order asked for.
    nn::Batch batch;
    nn::gather_batch(d, {2, 0, 1}, 0, 3, batch);
    CHECK_EQ(batch.X.rows(), std::size_t{3});
    CHECK_EQ(batch.X.cols(), std::size_t{6});
    for (std::size_t k = 0; k < 6; ++k) {
        CHECK_EQ(batch.X(0, k), static_cast<float>(kPixels[12 + k]) / 255.0f);
        CHECK_EQ(batch.X(1, k), static_cast<float>(kPixels[k]) / 255.0f);
    }
    CHECK(batch.labels == (std::vector<std::uint8_t>{5, 0, 9}));
    CHECK(d.labels == (std::vector<std::uint8_t>{0, 9, 5}));

    nn::Dataset first = d;
    nn::keep_first(first, 2);
    CHECK_EQ(first.size(), std::size_t{2});
    CHECK_EQ(first.bytes.size(), std::size_t{12});
    CHECK_EQ(first.features(), std::size_t{6});
    for (std::size_t k = 0; k < 12; ++k) CHECK_EQ(first.x(k / 6, k % 6), d.x(k / 6, k % 6));
    CHECK(first.labels == (std::vector<std::uint8_t>{0, 9}));
    nn::Dataset all = d;
    nn::keep_first(all, 3);
    CHECK(all.bytes == d.bytes);
    CHECK_THROWS_WITH(nn::keep_first(all, 0), "keep_first", "expected 1 to 3 examples", "found 0");
    CHECK_THROWS_WITH(nn::keep_first(all, 5), "keep_first", "expected 1 to 3 examples", "found 5");
}

// gather_batch of a byte data set: each value is value[byte], through the division (the pixel /
// 255 table) or the lookup (any other table), in the order asked for; the same bits with the plain
// loop and with the fast engine's blocks of rows on 2 threads (a batch of 64 is shared out).
void test_gather_on_threads() {
    nn::Dataset d;
    d.image_rows = d.image_cols = 28;
    d.bytes.resize(300 * 784);
    std::mt19937 bits(5);
    for (std::uint8_t& b : d.bytes) b = static_cast<std::uint8_t>(bits() % 4 == 0 ? bits() % 256 : 0);
    d.labels.assign(300, 3);
    std::vector<std::size_t> order(300);
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = (i * 7 + 11) % 300;
    for (bool unit : {true, false}) {
        for (int v = 0; v < 256; ++v) d.value[static_cast<std::size_t>(v)] = unit ? float(v) / 255.0f : 0.5f * float(v) - 3.0f;
        nn::Batch plain, fast;
        nn::use_plain_loops();
        nn::gather_batch(d, order, 100, 164, plain);
        nn::use_fast_kernels(2);
        nn::gather_batch(d, order, 100, 164, fast);
        nn::use_plain_loops();
        std::size_t wrong = 0;
        for (std::size_t r = 0; r < 64; ++r)
            for (std::size_t p = 0; p < 784; ++p) wrong += plain.X(r, p) != d.value[d.bytes[order[100 + r] * 784 + p]];
        CHECK_EQ(wrong, std::size_t{0});
        CHECK(plain.X == fast.X);
    }
}

void test_spellings(const TempDir& tmp) {
    const fs::path hyphen = tmp.path / "hyphen", dotted = tmp.path / "dotted", both = tmp.path / "both";
    for (const auto& p : {hyphen, dotted, both}) fs::create_directory(p);
    write_pair(hyphen.string(), "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
    write_pair(hyphen.string(), "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    write_pair(dotted.string(), "train-images.idx3-ubyte", "train-labels.idx1-ubyte");
    write_pair(dotted.string(), "t10k-images.idx3-ubyte", "t10k-labels.idx1-ubyte");
    write_pair(both.string(), "train-images-idx3-ubyte", "train-images.idx3-ubyte");

    CHECK_EQ(nn::find_idx_file(hyphen.string(), "train-images", "idx3"),
             (hyphen / "train-images-idx3-ubyte").string());
    CHECK_EQ(nn::find_idx_file(dotted.string(), "t10k-labels", "idx1"),
             (dotted / "t10k-labels.idx1-ubyte").string());
    CHECK_EQ(nn::find_idx_file(both.string(), "train-images", "idx3"),  // the official name wins
             (both / "train-images-idx3-ubyte").string());
    for (const auto& dir : {hyphen, dotted}) {
        const nn::Mnist m = nn::load_mnist(dir.string());
        CHECK_EQ(m.train.size(), std::size_t{3});
        CHECK_EQ(m.test.size(), std::size_t{3});
        CHECK(m.test.labels == (std::vector<std::uint8_t>{0, 9, 5}));
    }
}

void test_missing_files(const TempDir& tmp) {
    const std::string empty = tmp.file("empty");
    fs::create_directory(empty);
    CHECK_THROWS_WITH(nn::find_idx_file(empty, "train-images", "idx3"), empty.c_str(), ": ",
                      "expected train-images-idx3-ubyte or train-images.idx3-ubyte", "found neither",
                      "run 'make data' (offline: MNIST_MIRROR=DIR make data)");
    CHECK_THROWS_WITH(nn::load_mnist(empty), "train-images-idx3-ubyte or train-images.idx3-ubyte");
    CHECK_THROWS_WITH(nn::find_idx_file(tmp.file("nowhere"), "t10k-labels", "idx1"),
                      "t10k-labels-idx1-ubyte or t10k-labels.idx1-ubyte", "the directory does not exist",
                      "make data");

    const std::string gz = tmp.file("gz");
    fs::create_directory(gz);
    testdata::write_idx(gz + "/t10k-labels.idx1-ubyte.gz", IdxType::UByte, {1}, {1});  // name only matters
    CHECK_THROWS_WITH(nn::find_idx_file(gz, "t10k-labels", "idx1"), "found only t10k-labels.idx1-ubyte.gz",
                      "gunzip -k", "make data");

    const auto [images, labels] = write_pair(tmp.path.string(), "m-images-idx3-ubyte", "m-labels-idx1-ubyte");
    fs::remove(labels);
    CHECK_THROWS_WITH(nn::load_mnist_pair(images, labels), labels.c_str(), ": cannot open", "No such file");
}

void test_inconsistent_pairs(const TempDir& tmp) {
    const auto [images, labels] = write_pair(tmp.path.string(), "b-images-idx3-ubyte", "b-labels-idx1-ubyte");

    testdata::write_idx(labels, IdxType::UByte, {2}, {1, 2});
    const std::string where = labels + ": offset 4: expected 3 labels";  // the message starts with the file
    CHECK_THROWS_WITH(nn::load_mnist_pair(images, labels), where.c_str());
    CHECK_THROWS_WITH(nn::load_mnist_pair(images, labels), labels.c_str(), ": offset 4:",
                      "expected 3 labels to match", images.c_str(), "(3 images)", "found 2");

    testdata::write_idx(labels, IdxType::UByte, {3}, {0, 10, 3});
    CHECK_THROWS_WITH(nn::load_mnist_pair(images, labels), labels.c_str(), ": offset 9:",
                      "expected a label 0..9", "found 10", "example 1");

    testdata::write_idx(labels, IdxType::UByte, {3, 1}, {0, 1, 2});
    CHECK_THROWS_WITH(nn::load_mnist_pair(images, labels), labels.c_str(), ": offset 3:",
                      "expected rank 1 for labels", "found rank 2 (dims 3 x 1)");
    testdata::write_idx(labels, IdxType::Int32, {3}, {0, 1, 2});
    CHECK_THROWS_WITH(nn::load_mnist_pair(images, labels), labels.c_str(), ": offset 2:",
                      "expected type code 0x08 (unsigned byte) for labels", "found 0x0c (int32)");
    testdata::write_idx(labels, IdxType::UByte, {3}, kLabels);

    testdata::write_idx(images, IdxType::UByte, {3, 6}, kPixels);
    CHECK_THROWS_WITH(nn::load_mnist_pair(images, labels), images.c_str(), ": offset 3:",
                      "expected rank 3 for images", "found rank 2 (dims 3 x 6)");
    testdata::write_idx(images, IdxType::Int16, {3, 2, 3}, kPixels);
    CHECK_THROWS_WITH(nn::load_mnist_pair(images, labels), images.c_str(), ": offset 2:",
                      "expected type code 0x08 (unsigned byte) for images", "found 0x0b (int16)");
    testdata::write_idx(images, IdxType::Float32, {3, 2, 3}, kPixels);
    CHECK_THROWS_WITH(nn::load_mnist_pair(images, labels), "found 0x0d (float32)");
    testdata::write_idx(images, IdxType::UByte, {0, 28, 28}, {});
    CHECK_THROWS_WITH(nn::load_mnist_pair(images, labels), images.c_str(), ": offset 4:",
                      "expected at least 1 image", "found 0");
    testdata::write_idx(images, IdxType::UByte, {3, 0, 3}, {});
    CHECK_THROWS_WITH(nn::load_mnist_pair(images, labels), images.c_str(), ": offset 8:",
                      "expected images of at least 1 x 1 pixels", "found 0 x 3");

    // Images of another size load too, with rows * cols columns.
    testdata::write_idx(images, IdxType::UByte, {3, 3, 2}, kPixels);
    const nn::Dataset d = nn::load_mnist_pair(images, labels);
    CHECK_EQ(d.image_rows, std::size_t{3});
    CHECK_EQ(d.image_cols, std::size_t{2});
    CHECK_EQ(d.features(), std::size_t{6});
}

// The real MNIST in data/ (tests run from the repository root), when `make data` has been run.
void test_real_data() {
    const std::string dir = "data";
    try {
        for (const char* stem : {"train-images", "t10k-images"}) nn::find_idx_file(dir, stem, "idx3");
        for (const char* stem : {"train-labels", "t10k-labels"}) nn::find_idx_file(dir, stem, "idx1");
    } catch (const std::runtime_error& e) {
        std::printf("mnist: real-data checks skipped: data/ has no MNIST; run 'make data'\n  (%s)\n",
                    e.what());
        return;
    }
    const nn::Mnist m = nn::load_mnist(dir);
    // Examples per digit 0..9, as published with MNIST.
    const std::array<std::size_t, 10> train_counts = {5923, 6742, 5958, 6131, 5842,
                                                      5421, 5918, 6265, 5851, 5949};
    const std::array<std::size_t, 10> test_counts = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
    struct Part {
        const nn::Dataset& d;
        std::size_t m;
        const std::array<std::size_t, 10>& counts;
    };
    for (const Part& p : {Part{m.train, 60000, train_counts}, Part{m.test, 10000, test_counts}}) {
        CHECK_EQ(p.d.size(), p.m);
        CHECK_EQ(p.d.bytes.size(), p.m * 784);
        CHECK_EQ(p.d.features(), std::size_t{784});
        CHECK_EQ(p.d.image_rows, std::size_t{28});
        CHECK_EQ(p.d.image_cols, std::size_t{28});
        std::array<std::size_t, 10> counts{};
        for (std::uint8_t y : p.d.labels) ++counts[y];  // labels were checked to be <= 9
        std::size_t total = 0;
        for (std::size_t c : counts) total += c;
        CHECK_EQ(total, p.m);
        CHECK(counts == p.counts);
        float lo = 1, hi = 0;
        std::size_t outside = 0;
        for (std::size_t k = 0; k < p.d.bytes.size(); ++k) {
            const float x = p.d.x(k / 784, k % 784);
            if (!(x >= 0.0f && x <= 1.0f)) ++outside;
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
        }
        CHECK_EQ(outside, std::size_t{0});
        CHECK_EQ(lo, 0.0f);  // background pixels
        CHECK_EQ(hi, 1.0f);  // full-ink pixels
    }
    std::printf("mnist: real data checked: %zu training and %zu test examples\n", m.train.size(),
                m.test.size());
}

}  // namespace

int main() {
    {
        const TempDir tmp("nn-test-mnist");
        test_valid_pair(tmp);
        test_spellings(tmp);
        test_missing_files(tmp);
        test_inconsistent_pairs(tmp);
    }
    test_gather_on_threads();
    test_real_data();
    return check::report("mnist");
}
