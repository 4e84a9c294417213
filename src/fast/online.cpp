// The online shortcut: backward without dW1, W1 updated row by row from x and delta1, and a forward
// pass that reads only the rows of W1 where x_p != 0 while W1 is known to be finite.
// The plain step it replaces: nn/sgd.cpp (backprop_and_update); the derivation: docs/07-sgd.md#eq-7-1.
#include "fast/online.hpp"

#include <cmath>
#include <cstdint>
#include <memory>
#include <numeric>
#include <vector>

#include "fast/zero_steps.hpp"

namespace nn {
namespace {

// online_learn's step. Returns true when every value it wrote to W1 is finite and it left the other
// values of W1 as they were: then W1 is finite after the step if it was before.
bool learn_one(Network<float>& net, const Batch& batch, float eta) {
    const Matrix<float>& x = batch.X;
    Layer<float>& first = net.layers.front();
    require_shape("online_learn: x", x, 1, first.W.rows());
    // Backward as Network::backward, but for the first layer only db1 = 1^T delta1 (6.6).
    learn_all_but_w1(net, batch, eta);
    const float* delta = first.delta.data();
    // Where x_p = 0 (most pixels of an MNIST digit), dW1(p,j) = 0 + 0 * delta_j = +0 and
    // w - eta * 0 = w exactly, so the row is skipped; unless eta or a delta_j is infinite or NaN,
    // where 0 * inf = NaN must reach W as it would on the general path.
    const bool finite = std::isfinite(eta) && all_finite(delta, first.delta.cols());
    thread_local std::vector<std::uint32_t> rows;  // the p to update: x_p != 0, or all of them
    if (finite) {
        list_nonzero(x.data(), x.cols(), rows);
    } else {
        rows.resize(x.cols());
        std::iota(rows.begin(), rows.end(), 0u);
    }
    bool written_finite = true;
    for (const std::uint32_t p : rows) {
        const float x_p = x(0, p);
        float* w = first.W.row(p);
        unsigned not_finite = 0;
        for (std::size_t j = 0; j < first.W.cols(); ++j) {
            const float dW = 0.0f + x_p * delta[j];  // dW1(p,j) as matmul_at's one-term sum gives it
            w[j] -= eta * dW;                        // as subtract_scaled
            not_finite |= !(w[j] - w[j] == 0.0f);    // inf - inf and NaN - NaN are NaN, never 0
        }
        written_finite = written_finite && not_finite == 0;
    }
    return finite && written_finite;
}

}  // namespace

void online_learn(Network<float>& net, const Batch& batch, float eta) { learn_one(net, batch, eta); }

TrainStep online_step() {
    const auto known = std::make_shared<FiniteW1>();
    TrainStep step;
    step.forward = forward_knowing(known);
    step.learn = [known](Network<float>& net, const Batch& batch, float eta) {
        if (!learn_one(net, batch, eta)) known->checked = false;  // W1 may no longer be finite: read it again
    };
    return step;
}

}  // namespace nn
