// Accuracy and whole-data-set evaluation. What each epoch reports: docs/07-sgd.md#what-an-epoch-reports.
#include "nn/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace nn {

// The sum of (4.6): docs/04-losses.md#eq-4-6
template <typename T>
std::size_t count_correct(const Matrix<T>& p, const std::vector<std::uint8_t>& labels) {
    if (labels.size() != p.rows())
        throw std::invalid_argument("count_correct: expected " + std::to_string(p.rows()) +
                                    " labels, found " + std::to_string(labels.size()));
    const std::vector<int> predicted = argmax_rows(p);
    std::size_t correct = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) correct += predicted[i] == labels[i];
    return correct;
}

void for_each_chunk(Network<float>& net, const Dataset& data, const std::vector<std::size_t>& order,
                    std::size_t chunk, const VisitChunk& visit) {
    if (chunk == 0) throw std::invalid_argument("for_each_chunk: expected a chunk of at least 1 row, found 0");
    Batch batch;
    for (std::size_t start = 0; start < order.size(); start += chunk) {
        gather_batch(data, order, start, std::min(order.size(), start + chunk), batch);
        visit(net.forward(batch.X), batch, start);
    }
}

// Mean loss (4.4) and accuracy (4.6) over a data set: docs/04-losses.md#eq-4-6
Evaluation evaluate(Network<float>& net, const Dataset& data, std::size_t chunk) {
    Evaluation result;
    result.count = data.size();
    if (data.size() == 0) return result;
    double loss_sum = 0;
    for_each_chunk(net, data, label_order(data), chunk, [&](const Matrix<float>& p, const Batch& batch, std::size_t) {
        // loss() is a mean over the chunk; weight it by the chunk's size for the overall mean. One
        // rounding (std::fma), so that no compiler's choice to fuse or not changes the sum.
        loss_sum = std::fma(net.loss(batch.labels), static_cast<double>(batch.labels.size()), loss_sum);
        result.correct += count_correct(p, batch.labels);
    });
    result.loss = loss_sum / static_cast<double>(data.size());
    result.accuracy = static_cast<double>(result.correct) / static_cast<double>(data.size());
    return result;
}

template std::size_t count_correct(const Matrix<float>&, const std::vector<std::uint8_t>&);
template std::size_t count_correct(const Matrix<double>&, const std::vector<std::uint8_t>&);

}  // namespace nn
