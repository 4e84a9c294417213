// A data set as the network sees it (one example per row of X, its label beside it), and the batch
// of one training step copied out of it. Notation: docs/01-notation.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/matrix.hpp"

namespace nn {

// m examples, one per row of X (docs/01-notation.md): for MNIST X is (m x 784) with pixel / 255 in
// [0, 1], image i row-major in row i of X; labels[i] in 0..9 is the class shown by row i.
// The examples are held one of two ways. Either as floats in X (synthetic data, the tests), or, for
// MNIST, as the file's bytes: then X is empty, `bytes` holds image i in bytes [i*784, (i+1)*784),
// and x(i, p) = value[bytes[i*784 + p]], the float that byte stands for (pixel / 255.0f, or the raw
// pixel after set_pixels). 47 MB for the training images instead of 188 MB of floats; a batch
// converts only its own rows (gather_batch), and the network sees the same numbers either way.
struct Dataset {
    Matrix<float> X;
    std::vector<std::uint8_t> labels;
    std::size_t image_rows = 28, image_cols = 28;
    std::vector<std::uint8_t> bytes;  // empty, or the examples as bytes (then X is empty)
    std::array<float, 256> value{};   // x for each byte value, when `bytes` holds the examples

    // m, the number of examples.
    std::size_t size() const { return labels.size(); }
    // The values per example: 784 for MNIST.
    std::size_t features() const { return bytes.empty() ? X.cols() : image_rows * image_cols; }
    // x(i, p): value p of example i, whichever way it is held.
    float x(std::size_t i, std::size_t p) const {
        return bytes.empty() ? X(i, p) : value[bytes[i * features() + p]];
    }
};

// The examples of one step. Kept between steps so that its memory is allocated once, not once per batch.
// `from` and `examples` say where gather_batch copied X from: row i of X is example examples[i] of
// *from. On two cores, a thread of the fast step converts the rows again into its own cache rather
// than read X from the other core's (fast/step_rows.cpp). A batch filled otherwise has from == null;
// whoever changes X after gather_batch must set it so.
struct Batch {
    Matrix<float> X;
    std::vector<std::uint8_t> labels;
    const Dataset* from = nullptr;
    std::vector<std::size_t> examples;
    std::vector<std::size_t> next;  // the examples of the next batch in the order, to request early
};

// Copies examples order[begin..end) of data into batch (X rows and labels), and notes where from.
// Throws std::invalid_argument unless begin <= end <= order.size().
void gather_batch(const Dataset& data, const std::vector<std::size_t>& order, std::size_t begin,
                  std::size_t end, Batch& batch);

// X = the rows examples[0..count) of data, as gather_batch copies them (the same floats), on the
// calling thread.
void gather_examples(const Dataset& data, const std::size_t* examples, std::size_t count, Matrix<float>& X);

// 0, 1, ..., n-1: the examples in file order (shuffled in place each epoch by train_epoch).
std::vector<std::size_t> identity_order(std::size_t n);

// The examples grouped by label: those of label 0 in file order, then label 1, and so on. evaluate()
// visits them so (nn/metrics.cpp): images of one digit share more of their nonzero pixels, so more of
// the fast product's steps are zero for a whole tile of rows (docs/performance.md, "Skipping the zero pixels").
std::vector<std::size_t> label_order(const Dataset& d);

// Keeps only the first n examples of d (for quick runs). Throws std::invalid_argument unless
// 1 <= n <= d.size().
void keep_first(Dataset& d, std::size_t n);

}  // namespace nn
