// A mini-batch step split over the threads by hidden units from z1 to the update of W1
// (fast/step_rows.hpp). docs/performance.md, "Issue 17, eleventh session".
#include "fast/step_rows.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <thread>
#include <vector>

#include "core/matrix.hpp"
#include "fast/finite_weights.hpp"
#include "fast/matmul_kernels.hpp"
#include "fast/parallel.hpp"
#include "nn/activations.hpp"

namespace nn {
namespace {

using Clock = std::chrono::steady_clock;

// The hidden units are dealt out in blocks of 16: whole 64-byte lines of the rows of W1 kept aside,
// so that no line is written by two threads.
constexpr std::size_t kUnitBlock = 16;
// Every this many steps the split is moved towards the threads' speeds (StepParts::bounds).
constexpr std::size_t kRebalanceSteps = 16;

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// An even split of n1 units into `parts` runs of whole blocks.
void split_evenly(std::vector<std::size_t>& bounds, std::size_t n1, std::size_t parts) {
    const std::size_t blocks = (n1 + kUnitBlock - 1) / kUnitBlock;
    bounds.resize(parts + 1);
    for (std::size_t t = 0; t <= parts; ++t) bounds[t] = std::min(n1, blocks * t / parts * kUnitBlock);
}

// Moves each bound between two threads by at most one block towards the split that would have
// given them equal busy times over the last steps, each thread's time per unit as measured. A
// thread of the VM may run at two thirds of the other's speed for seconds at a time (another
// guest on its core); which values are computed does not depend on the split, only who computes them.
void rebalance(StepParts& s, std::size_t n1) {
    const std::size_t parts = s.bounds.size() - 1;
    for (std::size_t t = 0; t < parts; ++t)
        if (s.bounds[t + 1] == s.bounds[t] || s.busy[t] <= 0) return;  // nothing measured: keep the split
    std::vector<double>& speed = s.busy;  // from here on, units per second of busy time (no allocation)
    double total = 0;
    for (std::size_t t = 0; t < parts; ++t) {
        speed[t] = static_cast<double>(s.bounds[t + 1] - s.bounds[t]) / s.busy[t];
        total += speed[t];
    }
    double before = 0;  // units before bound t + 1 in the ideal split
    for (std::size_t t = 0; t + 1 < parts; ++t) {
        before += static_cast<double>(n1) * speed[t] / total;
        std::size_t& b = s.bounds[t + 1];
        if (before > static_cast<double>(b + kUnitBlock) - 0.5 * kUnitBlock && b + kUnitBlock < s.bounds[t + 2])
            b += kUnitBlock;
        else if (before < static_cast<double>(b) - 0.5 * kUnitBlock && b >= s.bounds[t] + 2 * kUnitBlock)
            b -= kUnitBlock;
    }
    std::fill(s.busy.begin(), s.busy.end(), 0.0);
}

// Waits until the chain of z2's partial sums has reached `stage` (thread `stage` may add its part).
// Polls, yielding the core now and then: with more threads than cores, the one waited for needs it.
void wait_for(const std::atomic<std::size_t>& chain, std::size_t stage) {
    for (unsigned polls = 1; chain.load(std::memory_order_acquire) < stage; ++polls)
        if (polls % 64 == 0) std::this_thread::yield();
}

// Every example from z2 (with b2) to delta2: p = softmax(z2), delta2 = (p - y) / m, and the loss
// terms of examples [l0, l1). Each line computes what the nn/ function named beside it computes,
// with the same expression.
void output_rows(const Matrix<float>& z2, const Batch& batch, Matrix<float>& p_out, Matrix<float>& delta2,
                 double* loss_terms, std::size_t l0, std::size_t l1) {
    const std::size_t m = z2.rows(), n2 = z2.cols();
    p_out.resize(m, n2);
    delta2.resize(m, n2);
    const float inv_m = 1.0f / static_cast<float>(m);
    for (std::size_t i = 0; i < m; ++i) {
        const float* z = z2.row(i);
        float* p = p_out.row(i);
        const float zmax = *std::max_element(z, z + n2);  // softmax_forward
        float sum = 0;
        for (std::size_t j = 0; j < n2; ++j) {
            p[j] = std::exp(z[j] - zmax);
            sum += p[j];
        }
        for (std::size_t j = 0; j < n2; ++j) p[j] /= sum;
        const std::uint8_t label = batch.labels[i];
        if (i >= l0 && i < l1) {  // cross_entropy_loss, one example's term
            const double z_max = static_cast<double>(zmax);
            double e = 0.0;
            for (std::size_t j = 0; j < n2; ++j) e += std::exp(static_cast<double>(z[j]) - z_max);
            loss_terms[i] = z_max + std::log(e) - static_cast<double>(z[label]);
        }
        float* d = delta2.row(i);  // softmax_cross_entropy_backward: (p - y)/m
        for (std::size_t j = 0; j < n2; ++j) d[j] = p[j] * inv_m;
        d[label] = (p[label] - 1.0f) * inv_m;
    }
}

// dh = delta2 W2^T for units [j0, j1) (dense_backward's matmul_bt), then delta1 = dh f'(z1) by the
// function backward_layer calls, on this thread's columns.
void backward_units(Activation f, const Matrix<float>& W2, const Matrix<float>& delta2, StepParts::Part& own,
                    std::size_t j0, std::size_t j1) {
    const std::size_t m = delta2.rows(), n2 = delta2.cols(), units = j1 - j0;
    own.dh.resize(m, units);
    own.delta1.resize(m, units);
    blocked_product(Product<float>{delta2.data(), n2, 1, W2.row(j0), 1, n2, own.dh.data(), m, units, n2});
    if (f == Activation::ReLU) relu_backward(own.z1, own.dh, own.delta1);
    else sigmoid_backward(own.h, own.dh, own.delta1);
}

// Thread t's forward pass and backward pass down to delta1, for its hidden units [j0, j1).
void forward_units(Network<float>& net, const Batch& batch, bool w1_finite, const W1Aside& w1, StepParts& s,
                   std::size_t t, std::size_t parts) {
    Layer<float>& first = net.layers[0];
    Layer<float>& out = net.layers[1];
    StepParts::Part& own = s.parts[t];
    const std::size_t m = batch.X.rows(), k = batch.X.cols(), n2 = out.W.cols();
    const std::size_t j0 = s.bounds[t], j1 = s.bounds[t + 1];
    const Clock::time_point start = Clock::now();
    // This thread's copy of X: thread 0, the calling thread, reads batch.X, which it has just
    // converted (gather_batch, on this thread while batch_step holds a GatherHere); every other
    // thread converts the examples again, into its own cache, rather than read rows another core wrote.
    const bool again = t > 0 && batch.from != nullptr && batch.examples.size() == m;
    if (again) gather_examples(*batch.from, batch.examples.data(), m, own.X);
    own.has_X = again;
    const Matrix<float>& X = again ? own.X : batch.X;
    if (j0 < j1) {
        // z1 = X W1 as fast_matmul computes it (fast/engine.cpp), skipping the zero pixels when W1 is
        // known to be finite (else every step is computed, as then it must be).
        own.z1.resize(m, j1 - j0);
        blocked_product(Product<float>{X.data(), k, 1, w1.rows + j0, w1.stride, 1, own.z1.data(), m, j1 - j0, k},
                        w1_finite, w1_finite);
        const float* b1 = first.b.data() + j0;
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < j1 - j0; ++j) own.z1(i, j) += b1[j];  // add_row_vector
        // h = f(z1) by the function forward_pass calls, on this thread's columns.
        if (net.hidden == Activation::ReLU) relu_forward(own.z1, own.h);
        else sigmoid_forward(own.z1, own.h);
    }
    // z2 = h W2 (dense_forward's matmul), summed over the hidden units in increasing order as the
    // whole product sums it: thread 0 over its units from 0, then each next thread goes on from there.
    Clock::time_point waited = Clock::now();
    wait_for(s.chain, t);
    Clock::duration waiting = Clock::now() - waited;
    if (j0 < j1) {
        Product<float> P{own.h.data(), j1 - j0, 1, out.W.row(j0), n2, 1, out.z.data(), m, n2, j1 - j0};
        P.accumulate = t > 0;
        blocked_product(P);
    } else if (t == 0) {
        std::fill(out.z.data(), out.z.data() + out.z.size(), 0.0f);
    }
    if (t + 1 == parts)
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n2; ++j) out.z(i, j) += out.b[j];  // add_row_vector
    s.chain.store(t + 1, std::memory_order_release);
    waited = Clock::now();
    wait_for(s.chain, parts);
    waiting += Clock::now() - waited;
    // p and delta2 of every example: thread 0 in net's matrices, the others again in their own; the
    // loss terms split between the threads by examples.
    const std::size_t l0 = m * t / parts, l1 = m * (t + 1) / parts;  // this thread's loss terms
    if (t == 0) output_rows(out.z, batch, out.h, out.delta, s.loss_terms.data(), l0, l1);
    else output_rows(out.z, batch, own.p, own.delta2, s.loss_terms.data(), l0, l1);
    const Matrix<float>& delta2 = t == 0 ? out.delta : own.delta2;
    if (j0 < j1) backward_units(net.hidden, out.W, delta2, own, j0, j1);
    s.busy[t] += seconds(Clock::now() - start - waiting);
}

