// The evaluation shared among the threads by whole chunks (fast/evaluation.hpp).
#include "fast/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "fast/finite_weights.hpp"
#include "fast/parallel.hpp"

namespace nn {
namespace {

// What evaluate() adds up for one chunk: its mean loss, its size, and how many it classifies right.
struct ChunkFigures {
    double loss = 0;
    std::size_t size = 0, correct = 0;
};

// Chunks [c0, c1) of `order`, on `net`, on this thread; W1 read and copied once for the run.
void evaluate_chunks(Network<float>& net, const Dataset& data, const std::vector<std::size_t>& order,
                     std::size_t c0, std::size_t c1, std::vector<ChunkFigures>& figures) {
    const W1ReadOnce w1(net);
    const AlignedW1Copy aligned(net);
    Batch batch;
    for (std::size_t c = c0; c < c1; ++c) {
        const std::size_t begin = c * kEvaluationChunk, end = std::min(order.size(), begin + kEvaluationChunk);
        gather_batch(data, order, begin, end, batch);
        const Matrix<float>& p = net.forward(batch.X);
        figures[c] = {net.loss(batch.labels), batch.labels.size(), count_correct(p, batch.labels)};
    }
}

// A network for forward passes only, for another thread: net's sizes, activations and parameters,
// none of its gradients or caches (forward() makes those it needs).
std::unique_ptr<Network<float>> forward_copy(const Network<float>& net) {
    auto copy = std::make_unique<Network<float>>(net.sizes(), net.hidden, net.loss_kind);
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        copy->layers[l].W = net.layers[l].W;
        copy->layers[l].b = net.layers[l].b;
    }
    copy->dropout = net.dropout;
    copy->perceptron_rule = net.perceptron_rule;
    return copy;
}

}  // namespace

std::size_t evaluation_parameter_copies(int threads) { return 2 * static_cast<std::size_t>(std::max(1, threads)) - 1; }

Evaluation fast_evaluate(Network<float>& net, const Dataset& data) {
    Evaluation result;
    result.count = data.size();
    if (data.size() == 0) return result;
    const std::vector<std::size_t> order = label_order(data);  // evaluate()'s order and chunks: the same sums
    const std::size_t chunks = (order.size() + kEvaluationChunk - 1) / kEvaluationChunk;
    std::vector<ChunkFigures> figures(chunks);
    const std::size_t threads = static_cast<std::size_t>(thread_count());
    if (threads == 1 || chunks < 2) {
        evaluate_chunks(net, data, order, 0, chunks, figures);
    } else {
        // Thread t takes chunks [chunks t / threads, chunks (t + 1) / threads): thread 0 on net
        // itself, each other thread on a copy (forward() writes the network's caches).
        std::vector<std::unique_ptr<Network<float>>> copies(threads);
        for (std::size_t t = 1; t < threads; ++t) copies[t] = forward_copy(net);
        parallel_for(threads, [&](std::size_t t0, std::size_t t1) {
            for (std::size_t t = t0; t < t1; ++t)
                evaluate_chunks(t == 0 ? net : *copies[t], data, order, chunks * t / threads,
                                chunks * (t + 1) / threads, figures);
        });
    }
    double loss_sum = 0;
    for (const ChunkFigures& f : figures) {  // in chunk order, with evaluate()'s arithmetic (nn/metrics.cpp)
        loss_sum = std::fma(f.loss, static_cast<double>(f.size), loss_sum);
        result.correct += f.correct;
    }
    result.loss = loss_sum / static_cast<double>(data.size());
    result.accuracy = static_cast<double>(result.correct) / static_cast<double>(data.size());
    return result;
}

}  // namespace nn
