// The SGD update and the epoch loop. Derivation: docs/07-sgd.md.
#include "sgd.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "parallel.hpp"

namespace nn {

// Parameter matrices at least this large are updated by all threads (W1: 235 200 values; W2 and
// the biases are too small to repay waking the pool).
constexpr std::size_t kParallelUpdate = 1 << 16;

// docs/07-sgd.md#eq-7-1
template <typename T>
void sgd_step(Matrix<T>& theta, const Matrix<T>& dtheta, T eta) {
    require_shape("sgd_step: dtheta", dtheta, theta.rows(), theta.cols());
    T* t = theta.data();
    const T* d = dtheta.data();
    const std::size_t cols = theta.cols();
    const auto rows = [&](std::size_t i0, std::size_t i1) {
        for (std::size_t k = i0 * cols; k < i1 * cols; ++k) t[k] -= eta * d[k];
    };
    if (theta.size() < kParallelUpdate) {
        rows(0, theta.rows());
        return;
    }
    // Whole rows in blocks of 8, the row tile of matmul_at: each thread then updates the rows of W
    // whose gradient dW = X^T delta it has just computed, while they are in its core's cache
    // (docs/performance.md, "Two cores"). Each value is updated alone: any split gives the same W.
    parallel_for(theta.rows(), rows, 8);
}

// docs/07-sgd.md#eq-7-1
template <typename T>
void sgd_update(Network<T>& net, T eta) {
    for (Layer<T>& layer : net.layers) {
        sgd_step(layer.W, layer.dW, eta);
        sgd_step(layer.b, layer.db, eta);
    }
}

template <typename T>
void sgd_update_online(Network<T>& net, const Matrix<T>& x, T eta) {
    Layer<T>& first = net.layers.front();
    require_shape("sgd_update_online: x", x, 1, first.W.rows());
    require_shape("sgd_update_online: delta1", first.delta, 1, first.W.cols());
    for (std::size_t l = 1; l < net.layers.size(); ++l) {
        sgd_step(net.layers[l].W, net.layers[l].dW, eta);
        sgd_step(net.layers[l].b, net.layers[l].db, eta);
    }
    sgd_step(first.b, first.db, eta);
    const T* delta = first.delta.data();
    // Where x_p = 0 (most pixels of an MNIST digit), dW1(p,j) = 0 + 0 * delta_j = +0 and
    // w - eta * 0 = w exactly, so the row is skipped; unless eta or a delta_j is infinite or NaN,
    // where 0 * inf = NaN must reach W as it would on the general path.
    bool finite = std::isfinite(eta);
    for (std::size_t j = 0; j < first.delta.cols(); ++j) finite = finite && std::isfinite(delta[j]);
    for (std::size_t p = 0; p < first.W.rows(); ++p) {
        const T x_p = x(0, p);
        if (x_p == T(0) && finite) continue;
        T* w = first.W.row(p);
        for (std::size_t j = 0; j < first.W.cols(); ++j) {
            const T dW = T(0) + x_p * delta[j];  // dW1(p,j) as matmul_at's one-term sum gives it
            w[j] -= eta * dW;                     // as sgd_step
        }
    }
}

void gather_batch(const Dataset& data, const std::vector<std::size_t>& order, std::size_t begin,
                  std::size_t end, Batch& batch) {
    const std::size_t n_in = data.X.cols();
    batch.X.resize(end - begin, n_in);
    batch.labels.resize(end - begin);
    const auto copy = [&](std::size_t r0, std::size_t r1) {
        for (std::size_t r = r0; r < r1; ++r) {
            const std::size_t example = order[begin + r];
            std::memcpy(batch.X.row(r), data.X.row(example), n_in * sizeof(float));
            batch.labels[r] = data.labels[example];
        }
    };
    // The rows are scattered over 188 MB and mostly come from memory, not cache: two threads keep
    // twice as many reads in flight (a third of the copy time at batch 64, docs/performance.md).
    if (end - begin < 16) copy(0, end - begin);
    else parallel_for(end - begin, copy, 8);
}

Diverged::Diverged(const std::string& reason, std::size_t batch_index, std::size_t batches, double batch_loss)
    : std::runtime_error("training diverged: " + reason + " at batch " + std::to_string(batch_index) + " of " +
                         std::to_string(batches)),
      batch(batch_index),
      loss(batch_loss) {}

double exploded_loss(std::size_t n_out) { return 100.0 * std::log(static_cast<double>(n_out < 2 ? 2 : n_out)); }

template <typename T>
std::string first_non_finite_parameter(const Network<T>& net) {
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        const Layer<T>& layer = net.layers[l];
        for (std::size_t k = 0; k < layer.W.size(); ++k)
            if (!std::isfinite(layer.W[k])) return "W" + std::to_string(l + 1);
        for (std::size_t k = 0; k < layer.b.size(); ++k)
            if (!std::isfinite(layer.b[k])) return "b" + std::to_string(l + 1);
    }
    return "";
}