// Thread t's update for its hidden units [j0, j1): dW2 = h^T delta2 (dense_backward's matmul_at),
// db1 = 1^T delta1 (column_sums, in row order), their SGD steps (sgd_step), and W1 -= eta X^T delta1
// in the rows kept aside, each tile of X^T delta1 subtracted as it is computed, as
// subtract_gradient_w1 does (fast/finite_weights.cpp). Thread 0 also db2 and b2's step.
void learn_units(Network<float>& net, const Batch& batch, float eta, W1Aside& w1, StepParts& s, std::size_t t,
                 std::atomic<bool>& wrote_non_finite) {
    Layer<float>& first = net.layers[0];
    Layer<float>& out = net.layers[1];
    StepParts::Part& own = s.parts[t];
    const std::size_t m = batch.X.rows(), n2 = out.W.cols();
    const std::size_t j0 = s.bounds[t], j1 = s.bounds[t + 1], units = j1 - j0;
    const Clock::time_point start = Clock::now();
    if (t == 0) {  // db2 = 1^T delta2 and b2's step: 10 values
        column_sums(out.delta, out.db);
        sgd_step(out.b, out.db, eta);
    }
    if (j0 == j1) return;
    const Matrix<float>& delta2 = t == 0 ? out.delta : own.delta2;
    blocked_product(Product<float>{own.h.data(), 1, units, delta2.data(), n2, 1, out.dW.row(j0), units, n2, m});
    float* db1 = first.db.data() + j0;
    std::fill(db1, db1 + units, 0.0f);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < units; ++j) db1[j] += own.delta1(i, j);
    for (std::size_t q = j0 * n2; q < j1 * n2; ++q) out.W[q] -= eta * out.dW[q];
    for (std::size_t j = 0; j < units; ++j) first.b[j0 + j] -= eta * db1[j];
    const Matrix<float>& X = own.has_X ? own.X : batch.X;
    Product<float> P{X.data(), 1, X.cols(), own.delta1.data(), units, 1, w1.rows + j0, X.cols(), units, m};
    P.c_row = w1.stride;
    P.subtract = true;
    P.eta = eta;
    P.wrote_non_finite = &wrote_non_finite;
    blocked_product(P);
    // The bytes of the next batch's images, which this thread will convert next step.
    if (own.has_X && !batch.from->bytes.empty()) {
        const std::size_t cols = batch.from->features();
        for (const std::size_t e : batch.next)
            for (std::size_t p = 0; p < cols; p += 64) __builtin_prefetch(batch.from->bytes.data() + e * cols + p);
    }
    s.busy[t] += seconds(Clock::now() - start);
}

}  // namespace

