// The fact "W1 is finite" kept by a training step (fast/finite_weights.hpp): the forward pass that
// uses it, and the watch on the update that keeps it. docs/performance.md, "Skipping the zero pixels".
#include "fast/finite_weights.hpp"

#include "fast/zero_steps.hpp"

namespace nn {
namespace {

thread_local const void* finite_weights = nullptr;  // known_finite_weights()
thread_local WatchedUpdate* watch = nullptr;        // watched_update()

}  // namespace

Forward forward_knowing(std::shared_ptr<FiniteW1> fact) {
    return [fact](Network<float>& net, const Matrix<float>& X, Rng& rng) {
        const Matrix<float>& W1 = net.layers.front().W;
        if (!fact->checked) *fact = {true, all_finite(W1.data(), W1.size())};
        struct Hint {  // set for this forward pass only, even when it throws
            explicit Hint(const void* w) : previous(finite_weights) { finite_weights = w; }
            ~Hint() { finite_weights = previous; }
            const void* previous;
        } hint(fact->finite ? W1.data() : nullptr);
        net.forward_train(X, rng);
    };
}

const void* known_finite_weights() { return finite_weights; }

W1ReadOnce::W1ReadOnce(const Network<float>& net) : previous_(finite_weights) {
    if (net.layers.empty()) return;
    const Matrix<float>& W1 = net.layers.front().W;
    finite_weights = all_finite(W1.data(), W1.size()) ? W1.data() : nullptr;
}

W1ReadOnce::~W1ReadOnce() { finite_weights = previous_; }

WatchedUpdate::WatchedUpdate(const void* w) : W(w) { watch = this; }
WatchedUpdate::~WatchedUpdate() { watch = nullptr; }

WatchedUpdate* watched_update(const void* theta) { return watch && watch->W == theta ? watch : nullptr; }

TrainStep batch_step() {
    const auto known = std::make_shared<FiniteW1>();
    TrainStep step;
    step.forward = forward_knowing(known);
    step.learn = [known](Network<float>& net, const Batch& batch, float eta) {
        const WatchedUpdate update(net.layers.front().W.data());
        backprop_and_update(net, batch, eta);
        // Every value of W1 was written (or the watch did not see the update: then read W1 again).
        *known = {update.updated, !update.wrote_non_finite};
    };
    return step;
}

}  // namespace nn
