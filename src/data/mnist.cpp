// The MNIST loader on top of the IDX reader: shape, type, count and label checks, then pixels / 255.
// File layout and checks: docs/11-idx-format.md.
#include "data/mnist.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include "core/bytes.hpp"
#include "data/idx.hpp"

namespace nn {

namespace {

// Offsets of the header fields, for messages: type code at 2, rank at 3, dimension i at 4 + 4i.
constexpr std::size_t kTypeOffset = 2, kRankOffset = 3;
std::size_t dim_offset(std::size_t i) { return 4 + 4 * i; }

std::string type_code(IdxType type) {
    const unsigned char code = static_cast<unsigned char>(type);
    return hex(&code, 1) + " (" + idx_type_name(type) + ")";
}

// Checks that the file holds unsigned bytes in `rank` dimensions; `what` names its role.
void require_ubyte_rank(const IdxArray& a, const std::string& path, std::size_t rank,
                        const std::string& what) {
    if (a.type != IdxType::UByte)
        throw std::runtime_error(at(path, kTypeOffset) + "expected type code 0x08 (unsigned byte) for " +
                                 what + ", found " + type_code(a.type));
    if (a.dims.size() != rank)
        throw std::runtime_error(at(path, kRankOffset) + "expected rank " + std::to_string(rank) + " for " +
                                 what + ", found rank " + std::to_string(a.dims.size()) + " (dims " +
                                 a.shape() + ")");
}

}  // namespace

// docs/11-idx-format.md#what-the-parser-checks (the checks); the scaling (11.3) is cited where it happens, below
Dataset load_mnist_pair(const std::string& images_path, const std::string& labels_path) {
    IdxArray images = read_idx(images_path);
    require_ubyte_rank(images, images_path, 3, "images (count x rows x cols)");
    const IdxArray labels = read_idx(labels_path);
    return mnist_pair_from_idx(std::move(images), images_path, labels, labels_path);
}

Dataset mnist_pair_from_idx(IdxArray images, const std::string& images_path, const IdxArray& labels,
                            const std::string& labels_path) {
    require_ubyte_rank(images, images_path, 3, "images (count x rows x cols)");
    require_ubyte_rank(labels, labels_path, 1, "labels (count)");

    const std::size_t m = images.dims[0], rows = images.dims[1], cols = images.dims[2];
    if (m == 0)
        throw std::runtime_error(at(images_path, dim_offset(0)) + "expected at least 1 image, found 0");
    if (rows == 0 || cols == 0)
        throw std::runtime_error(at(images_path, dim_offset(rows == 0 ? 1 : 2)) +
                                 "expected images of at least 1 x 1 pixels, found " + std::to_string(rows) +
                                 " x " + std::to_string(cols));
    if (labels.dims[0] != m)
        throw std::runtime_error(at(labels_path, dim_offset(0)) + "expected " + std::to_string(m) +
                                 " labels to match " + images_path + " (" + std::to_string(m) +
                                 " images), found " + std::to_string(labels.dims[0]));

    Dataset d;
    d.image_rows = rows;
    d.image_cols = cols;
    d.labels.resize(m);
    const std::size_t label_data = dim_offset(1);  // the labels follow the 8-byte header
    for (std::size_t i = 0; i < m; ++i) {
        const unsigned char y = labels.data[i];  // unsigned byte: the stored byte is the value
        if (y > 9)
            throw std::runtime_error(at(labels_path, label_data + i) + "expected a label 0..9, found " +
                                     std::to_string(y) + " (example " + std::to_string(i) + ")");
        d.labels[i] = y;
    }

    // Pixels 0..255 stand for x = pixel / 255 in [0, 1]; float division is exact-rounded, so every
    // x equals float(pixel) / 255.0f. The bytes are kept as the file has them (image i, row by row
    // of the image, is example i) and become floats a batch at a time (Dataset, gather_batch).
    d.bytes = std::move(images.data);
    for (std::size_t v = 0; v < d.value.size(); ++v)
        d.value[v] = static_cast<float>(v) / 255.0f;  // docs/11-idx-format.md#eq-11-3
    return d;
}

std::string find_idx_file(const std::string& dir, const std::string& stem, const std::string& kind) {
    namespace fs = std::filesystem;
    const std::string hyphen = stem + "-" + kind + "-ubyte";  // official: train-images-idx3-ubyte
    const std::string dotted = stem + "." + kind + "-ubyte";  // common copy: train-images.idx3-ubyte
    std::error_code ec;
    for (const std::string& name : {hyphen, dotted}) {
        const fs::path p = fs::path(dir) / name;
        if (fs::exists(p, ec)) return p.string();
    }
    for (const std::string& name : {hyphen, dotted}) {
        const fs::path gz = fs::path(dir) / (name + ".gz");
        if (fs::exists(gz, ec))
            throw std::runtime_error(gz.string() + ": expected the uncompressed " + name + ", found only " +
                                     name + ".gz; decompress it with 'gunzip -k " + gz.string() +
                                     "' or run 'make data'");
    }
    const std::string where = fs::is_directory(dir, ec) ? "" : " (the directory does not exist)";
    throw std::runtime_error(dir + ": expected " + hyphen + " or " + dotted + ", found neither" + where +
                             "; run 'make data' (offline: MNIST_MIRROR=DIR make data)");
}

Mnist load_mnist(const std::string& dir) {
    Mnist mnist;
    // One statement per file, so a missing file is always reported in this order.
    mnist.train_images = find_idx_file(dir, "train-images", "idx3");
    mnist.train_labels = find_idx_file(dir, "train-labels", "idx1");
    mnist.test_images = find_idx_file(dir, "t10k-images", "idx3");
    mnist.test_labels = find_idx_file(dir, "t10k-labels", "idx1");
    mnist.train = load_mnist_pair(mnist.train_images, mnist.train_labels);
    mnist.test = load_mnist_pair(mnist.test_images, mnist.test_labels);
    const Dataset &train = mnist.train, &test = mnist.test;
    if (test.image_rows != train.image_rows || test.image_cols != train.image_cols)
        throw std::runtime_error(at(mnist.test_images, dim_offset(1)) + "expected images of " +
                                 std::to_string(train.image_rows) + " x " + std::to_string(train.image_cols) +
                                 " pixels, as in " + mnist.train_images + ", found " +
                                 std::to_string(test.image_rows) + " x " + std::to_string(test.image_cols));
    mnist.classes = class_count(train);
    return mnist;
}

std::size_t class_count(const Dataset& d) {
    std::size_t classes = 0;
    for (std::uint8_t y : d.labels) classes = std::max<std::size_t>(classes, std::size_t{y} + 1);
    return classes;
}

void require_labels_below(const Dataset& d, std::size_t outputs, const std::string& labels_path,
                          const std::string& why) {
    for (std::size_t i = 0; i < d.size(); ++i)
        if (d.labels[i] >= outputs)
            throw std::runtime_error(at(labels_path, dim_offset(1) + i) + "expected a label 0.." +
                                     std::to_string(outputs - 1) + " (" + why + "), found " +
                                     std::to_string(d.labels[i]) + " (example " + std::to_string(i) + ")");
}

const char* name(Pixels p) { return p == Pixels::Unit ? "unit" : "raw"; }

// docs/11-idx-format.md#eq-11-4
void set_pixels(Mnist& data, Pixels to) {
    if (data.pixels == to) return;
    const auto rescale = [to](float x) { return to == Pixels::Raw ? std::round(255.0f * x) : x / 255.0f; };
    for (Dataset* d : {&data.train, &data.validation, &data.test}) {
        for (std::size_t k = 0; k < d->X.size(); ++k) d->X[k] = rescale(d->X[k]);
        for (float& x : d->value) x = rescale(x);  // the same numbers, for examples held as bytes
    }
    data.pixels = to;
}

}  // namespace nn
