// The SGD update and the epoch loop. Derivation: docs/07-sgd.md.
#include "nn/sgd.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace nn {

// docs/07-sgd.md#eq-7-1
template <typename T>
void sgd_step(Matrix<T>& theta, const Matrix<T>& dtheta, T eta) {
    require_shape("sgd_step: dtheta", dtheta, theta.rows(), theta.cols());
    subtract_scaled(theta, eta, dtheta);  // theta -= eta dtheta, value by value (core/matrix.hpp)
}

// docs/07-sgd.md#eq-7-1
template <typename T>
void sgd_update(Network<T>& net, T eta) {
    for (Layer<T>& layer : net.layers) {
        sgd_step(layer.W, layer.dW, eta);
        sgd_step(layer.b, layer.db, eta);
    }
}

// docs/07-sgd.md#eq-7-3
void backprop_and_update(Network<float>& net, const Batch& batch, float eta) {
    net.backward(batch.X, batch.labels);
    sgd_update(net, eta);
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

std::size_t samples_per_epoch(std::size_t n, std::size_t batch_size, const BatchPlan& plan) {
    return plan.drop_remainder && batch_size > 0 ? n - n % batch_size : n;
}

// docs/07-sgd.md#one-training-step, docs/07-sgd.md#eq-7-3
EpochStats train_epoch(Network<float>& net, const Dataset& data, std::vector<std::size_t>& order,
                       std::size_t batch_size, float eta, Rng& rng, Batch& batch,
                       const AfterBatch& after_batch, Learn learn, const BatchPlan& plan, const Forward& forward) {
    if (batch_size == 0) throw std::invalid_argument("train_epoch: expected a batch size of at least 1, found 0");
    if (order.size() != data.size())
        throw std::invalid_argument("train_epoch: expected an order of " + std::to_string(data.size()) +
                                    " indices, found " + std::to_string(order.size()));
    if (plan.shuffle) shuffle(order, rng);  // a fresh order every epoch (docs/07-sgd.md)
    const std::size_t n = samples_per_epoch(data.size(), batch_size, plan);
    const std::size_t batches = (n + batch_size - 1) / batch_size;
    const bool xent = net.loss_kind == Loss::CrossEntropy;  // only cross-entropy has a known-nothing level
    const std::size_t n_out = net.layers.back().W.cols();
    const double limit = exploded_loss(n_out);
    EpochStats stats;
    double loss_sum = 0;
    std::size_t done = 0;
    for (std::size_t start = 0; start < n; start += batch_size) {
        const std::size_t end = std::min(n, start + batch_size);
        gather_batch(data, order, start, end, batch);
        if (!forward) net.forward_train(batch.X, rng);  // net.forward(batch.X), with dropout masks if net.dropout > 0
        // The batch's mean loss; `forward` gives the same numbers as the line above and this one.
        const double batch_loss = forward ? forward(net, batch, rng) : net.loss(batch.labels);
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
        learn(net, batch, eta);  // backward, then theta -= eta dtheta for every W and b
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

}  // namespace nn
