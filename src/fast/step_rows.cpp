// The small operations of a mini-batch step, split over the threads by examples and then by hidden
// units (fast/step_rows.hpp). docs/performance.md, "Issue 17, ninth session".
#include "fast/step_rows.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/matrix.hpp"
#include "fast/finite_weights.hpp"
#include "fast/matmul_kernels.hpp"
#include "fast/parallel.hpp"

namespace nn {
namespace {

// Rows [i0, i1) of every example's chain from z1 to delta1. Each line computes what the nn/
// function named beside it computes for these rows, with the same expression.
void example_rows(Network<float>& net, const Batch& batch, Matrix<float>& dh, double* loss_terms,
                  std::size_t i0, std::size_t i1) {
    Layer<float>& first = net.layers[0];
    Layer<float>& out = net.layers[1];
    const std::size_t m = batch.X.rows(), n1 = first.W.cols(), n2 = out.W.cols(), rows = i1 - i0;
    for (std::size_t i = i0; i < i1; ++i) {
        float* z = first.z.row(i);
        float* h = first.h.row(i);
        for (std::size_t j = 0; j < n1; ++j) z[j] += first.b[j];              // add_row_vector
        for (std::size_t j = 0; j < n1; ++j) h[j] = z[j] > 0.0f ? z[j] : 0.0f;  // relu_forward
    }
    // z2 = h W2 for these rows (dense_forward's matmul), each value summed as the whole product sums it.
    blocked_product(Product<float>{first.h.row(i0), n1, 1, out.W.data(), n2, 1, out.z.row(i0), rows, n2, n1});
    const float inv_m = 1.0f / static_cast<float>(m);
    for (std::size_t i = i0; i < i1; ++i) {
        float* z = out.z.row(i);
        float* p = out.h.row(i);
        for (std::size_t j = 0; j < n2; ++j) z[j] += out.b[j];  // add_row_vector
        const float zmax = *std::max_element(z, z + n2);         // softmax_forward
        float sum = 0;
        for (std::size_t j = 0; j < n2; ++j) {
            p[j] = std::exp(z[j] - zmax);
            sum += p[j];
        }
        for (std::size_t j = 0; j < n2; ++j) p[j] /= sum;
        const std::uint8_t label = batch.labels[i];  // cross_entropy_loss, one example's term
        const double z_max = static_cast<double>(zmax);
        double e = 0.0;
        for (std::size_t j = 0; j < n2; ++j) e += std::exp(static_cast<double>(z[j]) - z_max);
        loss_terms[i] = z_max + std::log(e) - static_cast<double>(z[label]);
        float* d = out.delta.row(i);  // softmax_cross_entropy_backward: (p - y)/m
        for (std::size_t j = 0; j < n2; ++j) d[j] = p[j] * inv_m;
        d[label] = (p[label] - 1.0f) * inv_m;
    }
    // dh = delta2 W2^T for these rows (dense_backward's matmul_bt).
    blocked_product(Product<float>{out.delta.row(i0), n2, 1, out.W.data(), 1, n2, dh.row(i0), rows, n1, n2});
    for (std::size_t i = i0; i < i1; ++i) {
        const float* z = first.z.row(i);
        const float* g = dh.row(i);
        float* d = first.delta.row(i);
        for (std::size_t j = 0; j < n1; ++j) {  // relu_backward
            const float gj = g[j];
            d[j] = z[j] > 0.0f ? gj : 0.0f;
        }
    }
}

// Hidden units [j0, j1): rows j0..j1 of dW2 = h^T delta2 (dense_backward's matmul_at), db1 = 1^T
// delta1 (column_sums, in row order), and their SGD steps (sgd_step).
void unit_columns(Network<float>& net, float eta, std::size_t j0, std::size_t j1) {
    Layer<float>& first = net.layers[0];
    Layer<float>& out = net.layers[1];
    const std::size_t m = first.h.rows(), n1 = first.W.cols(), n2 = out.W.cols();
    blocked_product(
        Product<float>{first.h.data() + j0, 1, n1, out.delta.data(), n2, 1, out.dW.row(j0), j1 - j0, n2, m});
    float* db1 = first.db.data();
    std::fill(db1 + j0, db1 + j1, 0.0f);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = j0; j < j1; ++j) db1[j] += first.delta(i, j);
    for (std::size_t k = j0 * n2; k < j1 * n2; ++k) out.W[k] -= eta * out.dW[k];
    for (std::size_t j = j0; j < j1; ++j) first.b[j] -= eta * db1[j];
}

// [begin, end) of n split into `parts` runs of whole blocks of `block`, as parallel_for splits.
std::pair<std::size_t, std::size_t> part(std::size_t n, std::size_t block, std::size_t t, std::size_t parts) {
    const std::size_t blocks = (n + block - 1) / block;
    return {std::min(n, blocks * t / parts * block), std::min(n, blocks * (t + 1) / parts * block)};
}

// Thread t's hidden units, the same in both products and in the sums over the batch: whole tiles of
// the update and whole 64-byte lines (16 floats), so that no line of the rows kept aside is written
// by two threads. (Splitting at the forward product's wider tiles, 48 columns, was slower: medians
// 0.1779 -> 0.1858 s an epoch at 2 threads, docs/performance.md, "Issue 17, tenth session".)
std::pair<std::size_t, std::size_t> units_of(std::size_t n1, std::size_t t, std::size_t parts) {
    return part(n1, std::max<std::size_t>(product_column_tile(), 16), t, parts);
}

// Columns [j0, j1) of W1 -= eta X^T delta1 in the rows kept aside, each tile of X^T delta1
// subtracted as it is computed, as subtract_gradient_w1 does (fast/finite_weights.cpp).
void subtract_gradient_w1_columns(const Matrix<float>& X, const Matrix<float>& delta, float eta, W1Aside& w1,
                                  std::size_t j0, std::size_t j1, std::atomic<bool>& wrote_non_finite) {
    Product<float> P{X.data(), 1, X.cols(), delta.data() + j0, delta.cols(), 1, w1.rows + j0, X.cols(), j1 - j0,
                     X.rows()};
    P.c_row = w1.stride;
    P.subtract = true;
    P.eta = eta;
    P.wrote_non_finite = &wrote_non_finite;
    blocked_product(P);
}

}  // namespace

