// Batches out of a data set, the identity order, and the first-n cut of --train-limit.
// How a batch maps onto a matrix: docs/02-neuron-and-layer.md.
#include "data/dataset.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/backend.hpp"

namespace nn {
namespace {

// d when every entry of the table is value[b] = b / d, computed in float as the loader and
// set_pixels compute it (d = 255 for pixels in [0, 1], d = 1 for raw pixels); else 0. Then a byte
// can be converted by that division instead of a lookup: the same float, and a loop the compiler
// turns into vector code, 16 pixels at a time, where the lookup stays one pixel at a time
// (docs/performance.md, "Issue 17, fourth session").
// Called for every batch, so the two tables are made once (online SGD gathers 60000 batches an epoch).
std::array<float, 256> divided_bytes(float d) {
    std::array<float, 256> table{};
    for (int b = 0; b < 256; ++b) table[b] = float(b) / d;
    return table;
}

float table_divisor(const std::array<float, 256>& value) {
    static const std::array<float, 256> unit = divided_bytes(255.0f), raw = divided_bytes(1.0f);
    if (value == unit) return 255.0f;
    if (value == raw) return 1.0f;
    return 0.0f;
}

// to[p] = from[p] / d for n bytes, as a function of its own: d a value and the pointers __restrict,
// so that the compiler knows no store to `to` changes d or the bytes. Inside gather_batch's lambda,
// g++ read d from memory for every pixel and converted the last 16 of a row's 784 one by one
// (gather at 2 threads: 0.016-0.017 -> about 0.016 s an epoch, mnist_bench data steps; at one
// thread, where the divisions take the time, no change). A multiply and two fused multiply-adds
// would give the same floats sooner, but no step was measurably faster.
void divide_bytes(const std::uint8_t* __restrict from, std::size_t n, float d, float* __restrict to) {
    for (std::size_t p = 0; p < n; ++p) to[p] = float(from[p]) / d;
}

// Rows examples[0..count) of data's bytes, each byte the float it stands for, to X's rows from `to` on.
void convert_rows(const Dataset& data, const std::size_t* examples, std::size_t count, float* to) {
    const std::size_t cols = data.features();
    const float d = table_divisor(data.value);
    for (std::size_t r = 0; r < count; ++r, to += cols) {
        const std::uint8_t* from = data.bytes.data() + examples[r] * cols;
        if (d != 0.0f) {
            divide_bytes(from, cols, d, to);  // to[p] = value[from[p]]
        } else {
            for (std::size_t p = 0; p < cols; ++p) to[p] = data.value[from[p]];
        }
    }
}

}  // namespace

void gather_batch(const Dataset& data, const std::vector<std::size_t>& order, std::size_t begin,
                  std::size_t end, Batch& batch) {
    if (begin > end || end > order.size())
        throw std::invalid_argument("gather_batch: expected 0 <= begin <= end <= " + std::to_string(order.size()) +
                                    ", found begin " + std::to_string(begin) + ", end " + std::to_string(end));
    if (data.bytes.empty()) {
        gather_rows(data.X, order.data() + begin, end - begin, batch.X);
    } else {  // each byte becomes the float it stands for: the numbers X would have held
        const std::size_t cols = data.features();
        batch.X.resize(end - begin, cols);
        const auto convert = [&](std::size_t r0, std::size_t r1) {
            // The next batch's images, asked for now so that they come from memory while this step
            // computes (a hint only: no value changes). Up to 256 images (200 KB), which wait in the
            // core's cache; gathering was a tenth of an online step of 784-64-10 and of a batch-64
            // step. Each thread asks for the rows it will convert next time, its own rows of the next
            // batch: asked for by one thread, half of them waited in the other core's cache, and the
            // thread that asked waited for all of them (default epoch 0.220 -> 0.213 s at 2 threads,
            // medians of 8 alternated runs).
            if (end - begin <= 256)
                for (std::size_t r = end + r0; r < std::min(order.size(), end + r1); ++r)
                    for (std::size_t p = 0; p < cols; p += 64) __builtin_prefetch(data.bytes.data() + order[r] * cols + p);
            convert_rows(data, order.data() + begin + r0, r1 - r0, batch.X.row(r0));
        };
        for_row_blocks<float>(end - begin, convert);  // one loop; all threads with the fast engine
    }
    batch.labels.resize(end - begin);
    for (std::size_t r = 0; r < end - begin; ++r) batch.labels[r] = data.labels[order[begin + r]];
    batch.from = &data;
    const auto at = [&order](std::size_t i) { return order.begin() + static_cast<std::ptrdiff_t>(i); };
    batch.examples.assign(at(begin), at(end));
    batch.next.assign(at(end), at(std::min(order.size(), end + (end - begin))));
}

void gather_examples(const Dataset& data, const std::size_t* examples, std::size_t count, Matrix<float>& X) {
    if (data.bytes.empty()) return gather_rows(data.X, examples, count, X);
    X.resize(count, data.features());
    convert_rows(data, examples, count, X.data());
}

std::vector<std::size_t> identity_order(std::size_t n) {
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    return order;
}

std::vector<std::size_t> label_order(const Dataset& d) {
    std::array<std::size_t, 257> start{};  // start[y + 1]: examples of label y, then summed into starts
    for (const std::uint8_t y : d.labels) ++start[y + 1u];
    for (std::size_t y = 1; y < start.size(); ++y) start[y] += start[y - 1];
    std::vector<std::size_t> order(d.size());
    for (std::size_t i = 0; i < d.size(); ++i) order[start[d.labels[i]]++] = i;
    return order;
}

void keep_first(Dataset& d, std::size_t n) {
    if (n == 0 || n > d.size())
        throw std::invalid_argument("keep_first: expected 1 to " + std::to_string(d.size()) +
                                    " examples, found " + std::to_string(n));
    if (!d.bytes.empty()) {
        d.bytes.resize(n * d.features());  // the first n images
        d.bytes.shrink_to_fit();
    } else {
        Matrix<float> X(n, d.X.cols());
        for (std::size_t k = 0; k < X.size(); ++k) X[k] = d.X[k];  // the first n rows, row-major
        d.X = std::move(X);
    }
    d.labels.resize(n);
}

}  // namespace nn
