// Schedules (docs/19-schedules.md), early stopping on a validation set (docs/20-early-stopping.md),
// and which step the training loop takes for which options (run/optimizer_state.hpp, step_for).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>
#include <utility>

#include "check.hpp"
#include "core/backend.hpp"
#include "fast/engine.hpp"
#include "fast/finite_weights.hpp"
#include "fast/online.hpp"
#include "run/early_stopping.hpp"
#include "run/schedule.hpp"
#include "data/validation.hpp"
#include "run/training.hpp"
#include "synthetic.hpp"

namespace {

// (19.1), (19.2) at hand-computed epochs.
void test_schedules() {
    nn::Schedule constant;
    CHECK_EQ(nn::scheduled_rate(constant, 0.1, 7, 20), 0.1);
    nn::Schedule step;
    step.kind = nn::Schedule::Kind::Step;
    step.every = 10;
    step.factor = 0.5;
    CHECK_EQ(nn::scheduled_rate(step, 0.1, 0, 30), 0.1);
    CHECK_EQ(nn::scheduled_rate(step, 0.1, 9, 30), 0.1);
    CHECK_REL(nn::scheduled_rate(step, 0.1, 10, 30), 0.05, 1e-15);
    CHECK_REL(nn::scheduled_rate(step, 0.1, 25, 30), 0.025, 1e-15);
    CHECK_EQ(step.text(), std::string("step:10:0.5"));
    nn::Schedule cosine;
    cosine.kind = nn::Schedule::Kind::Cosine;
    CHECK_EQ(nn::scheduled_rate(cosine, 0.1, 0, 4), 0.1);                    // cos 0 = 1
    CHECK_REL(nn::scheduled_rate(cosine, 0.1, 1, 4), 0.1 * (1 + std::sqrt(0.5)) / 2, 1e-15);  // cos(pi/4)
    CHECK_REL(nn::scheduled_rate(cosine, 0.1, 2, 4), 0.05, 1e-15);           // cos(pi/2) = 0
    CHECK_REL(nn::scheduled_rate(cosine, 0.1, 3, 4), 0.1 * (1 - std::sqrt(0.5)) / 2, 1e-12);
}

// (20.1): stop once `patience` epochs pass without a new lowest validation loss; keep that epoch's weights.
void test_early_stopping_rule() {
    nn::Network<float> net({2, 2}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::EarlyStopping stop;
    stop.patience = 2;
    const double losses[] = {0.5, 0.4, 0.45, 0.41, 0.3};
    bool stopped_at_4 = false;
    for (std::size_t e = 1; e <= 4; ++e) {
        net.layers[0].W[0] = float(e);  // a weight that says which epoch it is from
        const bool s = stop.should_stop(e, losses[e - 1], net);
        if (e < 4) CHECK(!s);
        else stopped_at_4 = s;
    }
    CHECK(stopped_at_4);  // epochs 3 and 4 did not improve on epoch 2
    CHECK_EQ(stop.best_epoch, std::size_t{2});
    stop.restore_best(net);
    CHECK_EQ(net.layers[0].W[0], 2.0f);
}

// Through the one training loop: with --validation, the epochs report the held-out images and the
// test set is evaluated once at the end; early stopping keeps the best epoch's weights, so the
// final test figures are those of that network.
void test_loop_with_early_stopping() {
    nn::use_fast_kernels(1);
    const testdata::Split split = testdata::prototype_split(400, 200, 30, 0.9, 5);
    nn::Mnist data;
    data.train = split.train;
    data.test = split.test;
    data.validation = nn::hold_out(data.train, 100);
    nn::RunConfig c;
    c.layers = {30, 40, 10};
    c.epochs = 40;
    c.eta = 0.5;
    c.batch_size = 10;
    c.early_stop = 3;
    nn::Network<float> net({1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    const nn::RunResult r = nn::run_experiment(c, data, net);
    CHECK(!r.epochs.empty());
    CHECK_EQ(r.epochs[0].test.count, std::size_t{0});         // the test set is not looked at per epoch
    CHECK_EQ(r.epochs[0].validation.count, std::size_t{100});
    CHECK_EQ(r.final_test.count, std::size_t{200});
    CHECK(r.best_epoch >= 1 && r.best_epoch <= r.epochs.size());
    if (r.early_stopped) CHECK_EQ(r.epochs.size(), r.best_epoch + 3);
    std::printf("early stopping: %zu epochs, best epoch %zu, early stopped %d\n", r.epochs.size(), r.best_epoch,
                int(r.early_stopped));
    CHECK(r.early_stopped);  // 40 epochs of lr 0.5 on 300 noisy examples overfit
    double lowest = 1e300;
    for (const nn::EpochRow& e : r.epochs) lowest = std::fmin(lowest, e.validation.loss);
    CHECK_EQ(r.epochs[r.best_epoch - 1].validation.loss, lowest);
    CHECK_EQ(nn::evaluate(net, data.validation).loss, lowest);  // the returned network is the best epoch's
    CHECK_EQ(nn::evaluate(net, data.test).loss, r.final_test.loss);
    CHECK_THROWS_WITH([&] {
        nn::Mnist unvalidated = data;
        unvalidated.validation = nn::Dataset();
        return nn::run_experiment(c, unvalidated, net);
    }(), "needs a validation set");
}

// The step the loop takes: for plain SGD without dropout, the online step (batch 1) or the batch step
// (fast/finite_weights.hpp), each with its own forward pass; otherwise the plain forward pass.
void test_step_for() {
    nn::use_fast_kernels(1);
    nn::Network<float> net({4, 3, 2}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    using Fn = void (*)(nn::Network<float>&, const nn::Batch&, float);
    const auto target = [](const nn::Learn& learn) {
        const Fn* f = learn.target<Fn>();
        return f ? *f : nullptr;
    };
    nn::Optimizer<float> sgd(nn::OptimizerSettings{}, net);
    const nn::TrainStep online = nn::step_for(1, sgd, 0.0);
    CHECK(online.forward != nullptr && online.learn != nullptr);  // online_step(): two lambdas
    CHECK(target(online.learn) == nullptr);
    const nn::TrainStep batch = nn::step_for(64, sgd, 0.0);
    CHECK(batch.forward != nullptr && batch.learn != nullptr);  // batch_step(): two lambdas
    CHECK(target(batch.learn) == nullptr);
    CHECK(target(nn::step_for(64, sgd, 0.5).learn) == &nn::backprop_and_update);
    CHECK(nn::step_for(64, sgd, 0.5).forward == nullptr);
    CHECK(target(nn::step_for(1, sgd, 0.5).learn) == &nn::backprop_and_update);
    CHECK(nn::step_for(1, sgd, 0.5).forward == nullptr);
    nn::OptimizerSettings decayed;
    decayed.weight_decay = 0.1;
    nn::Optimizer<float> wd(decayed, net);
    CHECK(target(nn::step_for(1, wd, 0.0).learn) == nullptr);  // learn_with: a lambda
    CHECK(nn::step_for(1, wd, 0.0).forward == nullptr);
    nn::OptimizerSettings momentum;
    momentum.method = nn::Method::Momentum;
    nn::Optimizer<float> mom(momentum, net);
    CHECK(target(nn::step_for(64, mom, 0.0).learn) == nullptr);
    nn::use_plain_loops();
    CHECK(target(nn::step_for(1, sgd, 0.0).learn) == &nn::backprop_and_update);  // no fast engine: plain
    CHECK(nn::step_for(1, sgd, 0.0).forward == nullptr);
    nn::use_fast_kernels(1);
}

// The batch step keeps "W1 is finite" through its update (fast/finite_weights.hpp):
// subtract_gradient_w1 (W1 -= eta X^T delta1, dW1 never stored) gives backprop_and_update's W1 bit for
// bit and tells an infinity it writes; after one, the next forward pass reads W1 again, so an
// overflowed weight in a row the next batch skips (x_p = 0) still makes z1 NaN, as the plain pass.
void test_batch_step_watch() {
    nn::use_fast_kernels(1);
    // Large enough for z1's tiles to list the needed steps (fast/matmul_kernels.cpp, product_with_width),
    // and for W1 -= eta X^T delta1 to be done in the tiles (300 = 9 * 32 + 12: a partial tile);
    // 784-30 below does it through a buffer.
    nn::Network<float> net({784, 300, 3}, nn::Activation::Sigmoid, nn::Loss::CrossEntropy);
    nn::Rng rng(5);
    net.init(nn::Init::He, rng);
    const auto [first, second] = testdata::overflow_batches(16, 1);
    nn::Batch one;  // a batch of one image: the product of one step (k = 1)
    one.X = nn::Matrix<float>(1, 784);
    for (std::size_t p = 0; p < 784; ++p) one.X(0, p) = second.X(0, p);
    one.labels = {1};
    // x = 1000 with eta = 3e38: rows 0-9 of W1 overflow; x = 1: no hidden unit saturates, so every
    // column of dW1 is nonzero.
    const std::pair<const nn::Batch*, float> cases[] = {{&first, 3e38f}, {&second, 0.1f}, {&one, 0.1f}, {&one, 3e38f}};
    nn::Network<float> small({784, 30, 3}, nn::Activation::Sigmoid, nn::Loss::CrossEntropy);
    small.init(nn::Init::He, rng);
    for (const nn::Network<float>* start : {&net, &small})
    for (const auto& [batch, eta] : cases) {
        nn::Network<float> fused = *start, plain = *start;
        fused.forward(batch->X);
        plain.forward(batch->X);
        nn::learn_all_but_w1(fused, *batch, eta);
        const bool finite = nn::subtract_gradient_w1(fused, batch->X, eta);
        nn::backprop_and_update(plain, *batch, eta);
        CHECK_EQ(finite, eta < 1.0f || batch == &one);  // one image of x = 1 does not overflow
        for (std::size_t l = 0; l < 2; ++l) {
            const nn::Matrix<float>& a = fused.layers[l].W;
            const nn::Matrix<float>& b = plain.layers[l].W;
            CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
            CHECK(fused.layers[l].b == plain.layers[l].b);
        }
    }
    // The sigmoid net takes learn_all_but_w1 and subtract_gradient_w1; a ReLU net on 2 threads, the
    // small operations split by rows and by hidden units (fast/step_rows.hpp), 8 rows a thread.
    nn::Network<float> relu({784, 300, 3}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    relu.init(nn::Init::He, rng);
    for (nn::Network<float>* stepped : {&net, &relu}) {
        nn::use_fast_kernels(stepped == &relu ? 2 : 1);
        nn::Network<float> plain = *stepped;
        const nn::TrainStep step = nn::batch_step();
        plain.forward(first.X);
        CHECK_EQ(step.forward(*stepped, first, rng), plain.loss(first.labels));  // the same loss
        step.learn(*stepped, first, 3e38f);
        if (step.settle) step.settle(*stepped);  // W1 back into the network; the step goes on after
        nn::backprop_and_update(plain, first, 3e38f);
        for (std::size_t l = 0; l < 2; ++l) {
            CHECK(stepped->layers[l].b == plain.layers[l].b);
            std::size_t same_nan = 0;  // W1 overflows: NaN and infinity where the plain step has them
            for (std::size_t k = 0; k < plain.layers[l].W.size(); ++k) {
                const float a = stepped->layers[l].W[k], b = plain.layers[l].W[k];
                same_nan += a == b || (std::isnan(a) && std::isnan(b));
            }
            CHECK_EQ(same_nan, plain.layers[l].W.size());
        }
        step.forward(*stepped, second, rng);
        if (step.settle) step.settle(*stepped);  // z1 back into the network
        plain.forward(second.X);
        std::size_t nans = 0, same = 0;
        for (std::size_t k = 0; k < stepped->layers[0].z.size(); ++k) {
            nans += std::isnan(plain.layers[0].z[k]);
            same += std::isnan(stepped->layers[0].z[k]) == std::isnan(plain.layers[0].z[k]);
        }
        CHECK(nans > 0);  // else this tests nothing
        CHECK_EQ(same, stepped->layers[0].z.size());
    }
    // An infinity in W1 before the first step, in a row (pixel 5) that every image of `second`
    // skips: the first forward pass must read all of W1, and 0 * inf = NaN reach z1 as on the plain
    // pass; the sigmoid net takes forward_knowing, the ReLU net the split by rows (2 threads).
    for (nn::Network<float>* start : {&net, &relu}) {
        nn::use_fast_kernels(start == &relu ? 2 : 1);
        nn::Network<float> stepped = *start;
        stepped.layers[0].W(5, 3) = INFINITY;
        nn::Network<float> plain = stepped;
        const nn::TrainStep step = nn::batch_step();
        step.forward(stepped, second, rng);
        if (step.settle) step.settle(stepped);  // z1 into the network
        plain.forward(second.X);
        std::size_t nans = 0, same = 0;
        for (std::size_t k = 0; k < plain.layers[0].z.size(); ++k) {
            nans += std::isnan(plain.layers[0].z[k]);
            same += std::isnan(stepped.layers[0].z[k]) == std::isnan(plain.layers[0].z[k]);
        }
        CHECK(nans > 0);
        CHECK_EQ(same, plain.layers[0].z.size());
    }
    nn::use_fast_kernels(1);
}

}  // namespace

int main() {
    test_schedules();
    test_early_stopping_rule();
    test_loop_with_early_stopping();
    test_step_for();
    test_batch_step_watch();
    return check::report("schedule");
}
