// The MNIST loader: two IDX files (images, labels) checked against each other and turned into X, labels.
// File layout and checks: docs/11-idx-format.md (the IDX side is in idx.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/idx.hpp"
#include "data/dataset.hpp"

namespace nn {

// Loads an images file (rank 3, unsigned byte: m x rows x cols) and a labels file (rank 1,
// unsigned byte: m, each 0..9). Throws std::runtime_error naming the file, offset, expected and
// found value when either is malformed or they disagree on m.
// Checks 7-10 and (11.3): docs/11-idx-format.md#eq-11-3
Dataset load_mnist_pair(const std::string& images_path, const std::string& labels_path);

// The checks and conversion of load_mnist_pair on two already parsed IDX arrays; the names are only
// used in messages. Separate so that the pair check can be fuzzed from memory (tests/fuzz/). The
// images' bytes move into the data set (pass an rvalue to avoid copying them).
Dataset mnist_pair_from_idx(IdxArray images, const std::string& images_name, const IdxArray& labels,
                            const std::string& labels_name);

// The path of dir/<stem>-<kind>-ubyte or, failing that, dir/<stem>.<kind>-ubyte (the dotted
// spelling many copies use). Example: find_idx_file("data", "train-images", "idx3").
// Throws std::runtime_error listing both names tried, with the fix ('make data', or gunzip when
// only a .gz is there).
std::string find_idx_file(const std::string& dir, const std::string& stem, const std::string& kind);

// How the pixels are scaled: x = pixel / 255 in [0, 1] (the loader's, and sources 01, 02, 04, 05),
// or the raw 0..255 (source 03).
enum class Pixels { Unit, Raw };
const char* name(Pixels p);  // "unit", "raw"

struct Mnist {
    Dataset train;  // 60000 examples for MNIST
    Dataset test;   // 10000 examples
    // Empty unless --validation N: N images held out of train (data/validation.hpp). When present,
    // training is watched on it and the test set is evaluated once, at the end (run/training.hpp).
    Dataset validation;
    std::string train_images, train_labels, test_images, test_labels;  // the files read, for messages
    std::size_t classes = 10;  // 1 + the largest label of the whole training file: 10 for MNIST
    Pixels pixels = Pixels::Unit;  // the scale of train.X and test.X
};

// Rescales both sets in place to `to`: raw = round(255 x), and back x = raw / 255 in float, which
// gives the loader's very numbers again (x was float(pixel) / 255.0f, and |255 x - pixel| < 1e-4).
// (11.3) and (11.4): docs/11-idx-format.md#eq-11-4
void set_pixels(Mnist& data, Pixels to);

// train-images/train-labels and t10k-images/t10k-labels from dir, either spelling. Also throws
// std::runtime_error naming both images files and both sizes when the test images are not the size
// of the training images.
Mnist load_mnist(const std::string& dir);

// 1 + the largest label of d: the outputs a network needs to hold every label (0 for no examples).
std::size_t class_count(const Dataset& d);

// Throws std::runtime_error "<labels_path>: offset <byte>: expected a label 0..<outputs - 1>
// (<why>), found <y> (example i)" for the first label of d that a network with `outputs` outputs
// cannot hold. d is in file order (keep_first keeps that), so the offset is that of the label.
void require_labels_below(const Dataset& d, std::size_t outputs, const std::string& labels_path,
                          const std::string& why);

}  // namespace nn