// docs/07-sgd.md#one-training-step, docs/07-sgd.md#eq-7-3
EpochStats train_epoch(Network<float>& net, const Dataset& data, std::vector<std::size_t>& order,
                       std::size_t batch_size, float eta, Rng& rng, Batch& batch,
                       const AfterBatch& after_batch) {
    if (batch_size == 0) throw std::invalid_argument("train_epoch: expected a batch size of at least 1, found 0");
    if (order.size() != data.size())
        throw std::invalid_argument("train_epoch: expected an order of " + std::to_string(data.size()) +
                                    " indices, found " + std::to_string(order.size()));
    shuffle(order, rng);  // a fresh order every epoch (docs/07-sgd.md)
    const std::size_t n = data.size();
    const std::size_t batches = (n + batch_size - 1) / batch_size;
    const bool xent = net.loss_kind == Loss::CrossEntropy;  // the squared error is bounded: no limit
    const std::size_t n_out = net.layers.back().W.cols();
    const double limit = exploded_loss(n_out);
    EpochStats stats;
    double loss_sum = 0;
    std::size_t done = 0;
    for (std::size_t start = 0; start < n; start += batch_size) {
        const std::size_t end = std::min(n, start + batch_size);
        gather_batch(data, order, start, end, batch);
        net.forward(batch.X);
        const double batch_loss = net.loss(batch.labels);
        ++done;
        if (!std::isfinite(batch_loss))
            throw Diverged(std::string("the loss became ") + (std::isnan(batch_loss) ? "NaN" : "infinite"), done,
                           batches, batch_loss);
        if (xent && batch_loss > limit) {
            char text[128];
            std::snprintf(text, sizeof text, "the loss became %.4g (above 100 ln(%zu) = %.4g)", batch_loss, n_out, limit);
            throw Diverged(text, done, batches, batch_loss);
        }
        loss_sum += batch_loss;
        if (end - start == 1) {  // online: the first layer's update without forming dW1
            net.backward(batch.X, batch.labels, false);
            sgd_update_online(net, batch.X, eta);
        } else {
            net.backward(batch.X, batch.labels);
            sgd_update(net, eta);
        }
        stats.samples = end;
        if (after_batch && !after_batch(end)) {
            stats.stopped = true;
            break;
        }
    }
    // Once per epoch: cheap next to the epoch's matrix products (one pass over the parameters).
    const std::string bad = first_non_finite_parameter(net);
    if (!bad.empty()) throw Diverged(bad + " holds NaN or infinite values", done, batches, std::nan(""));
    stats.mean_batch_loss = done ? loss_sum / static_cast<double>(done) : 0.0;
    return stats;
}

template void sgd_step(Matrix<float>&, const Matrix<float>&, float);
template void sgd_step(Matrix<double>&, const Matrix<double>&, double);
template void sgd_update(Network<float>&, float);
template void sgd_update(Network<double>&, double);
template std::string first_non_finite_parameter(const Network<float>&);
template std::string first_non_finite_parameter(const Network<double>&);
template void sgd_update_online(Network<float>&, const Matrix<float>&, float);
template void sgd_update_online(Network<double>&, const Matrix<double>&, double);

}  // namespace nn
