// The same seed gives bit-identical weights, run after run and with 1 or 2 threads.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "check.hpp"
#include "fast/engine.hpp"
#include "fast/evaluation.hpp"
#include "fast/finite_weights.hpp"
#include "fast/online.hpp"
#include "nn/metrics.hpp"
#include "nn/sgd.hpp"
#include "run/training.hpp"
#include "synthetic.hpp"

// 784-300-10 with batch 64 and batch 1, so that the parallel paths (rows and column blocks) run.
static nn::Network<float> train(int threads, std::size_t batch, std::uint64_t seed) {
    nn::use_fast_kernels(threads);
    const nn::Dataset data = testdata::prototypes(640, 784, 0.5, 3);
    nn::Network<float> net({784, 300, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(seed);
    net.init(nn::Init::He, rng);
    std::vector<std::size_t> order = nn::identity_order(data.size());
    nn::Batch b;
    nn::train_epoch(net, data, order, batch, 0.05f, rng, b, [](std::size_t s) { return s < 320; });
    nn::use_fast_kernels(1);
    return net;
}

static bool same_weights(const nn::Network<float>& a, const nn::Network<float>& b) {
    for (std::size_t l = 0; l < a.layers.size(); ++l)
        if (a.layers[l].W != b.layers[l].W || a.layers[l].b != b.layers[l].b) return false;
    return true;
}

// Online SGD takes the shortcut online_learn (no dW1) in the fast engine; it must give the weights
// of the plain rule, backprop_and_update, bit for bit.
static void test_online_path_matches_general() {
    nn::use_fast_kernels(2);
    const nn::Dataset data = testdata::prototypes(200, 784, 0.5, 3);
    nn::Network<float> fast({784, 64, 10}, nn::Activation::Sigmoid, nn::Loss::CrossEntropy);
    nn::Rng rng(8);
    fast.init(nn::Init::Xavier, rng);
    nn::Network<float> general = fast;
    nn::Batch b;
    std::vector<std::size_t> order = nn::identity_order(data.size());
    for (std::size_t i = 0; i < data.size(); ++i) {
        nn::gather_batch(data, order, i, i + 1, b);
        fast.forward(b.X);
        nn::online_learn(fast, b, 0.5f);
        general.forward(b.X);
        nn::backprop_and_update(general, b, 0.5f);
    }
    CHECK(same_weights(fast, general));
    // And the same non-finite weights after a step with eta = inf: where x_p = 0, w - inf * 0 = NaN on
    // the general path, so the shortcut may not skip those rows then.
    nn::Network<float> fast_inf = general, general_inf = general;
    fast_inf.forward(b.X);
    nn::online_learn(fast_inf, b, INFINITY);
    general_inf.forward(b.X);
    nn::backprop_and_update(general_inf, b, INFINITY);
    std::size_t differ = 0, zeros = 0;
    for (std::size_t k = 0; k < general_inf.layers[0].W.size(); ++k)
        differ += std::isnan(fast_inf.layers[0].W[k]) != std::isnan(general_inf.layers[0].W[k]);
    for (std::size_t p = 0; p < b.X.cols(); ++p) zeros += b.X(0, p) == 0.0f;
    CHECK_EQ(differ, std::size_t{0});
    CHECK(zeros > 0);  // else the shortcut had nothing to skip
    CHECK(!same_weights(fast, [] {
        nn::Network<float> untrained({784, 64, 10}, nn::Activation::Sigmoid, nn::Loss::CrossEntropy);
        nn::Rng r(8);
        untrained.init(nn::Init::Xavier, r);
        return untrained;
    }()));
}

static bool same_bits(const nn::Matrix<float>& a, const nn::Matrix<float>& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// The steps of step_for(batch), the online step (fast/online.hpp) and the batch step
// (fast/finite_weights.hpp): their forward pass skips the zero pixels of X in z1 = X W1 while W1 is
// known to be finite, without reading W1, and must give the z1 and weights of the plain forward pass
// and backprop_and_update bit for bit: over epochs of train_epoch, with an infinity already in W1,
// and after a step that writes one (then the next forward pass must read all of W1 again).
// The batch step splits the whole step over the threads by hidden units (fast/step_rows.hpp), for
// ReLU and sigmoid alike; its loss, computed there, must be train_epoch's too.
static void test_step_matches_plain(std::size_t batch, int threads) {
    nn::use_fast_kernels(threads);
    nn::Dataset data = testdata::prototypes(120, 784, 0.5, 3);
    for (std::size_t k = 0; k < data.X.size(); ++k)
        if (k % 784 % 10 < 7) data.X[k] = 0.0f;  // a digit's blank pixels: most of them, so rows are skipped
    for (nn::Activation f : {nn::Activation::ReLU, nn::Activation::Sigmoid}) {
        nn::Network<float> stepped({784, 300, 10}, f, nn::Loss::CrossEntropy);
        nn::Rng init(8);
        stepped.init(nn::Init::He, init);
        nn::Network<float> plain = stepped;
        nn::Rng r1(4), r2(4);
        std::vector<std::size_t> o1 = nn::identity_order(data.size()), o2 = o1;
        nn::Batch b1, b2;
        for (int e = 0; e < 2; ++e) {
            const nn::TrainStep step = nn::step_for(batch);
            CHECK(step.forward != nullptr);
            // Settled after the first step (the step goes on from there) and after the last, W1 is the
            // plain one at both points.
            nn::Matrix<float> stepped_w1, plain_w1;
            const nn::EpochStats s = nn::train_epoch(
                stepped, data, o1, batch, 0.1f, r1, b1,
                [&](std::size_t samples) {
                    if (samples != batch) return true;
                    if (step.settle) step.settle(stepped);
                    stepped_w1 = stepped.layers[0].W;
                    return true;
                },
                step.learn, {}, step.forward);
            if (step.settle) step.settle(stepped);
            const nn::EpochStats p = nn::train_epoch(plain, data, o2, batch, 0.1f, r2, b2, [&](std::size_t samples) {
                if (samples == batch) plain_w1 = plain.layers[0].W;
                return true;
            });
            CHECK(std::memcmp(&s.mean_batch_loss, &p.mean_batch_loss, sizeof s.mean_batch_loss) == 0);
            CHECK(plain_w1.size() > 0 && same_bits(stepped_w1, plain_w1));
            CHECK(same_weights(stepped, plain));
        }
        CHECK(same_weights(stepped, plain));
        CHECK(same_bits(stepped.layers[0].z, plain.layers[0].z));
    }
    // Both take the step split by hidden units (fast/step_rows.hpp).
    for (nn::Activation f : {nn::Activation::ReLU, nn::Activation::Sigmoid}) {
        nn::Network<float> net({784, 300, 10}, f, nn::Loss::CrossEntropy);
        nn::Rng rng(2);
        net.init(nn::Init::He, rng);
        // An infinity in a row of W1 that x skips: 0 * inf = NaN in z1 on both paths.
        nn::Batch b;
        std::vector<std::size_t> order = nn::identity_order(data.size());
        nn::gather_batch(data, order, 0, batch, b);
        nn::Network<float> a = net, c = net;
        a.layers[0].W(5, 3) = c.layers[0].W(5, 3) = INFINITY;  // pixel 5 is one of the blank ones
        for (std::size_t i = 0; i < batch; ++i) CHECK_EQ(b.X(i, 5), 0.0f);
        const nn::TrainStep once = nn::step_for(batch);
        once.forward(a, b, rng);
        if (once.settle) once.settle(a);  // z1 into the network
        c.forward(b.X);
        CHECK(same_bits(a.layers[0].z, c.layers[0].z));
        CHECK(std::isnan(a.layers[0].z(0, 3)));
        // A step that overflows some weights of the rows it updates (x_p = 1000, eta near the largest
        // float), then examples that are 0 on those rows: the plain pass gives NaN there.
        const auto [first, second] = testdata::overflow_batches(batch, 4);
        nn::Network<float> d = net, e = net;
        const nn::TrainStep step = nn::step_for(batch);
        step.forward(d, first, rng);
        step.learn(d, first, 3e38f);
        e.forward(first.X);
        nn::backprop_and_update(e, first, 3e38f);
        step.forward(d, second, rng);  // not settled before: the step must see what it wrote aside
        e.forward(second.X);
        if (step.settle) step.settle(d);  // W1 and z1 back into the network
        CHECK(same_bits(d.layers[0].z, e.layers[0].z));
        CHECK(same_weights(d, e));
        std::size_t nans = 0;
        for (std::size_t j = 0; j < 300; ++j) nans += std::isnan(e.layers[0].z(0, j));
        CHECK(nans > 0);  // else this case tests nothing
    }
    nn::use_fast_kernels(1);
}

// Evaluation reads W1 once for infinities (W1ReadOnce), not once per chunk, and from a copy in aligned
// rows (AlignedW1Copy): the same figures as the plain check, and an infinity in a row that every
// image skips still gives NaN.
static void test_w1_read_once() {
    nn::use_fast_kernels(2);
    nn::Dataset data = testdata::prototypes(600, 784, 0.5, 3);
    for (std::size_t k = 0; k < data.X.size(); ++k)
        if (k % 784 % 10 < 7) data.X[k] = 0.0f;  // pixel 5 is blank in every image
    nn::Network<float> net({784, 300, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(2);
    net.init(nn::Init::He, rng);
    const nn::Evaluation plain = nn::evaluate(net, data);
    {
        const nn::W1ReadOnce w1(net);
        const nn::AlignedW1Copy aligned(net);
        CHECK(nn::known_finite_weights() == net.layers[0].W.data());
        const nn::AlignedW1& copy = nn::known_aligned_w1();  // read in W1's place: rows of 304 on lines
        CHECK(copy.of == net.layers[0].W.data());
        CHECK_EQ(copy.stride, 304u);
        CHECK_EQ(reinterpret_cast<std::uintptr_t>(copy.rows) % 64, 0u);
        const nn::Evaluation once = nn::evaluate(net, data);
        CHECK_EQ(once.correct, plain.correct);
        CHECK(std::memcmp(&once.loss, &plain.loss, sizeof once.loss) == 0);
    }
    CHECK(nn::known_finite_weights() == nullptr);  // only while it lives
    CHECK(nn::known_aligned_w1().of == nullptr);
    net.layers[0].W(5, 3) = INFINITY;
    {
        const nn::W1ReadOnce w1(net);
        const nn::AlignedW1Copy aligned(net);  // not read: W1 is not known to be finite
        CHECK(nn::known_finite_weights() == nullptr);
        net.forward(data.X);
        std::size_t nans = 0;
        for (std::size_t i = 0; i < data.size(); ++i) nans += std::isnan(net.layers[0].z(i, 3));
        CHECK_EQ(nans, data.size());  // 0 * inf in every row, as the plain product gives
    }
    nn::use_fast_kernels(1);
}

// init draws every weight from the seed's Rng, row by row, layer by layer: W1 = sqrt(2/784) N(0,1)
// (He), then W2 = sqrt(2/(300+10)) N(0,1) (Xavier for the output layer), and zero biases
// (docs/08-initialisation.md#eq-8-3, #eq-8-4). So the same seed gives these exact weights anywhere.
// fast_evaluate gives evaluate()'s figures bit for bit at any thread count: 600 examples are five
// chunks of 128 or fewer (two threads take 2 and 3 of them, three threads 1, 2 and 2), 100 are one,
// none are none. The copies of the network the other threads evaluate on, and the chunks' figures
// summed in their order, are what this checks.
static void test_fast_evaluate() {
    nn::Dataset data = testdata::prototypes(600, 784, 0.5, 3);
    nn::Network<float> net({784, 300, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(4);
    net.init(nn::Init::He, rng);
    nn::Dataset few = data;
    nn::keep_first(few, 100);
    nn::use_fast_kernels(1);
    const nn::Evaluation plain = nn::evaluate(net, data), plain_few = nn::evaluate(net, few);
    for (int threads : {1, 2, 3}) {
        nn::use_fast_kernels(threads);
        const nn::Evaluation fast = nn::fast_evaluate(net, data), fast_few = nn::fast_evaluate(net, few);
        CHECK_EQ(fast.correct, plain.correct);
        CHECK_EQ(fast.count, 600u);
        CHECK(std::memcmp(&fast.loss, &plain.loss, sizeof fast.loss) == 0);
        CHECK(std::memcmp(&fast.accuracy, &plain.accuracy, sizeof fast.accuracy) == 0);
        CHECK_EQ(fast_few.correct, plain_few.correct);
        CHECK(std::memcmp(&fast_few.loss, &plain_few.loss, sizeof fast_few.loss) == 0);
        CHECK_EQ(nn::fast_evaluate(net, nn::Dataset{}).count, 0u);
    }
    CHECK(plain.correct > 0 && plain.correct < 600);  // else the figures compared say little
    nn::use_fast_kernels(1);
}

static void test_init_draws() {
    nn::Network<float> net({784, 300, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    nn::Rng rng(3), twin(3);
    net.init(nn::Init::He, rng);
    const double scale[2] = {std::sqrt(2.0 / 784), std::sqrt(2.0 / (300 + 10))};
    std::size_t wrong = 0;
    for (std::size_t l = 0; l < 2; ++l) {
        const nn::Layer<float>& layer = net.layers[l];
        for (std::size_t k = 0; k < layer.W.size(); ++k)
            wrong += layer.W[k] != static_cast<float>(scale[l] * twin.normal());
        for (std::size_t k = 0; k < layer.b.size(); ++k) wrong += layer.b[k] != 0.0f;
    }
    CHECK_EQ(wrong, std::size_t{0});
    // The first weights of seed 3, as numbers: sqrt(2/784) times the first normals of Rng(3).
    const float w1[4] = {0.0132520543f, -0.0686069503f, 0.0519703142f, -0.0884767696f};
    for (std::size_t k = 0; k < 4; ++k) CHECK_REL(net.layers[0].W[k], w1[k], 1e-6);
}

// The one training loop of ./mnist, compare and sweep (run_experiment) is the plain epoch loop: seed,
// init, then config.epochs calls of train_epoch with one Rng that goes on from epoch to epoch (a fresh
// order each time), giving the same weights bit for bit; its figures are evaluations on the right sets.
static void test_run_is_the_epoch_loop() {
    nn::use_fast_kernels(2);
    nn::Mnist data;
    data.train = testdata::prototypes(150, 16, 0.3, 4);
    data.test = testdata::prototypes(40, 16, 0.3, 5);
    for (std::size_t batch : {std::size_t{1}, std::size_t{16}}) {
        nn::RunConfig c;
        c.layers = {16, 8, 10};
        c.batch_size = batch;
        c.eta = 0.1;
        c.epochs = 3;
        c.seed = 11;
        nn::Network<float> net({1, 1}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
        const nn::RunResult r = nn::run_experiment(c, data, net);
        nn::Network<float> plain(c.layers, c.activation, c.loss);
        nn::Rng rng(c.seed);
        plain.init(c.init, rng);
        std::vector<std::size_t> order = nn::identity_order(data.train.size());
        nn::Batch b;
        for (int e = 0; e < 3; ++e)
            nn::train_epoch(plain, data.train, order, batch, 0.1f, rng, b, nullptr, nn::learn_for(batch));
        CHECK(same_weights(net, plain));
        CHECK_EQ(r.epochs.size(), std::size_t{3});
        CHECK_EQ(r.epochs.back().train.loss, nn::evaluate(plain, data.train).loss);
        CHECK_EQ(r.epochs.back().test.loss, nn::evaluate(plain, data.test).loss);
        CHECK_EQ(r.epochs.back().train.count, std::size_t{150});
    }
    nn::use_fast_kernels(1);
}

int main() {
    test_init_draws();
    test_run_is_the_epoch_loop();
    test_online_path_matches_general();
    // 7: a last batch of 1 (120 = 17 * 7 + 1); 64: a last batch of 56.
    for (std::size_t batch : {1, 7, 16, 64}) test_step_matches_plain(batch, 2);
    for (int threads : {1, 3}) test_step_matches_plain(64, threads);
    test_w1_read_once();
    test_fast_evaluate();
    for (std::size_t batch : {64, 1}) {
        const nn::Network<float> one = train(1, batch, 5);
        CHECK(same_weights(one, train(1, batch, 5)));
        CHECK(same_weights(one, train(2, batch, 5)));
        CHECK(!same_weights(one, train(1, batch, 6)));  // and the seed matters
        nn::Network<float> untrained({784, 300, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
        nn::Rng rng(5);
        untrained.init(nn::Init::He, rng);
        CHECK(!same_weights(one, untrained));  // training did change the weights
    }
    return check::report("reproducibility");
}
