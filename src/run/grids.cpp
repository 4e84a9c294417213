// The run grids of `mnist compare` and `mnist sweep`: configurations only, nothing is trained here.
// docs/experiments.md describes both assignments.
#include "run/grids.hpp"

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
