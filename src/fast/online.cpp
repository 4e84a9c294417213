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

// online_learn's step, with W1's row p at w1 + p * stride (W1 itself, or as the online step keeps it
// aside). Returns true when every value it wrote to W1 is finite and it left the other values of W1
// as they were: then W1 is finite after the step if it was before.
bool learn_one(Network<float>& net, const Batch& batch, float eta, float* w1, std::size_t stride) {
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
        float* w = w1 + p * stride;
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

void online_learn(Network<float>& net, const Batch& batch, float eta) {
    Matrix<float>& W1 = net.layers.front().W;
    learn_one(net, batch, eta, W1.data(), W1.cols());
}

TrainStep online_step() {
    // The fact "W1 is finite", and while it holds W1 kept aside in rows on cache lines (W1Aside):
    // 784-300-10 online 0.74 -> 0.65 s an epoch (docs/performance.md, "Issue 17, tenth session").
    struct State {
        std::shared_ptr<FiniteW1> known = std::make_shared<FiniteW1>();
        W1Aside w1;
        bool held = false;  // taken, and W1 has not changed since but through the copy
    };
    const auto s = std::make_shared<State>();
    TrainStep step;
    step.forward = [s, knowing = forward_knowing(s->known)](Network<float>& net, const Batch& batch, Rng& rng) {
        Matrix<float>& W1 = net.layers.front().W;
        if (!s->known->checked) {  // the first step, or after an update that may have written an infinity
            s->w1.settle(W1);
            s->held = false;
            check_w1_once(*s->known, W1);
        }
        if (s->known->finite && !s->held) {
            s->w1.take(W1);
            s->held = true;
        }
        const AlignedW1Hint aside(W1, s->held ? &s->w1 : nullptr);  // z1 = x W1 from the copy
        return knowing(net, batch, rng);
    };
    step.learn = [s](Network<float>& net, const Batch& batch, float eta) {
        Matrix<float>& W1 = net.layers.front().W;
        const bool aside = s->held;
        if (!learn_one(net, batch, eta, aside ? s->w1.rows : W1.data(), aside ? s->w1.stride : W1.cols()))
            s->known->checked = false;  // W1 may no longer be finite: read it again
        if (aside) s->w1.ahead = true;
    };
    step.settle = [s](Network<float>& net) { s->w1.settle(net.layers.front().W); };
    return step;
}

}  // namespace nn
