// The fact "W1 is finite" kept by a training step (fast/finite_weights.hpp): the forward pass that
// uses it, and the update of W1 that keeps it. docs/performance.md, "Skipping the zero pixels".
#include "fast/finite_weights.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>

#include "core/matrix.hpp"
#include "fast/engine.hpp"
#include "fast/matmul_kernels.hpp"
#include "fast/parallel.hpp"
#include "fast/step_rows.hpp"
#include "fast/zero_steps.hpp"

namespace nn {
namespace {

thread_local const void* finite_weights = nullptr;  // known_finite_weights()
thread_local AlignedW1 aligned_w1;                  // known_aligned_w1()

}  // namespace

void check_w1_once(FiniteW1& fact, const Matrix<float>& W1) {
    if (!fact.checked) fact = {true, all_finite(W1.data(), W1.size())};
}

Forward forward_knowing(std::shared_ptr<FiniteW1> fact) {
    return [fact](Network<float>& net, const Batch& batch, Rng& rng) {
        const Matrix<float>& W1 = net.layers.front().W;
        check_w1_once(*fact, W1);
        struct Hint {  // set for this forward pass only, even when it throws
            explicit Hint(const void* w) : previous(finite_weights) { finite_weights = w; }
            ~Hint() { finite_weights = previous; }
            const void* previous;
        } hint(fact->finite ? W1.data() : nullptr);
        net.forward_train(batch.X, rng);
        return net.loss(batch.labels);
    };
}

const void* known_finite_weights() { return finite_weights; }

W1ReadOnce::W1ReadOnce(const Network<float>& net) : previous_(finite_weights) {
    if (net.layers.empty()) return;
    const Matrix<float>& W1 = net.layers.front().W;
    finite_weights = all_finite(W1.data(), W1.size()) ? W1.data() : nullptr;
}

W1ReadOnce::~W1ReadOnce() { finite_weights = previous_; }

std::size_t aligned_row_length(std::size_t cols) {
    constexpr std::size_t line = 64 / sizeof(float);
    return (cols + line - 1) / line * line;
}

float* copy_to_aligned_rows(const Matrix<float>& W1, std::vector<float>& storage) {
    const std::size_t stride = aligned_row_length(W1.cols());
    float* rows = line_aligned(storage, W1.rows() * stride);  // the padding past each row stays 0
    for (std::size_t p = 0; p < W1.rows(); ++p)
        std::copy(W1.data() + p * W1.cols(), W1.data() + (p + 1) * W1.cols(), rows + p * stride);
    return rows;
}

AlignedW1Copy::AlignedW1Copy(const Network<float>& net) : previous_(aligned_w1) {
    if (net.layers.empty()) return;
    const Matrix<float>& W1 = net.layers.front().W;
    aligned_w1 = {W1.data(), copy_to_aligned_rows(W1, copy_), aligned_row_length(W1.cols())};
}

AlignedW1Copy::~AlignedW1Copy() { aligned_w1 = previous_; }

const AlignedW1& known_aligned_w1() { return aligned_w1; }

void W1Aside::take(const Matrix<float>& W1) {
    rows = copy_to_aligned_rows(W1, storage);
    stride = aligned_row_length(W1.cols());
    ahead = false;
}

void W1Aside::settle(Matrix<float>& W1) {
    if (!ahead) return;
    for (std::size_t p = 0; p < W1.rows(); ++p) std::copy(rows + p * stride, rows + p * stride + W1.cols(), W1.row(p));
    ahead = false;
}

AlignedW1Hint::AlignedW1Hint(const Matrix<float>& W1, const W1Aside* aside) : previous_(aligned_w1) {
    if (aside) aligned_w1 = {W1.data(), aside->rows, aside->stride};
}

AlignedW1Hint::~AlignedW1Hint() { aligned_w1 = previous_; }

void learn_all_but_w1(Network<float>& net, const Batch& batch, float eta) {
    Layer<float>& first = net.layers.front();
    net.output_delta(batch.labels);
    for (std::size_t l = net.layers.size(); l-- > 1;) net.backward_layer(l, batch.X);
    column_sums(first.delta, first.db);  // db1 = 1^T delta1 (6.6); dW1 is left to the caller
    for (std::size_t l = 1; l < net.layers.size(); ++l) {
        sgd_step(net.layers[l].W, net.layers[l].dW, eta);
        sgd_step(net.layers[l].b, net.layers[l].db, eta);
    }
    sgd_step(first.b, first.db, eta);
}

bool subtract_gradient_w1(Network<float>& net, const Matrix<float>& X, float eta) {
    Layer<float>& first = net.layers.front();
    const Matrix<float>& delta = first.delta;
    Matrix<float>& W1 = first.W;
    require_shape("batch_step: X", X, delta.rows(), W1.rows());
    require_shape("batch_step: delta1", delta, X.rows(), W1.cols());
    std::atomic<bool> wrote_non_finite{false};
    // X^T delta1 as fast_matmul_at computes it (fast/engine.cpp), subtracted from W1 instead of stored.
    Product<float> P{X.data(), 1, X.cols(), delta.data(), delta.cols(), 1, W1.data(), W1.rows(), W1.cols(), X.rows()};
    P.subtract = true;
    P.eta = eta;
    P.wrote_non_finite = &wrote_non_finite;
    blocked_product(P);
    return !wrote_non_finite;
}

TrainStep batch_step() {
    const auto known = std::make_shared<FiniteW1>();
    // A small W1 (784-64 and below) gains nothing: its product is not listed (fewer than 64
    // columns) or cheap to check, and its update is faster as two passes (kSubtractInTiles). Its
    // step runs on this thread alone: split, its products cost more in waits and in lines moved
    // between the cores than they save (784-64-10 at 2 threads: 0.13 -> 0.07 s an epoch, docs/
    // performance.md, "Issue 17, twelfth session").
    const auto small = [](const Network<float>& net) { return net.layers.front().W.size() < kSubtractInTiles; };
    TrainStep step;
    // Whether the last forward pass split the small operations by rows (fast/step_rows.hpp), so that
    // learn finishes what it started, the dh it keeps, and W1 as that split keeps it (held: taken and
    // not changed since outside it). The batches are gathered on the calling thread while the step
    // takes either of the ways that read them only there (gather_here), from the next batch on.
    struct ByRows {
        bool taken = false;
        StepParts parts;
        W1Aside w1;
        bool held = false;
        std::optional<GatherHere> gather_here;
    };
    const auto by_rows = std::make_shared<ByRows>();
    step.forward = [small, known, by_rows, knowing = forward_knowing(known)](Network<float>& net,
                                                                             const Batch& batch, Rng& rng) {
        Matrix<float>& W1 = net.layers.front().W;
        by_rows->taken = !small(net) && fits_step_by_rows(net, batch);
        const bool reads_batch_here = small(net) || by_rows->taken;
        if (!reads_batch_here) by_rows->gather_here.reset();
        else if (!by_rows->gather_here) by_rows->gather_here.emplace();
        if (!by_rows->taken) {  // the other paths read and write W1 itself
            by_rows->w1.settle(W1);
            by_rows->held = false;
        }
        if (small(net)) {
            const OnThisThread here;
            net.forward_train(batch.X, rng);
            return net.loss(batch.labels);
        }
        if (!by_rows->taken) return knowing(net, batch, rng);
        if (!by_rows->held) {
            by_rows->w1.take(W1);
            by_rows->held = true;
        }
        check_w1_once(*known, W1);  // W1 is as taken until the first update, which sets the fact
        // The small operations on all threads, z1 from W1 kept aside.
        return forward_by_rows(net, batch, known->finite, by_rows->parts, by_rows->w1);
    };
    step.settle = [by_rows](Network<float>& net) {
        by_rows->w1.settle(net.layers.front().W);
        if (by_rows->taken) settle_layers(net, by_rows->parts);
    };
    step.learn = [known, small, by_rows](Network<float>& net, const Batch& batch, float eta) {
        if (small(net)) {
            const OnThisThread here;
            return backprop_and_update(net, batch, eta);
        }
        if (by_rows->taken) {
            *known = {true, learn_by_units(net, batch, eta, by_rows->w1, by_rows->parts)};
            return;
        }
        learn_all_but_w1(net, batch, eta);
        // Every value of W1 is written: W1 is finite after the step exactly when every value written is.
        *known = {true, subtract_gradient_w1(net, batch.X, eta)};
    };
    return step;
}

}  // namespace nn
