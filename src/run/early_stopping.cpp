// Early stopping on the validation loss. Derivation: docs/20-early-stopping.md.
#include "run/early_stopping.hpp"

namespace nn {

// docs/20-early-stopping.md#eq-20-1
bool EarlyStopping::should_stop(std::size_t epoch, double validation_loss, const Network<float>& net) {
    if (validation_loss < best_loss) {  // a new lowest: remember these parameters
        best_loss = validation_loss;
        best_epoch = epoch;
        best.clear();
        for (const Layer<float>& layer : net.layers) {
            best.push_back(layer.W);
            best.push_back(layer.b);
        }
    }
    return patience > 0 && epoch - best_epoch >= patience;
}

void EarlyStopping::restore_best(Network<float>& net) const {
    if (best.empty()) return;
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        net.layers[l].W = best[2 * l];
        net.layers[l].b = best[2 * l + 1];
    }
}

}  // namespace nn
