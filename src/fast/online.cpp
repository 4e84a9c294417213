// The online shortcut: backward without dW1, and W1 updated row by row from x and delta1.
// The plain step it replaces: nn/sgd.cpp (backprop_and_update); the derivation: docs/07-sgd.md#eq-7-1.
#include "fast/online.hpp"

#include <cmath>

#include "nn/sgd.hpp"

namespace nn {

void online_learn(Network<float>& net, const Batch& batch, float eta) {
    const Matrix<float>& x = batch.X;
    Layer<float>& first = net.layers.front();
    require_shape("online_learn: x", x, 1, first.W.rows());
    // Backward as Network::backward, but for the first layer only db1 = 1^T delta1 (6.6).
    net.output_delta(batch.labels);
    for (std::size_t l = net.layers.size(); l-- > 1;) net.backward_layer(l, x);
    column_sums(first.delta, first.db);
    for (std::size_t l = 1; l < net.layers.size(); ++l) {
        sgd_step(net.layers[l].W, net.layers[l].dW, eta);
        sgd_step(net.layers[l].b, net.layers[l].db, eta);
    }
    sgd_step(first.b, first.db, eta);
    const float* delta = first.delta.data();
    // Where x_p = 0 (most pixels of an MNIST digit), dW1(p,j) = 0 + 0 * delta_j = +0 and
    // w - eta * 0 = w exactly, so the row is skipped; unless eta or a delta_j is infinite or NaN,
    // where 0 * inf = NaN must reach W as it would on the general path.
    bool finite = std::isfinite(eta);
    for (std::size_t j = 0; j < first.delta.cols(); ++j) finite = finite && std::isfinite(delta[j]);
    for (std::size_t p = 0; p < first.W.rows(); ++p) {
        const float x_p = x(0, p);
        if (x_p == 0.0f && finite) continue;
        float* w = first.W.row(p);
        for (std::size_t j = 0; j < first.W.cols(); ++j) {
            const float dW = 0.0f + x_p * delta[j];  // dW1(p,j) as matmul_at's one-term sum gives it
            w[j] -= eta * dW;                        // as subtract_scaled
        }
    }
}

}  // namespace nn