bool fits_step_by_rows(const Network<float>& net, const Batch& batch) {
    if (net.layers.size() != 2 || net.loss_kind != Loss::CrossEntropy ||
        net.dropout > 0 || batch.X.rows() == 0 || batch.labels.size() != batch.X.rows() ||
        batch.X.cols() != net.layers[0].W.rows())
        return false;
    const std::size_t classes = net.layers[1].W.cols();
    return std::all_of(batch.labels.begin(), batch.labels.end(), [classes](std::uint8_t y) { return y < classes; });
}

double forward_by_rows(Network<float>& net, const Batch& batch, bool w1_finite, StepParts& s, const W1Aside& w1) {
    Layer<float>& first = net.layers[0];
    Layer<float>& out = net.layers[1];
    const std::size_t m = batch.X.rows(), n1 = first.W.cols(), n2 = out.W.cols();
    out.z.resize(m, n2);
    out.h.resize(m, n2);
    out.delta.resize(m, n2);
    const std::size_t parts = static_cast<std::size_t>(thread_count());
    if (s.parts.size() != parts || s.bounds.back() != n1) {
        s.parts.resize(parts);
        split_evenly(s.bounds, n1, parts);
        s.busy.assign(parts, 0.0);
        s.steps = 0;
    } else if (++s.steps % kRebalanceSteps == 0) {
        rebalance(s, n1);
    }
    s.loss_terms.resize(m);
    s.chain.store(0);
    parallel_for(parts, [&](std::size_t t0, std::size_t t1) {
        for (std::size_t t = t0; t < t1; ++t) forward_units(net, batch, w1_finite, w1, s, t, parts);
    }, 1);
    double total = 0.0;  // cross_entropy_loss: the terms added in row order
    for (std::size_t i = 0; i < m; ++i) total += s.loss_terms[i];
    return total / static_cast<double>(m);
}

