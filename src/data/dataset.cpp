// Batches out of a data set, the identity order, and the first-n cut of --train-limit.
// How a batch maps onto a matrix: docs/02-neuron-and-layer.md.
#include "data/dataset.hpp"

#include <stdexcept>
#include <string>

namespace nn {

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
        for (std::size_t r = 0; r < end - begin; ++r) {
            const std::uint8_t* from = data.bytes.data() + order[begin + r] * cols;
            float* to = batch.X.row(r);
            for (std::size_t p = 0; p < cols; ++p) to[p] = data.value[from[p]];
        }
    }
    batch.labels.resize(end - begin);
    for (std::size_t r = 0; r < end - begin; ++r) batch.labels[r] = data.labels[order[begin + r]];
}

std::vector<std::size_t> identity_order(std::size_t n) {
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
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
