// The confusion matrix of a classifier on a data set, and the list of its mistakes.
// How to read it: docs/experiments.md (section "Pictures").
#include "output/confusion.hpp"

#include <algorithm>
#include <cstdio>

#include "nn/metrics.hpp"

namespace nn {

Confusion confusion_matrix(Network<float>& net, const Dataset& data, std::size_t chunk) {
    const std::size_t classes = net.sizes().back();
    Confusion c;
    c.counts.assign(classes, std::vector<std::size_t>(classes, 0));
    for_each_chunk(net, data, identity_order(data.size()), chunk, [&](const Matrix<float>& p, const Batch& batch, std::size_t first) {
        const std::vector<int> predicted = argmax_rows(p);
        for (std::size_t i = 0; i < predicted.size(); ++i) {
            const int y = batch.labels[i], k = predicted[i];
            if (static_cast<std::size_t>(y) < classes) ++c.counts[y][k];
            if (y != k) c.mistakes.push_back({first + i, y, k, p(i, k)});
        }
    });
    return c;
}

std::string confusion_text(const Confusion& c, const std::vector<std::string>& names) {
    const std::size_t n = c.counts.size();
    const auto label = [&](std::size_t k) { return (k < names.size() ? names[k] : std::to_string(k)).substr(0, 10); };
    char cell[128];
    std::string text = "true\\pred   ";
    for (std::size_t k = 0; k < n; ++k) {
        std::snprintf(cell, sizeof cell, "%8s", label(k).substr(0, 7).c_str());
        text += cell;
    }
    text += "   recall\n";
    std::size_t correct = 0, total = 0;
    for (std::size_t r = 0; r < n; ++r) {
        std::snprintf(cell, sizeof cell, "%-12s", label(r).c_str());
        text += cell;
        std::size_t row_total = 0;
        for (std::size_t k = 0; k < n; ++k) {
            std::snprintf(cell, sizeof cell, "%8zu", c.counts[r][k]);
            text += cell;
            row_total += c.counts[r][k];
        }
        correct += c.counts[r][r];
        total += row_total;
        std::snprintf(cell, sizeof cell, "  %6.2f %%\n", row_total ? 100.0 * c.counts[r][r] / row_total : 0.0);
        text += cell;
    }
    std::snprintf(cell, sizeof cell, "rows: true class, columns: predicted class; accuracy %.2f %% (%zu of %zu)\n",
                  total ? 100.0 * correct / total : 0.0, correct, total);
    return text + cell;
}

}  // namespace nn