void settle_layers(Network<float>& net, const StepParts& s) {
    Layer<float>& first = net.layers[0];
    const std::size_t n1 = first.W.cols();
    const std::size_t m = s.loss_terms.size();
    first.z.resize(m, n1);
    first.h.resize(m, n1);
    first.delta.resize(m, n1);
    for (std::size_t t = 0; t < s.parts.size(); ++t) {
        const StepParts::Part& own = s.parts[t];
        const std::size_t j0 = s.bounds[t], units = s.bounds[t + 1] - j0;
        for (std::size_t i = 0; i < m && units > 0; ++i)
            for (std::size_t j = 0; j < units; ++j) {
                first.z(i, j0 + j) = own.z1(i, j);
                first.h(i, j0 + j) = own.h(i, j);
                first.delta(i, j0 + j) = own.delta1(i, j);
            }
    }
}

bool learn_by_units(Network<float>& net, const Batch& batch, float eta, W1Aside& w1, StepParts& s) {
    Layer<float>& first = net.layers[0];
    Layer<float>& out = net.layers[1];
    out.dW.resize(first.W.cols(), out.W.cols());
    first.db.resize(1, first.W.cols());
    std::atomic<bool> wrote_non_finite{false};
    const std::size_t parts = s.parts.size();
    parallel_for(parts, [&](std::size_t t0, std::size_t t1) {
        for (std::size_t t = t0; t < t1; ++t) learn_units(net, batch, eta, w1, s, t, wrote_non_finite);
    }, 1);
    w1.ahead = true;
    return !wrote_non_finite;
}

}  // namespace nn