bool fits_step_by_rows(const Network<float>& net, const Batch& batch) {
    if (net.layers.size() != 2 || net.hidden != Activation::ReLU || net.loss_kind != Loss::CrossEntropy ||
        net.dropout > 0 || batch.X.rows() == 0 || batch.labels.size() != batch.X.rows() ||
        batch.X.cols() != net.layers[0].W.rows())
        return false;
    const std::size_t classes = net.layers[1].W.cols();
    return std::all_of(batch.labels.begin(), batch.labels.end(), [classes](std::uint8_t y) { return y < classes; });
}

double forward_by_rows(Network<float>& net, const Batch& batch, bool w1_finite, Matrix<float>& dh,
                       const W1Aside& w1) {
    Layer<float>& first = net.layers[0];
    Layer<float>& out = net.layers[1];
    const Matrix<float>& X = batch.X;
    const std::size_t m = X.rows(), n1 = first.W.cols(), n2 = out.W.cols();
    first.z.resize(m, n1);
    // z1 = X W1 as fast_matmul computes it (fast/engine.cpp), each thread its hidden units, skipping
    // the zero pixels when W1 is known to be finite (else every step is computed, as then it must be).
    const std::size_t parts = static_cast<std::size_t>(thread_count());
    parallel_for(parts, [&](std::size_t t0, std::size_t t1) {
        for (std::size_t t = t0; t < t1; ++t) {
            const auto [j0, j1] = units_of(n1, t, parts);
            if (j0 == j1) continue;
            Product<float> P{X.data(), X.cols(), 1, w1.rows + j0, w1.stride, 1, first.z.data() + j0, m, j1 - j0,
                             X.cols()};
            P.c_row = n1;
            blocked_product(P, w1_finite, w1_finite);
        }
    }, 1);
    first.h.resize(m, n1);
    first.delta.resize(m, n1);
    out.z.resize(m, n2);
    out.h.resize(m, n2);
    out.delta.resize(m, n2);
    dh.resize(m, n1);
    thread_local std::vector<double> loss_terms;  // this thread's: the workers see theirs under the name
    loss_terms.resize(m);
    double* terms = loss_terms.data();
    parallel_for(m, [&](std::size_t i0, std::size_t i1) { example_rows(net, batch, dh, terms, i0, i1); }, 8);
    double total = 0.0;  // cross_entropy_loss: the terms added in row order
    for (std::size_t i = 0; i < m; ++i) total += terms[i];
    return total / static_cast<double>(m);
}

bool learn_by_units(Network<float>& net, const Batch& batch, float eta, W1Aside& w1) {
    Layer<float>& first = net.layers[0];
    Layer<float>& out = net.layers[1];
    const Matrix<float>& X = batch.X;
    const std::size_t n1 = first.W.cols(), n2 = out.W.cols();
    out.dW.resize(n1, n2);
    first.db.resize(1, n1);
    std::atomic<bool> wrote_non_finite{false};
    const std::size_t parts = static_cast<std::size_t>(thread_count());
    // Part t: its hidden units, their sums over the batch, and their columns of W1.
    const auto run = [&](std::size_t t0, std::size_t t1) {
        for (std::size_t t = t0; t < t1; ++t) {
            const auto [j0, j1] = units_of(n1, t, parts);
            if (j0 < j1) unit_columns(net, eta, j0, j1);
            if (t == 0) {  // db2 = 1^T delta2 and b2's step: 10 values
                column_sums(out.delta, out.db);
                sgd_step(out.b, out.db, eta);
            }
            if (j0 < j1) subtract_gradient_w1_columns(X, first.delta, eta, w1, j0, j1, wrote_non_finite);
        }
    };
    parallel_for(parts, run, 1);
    w1.ahead = true;
    return !wrote_non_finite;
}

}  // namespace nn
