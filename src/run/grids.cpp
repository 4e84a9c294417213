// The run grids of `mnist compare` and `mnist sweep`: configurations only, nothing is trained here.
// docs/experiments.md describes both assignments.
#include "run/grids.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace nn {

std::vector<RunConfig> compare_grid(const RunConfig& base, const std::vector<Activation>& activations,
                                    const std::vector<std::size_t>& batch_sizes, const std::vector<double>& etas) {
    if (etas.size() != batch_sizes.size())
        throw std::invalid_argument("compare_grid: expected one learning rate per batch size (" +
                                    std::to_string(batch_sizes.size()) + "), found " + std::to_string(etas.size()));
    std::vector<RunConfig> grid;
    for (Activation a : activations)
        for (std::size_t i = 0; i < batch_sizes.size(); ++i) {
            RunConfig c = base;
            c.activation = a;
            c.batch_size = batch_sizes[i];
            c.eta = etas[i];
            c.init = default_init(a);
            c.label = std::string(name(a)) + "-" +
                      (batch_sizes[i] == 1 ? std::string("online") : "batch" + std::to_string(batch_sizes[i]));
            // A batch size listed twice (another learning rate): the rate joins the label, e.g.
            // "relu-batch64-lr0.64", so that labels and file names stay unique.
            if (std::count(batch_sizes.begin(), batch_sizes.begin() + static_cast<std::ptrdiff_t>(i), batch_sizes[i])) {
                char rate[32];
                std::snprintf(rate, sizeof rate, "-lr%g", etas[i]);
                c.label += rate;
            }
            grid.push_back(c);
        }
    return grid;
}

std::vector<RunConfig> sweep_grid(const RunConfig& base, const std::vector<std::size_t>& hidden_sizes) {
    std::vector<RunConfig> grid;
    for (std::size_t h : hidden_sizes) {
        RunConfig c = base;
        c.layers = {base.layers.front(), h, base.layers.back()};
        c.label = "hidden" + std::to_string(h);
        grid.push_back(c);
    }
    return grid;
}

}  // namespace nn
