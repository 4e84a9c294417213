// Knowing that W1 holds no infinity or NaN without reading all of it. z1 = X W1 may skip the zero
// pixels of X only while W1 is finite (a skipped term 0 * inf would have been NaN), and checking
// that reads all of W1, a tenth of the product's time and, on two cores, lines of W1 the other core
// just wrote. A training step keeps the fact instead: its forward pass reads W1 at the epoch's first
// step, and its update says whether any value it wrote is not finite. An evaluation reads W1 once
// (W1ReadOnce) and from a copy in aligned rows (AlignedW1Copy). docs/performance.md, "Skipping the
// zero pixels".
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

#include "nn/network.hpp"
#include "nn/sgd.hpp"

namespace nn {

// The two halves of a training step as train_epoch takes them; empty ones are the plain ones.
// settle, when not empty: the step keeps W1 aside between its steps (batch_step), and net's W1
// (and, after a mini-batch step split by hidden units, the hidden layer's z, h and delta)
// holds its values only after settle(net). Call it before anything reads W1 between two steps (an
// evaluation, a stop) and after the last step; run/training.cpp does. Steps may follow it.
struct TrainStep {
    Forward forward;
    Learn learn;
    std::function<void(Network<float>& net)> settle;
};

// Whether every value of W1 is finite, as far as a step knows: `finite` holds when `checked`, which
// is false before the first forward pass and after an update that may have written an infinity or
// NaN (the next forward pass then reads W1 again).
struct FiniteW1 {
    bool checked = false;
    bool finite = false;
};

// A step's forward pass: reads W1 whole unless the fact is already checked.
void check_w1_once(FiniteW1& fact, const Matrix<float>& W1);

// The forward pass of a step that keeps `fact`: reads W1 whole unless fact is checked, then runs
// net.forward_train(batch.X, rng) while known_finite_weights() names W1 if it is finite; returns
// net.loss(batch.labels).
Forward forward_knowing(std::shared_ptr<FiniteW1> fact);

// Inside such a forward pass: the first layer's W when it is known to be finite, so that fast_matmul
// may skip the zero pixels of X in z1 = X W1 (fast/engine.cpp); else null.
const void* known_finite_weights();

// For forward passes that leave W1 as it is (evaluation, chunk after chunk): reads W1 once, here,
// and while this lives on this thread known_finite_weights() names it if it is finite. Each chunk's
// z1 = X W1 would otherwise read all of W1 again to check it (a tenth of the evaluation's time).
class W1ReadOnce {
public:
    explicit W1ReadOnce(const Network<float>& net);
    ~W1ReadOnce();
    W1ReadOnce(const W1ReadOnce&) = delete;
    W1ReadOnce& operator=(const W1ReadOnce&) = delete;

private:
    const void* previous_;
};

// W1 copied with every row starting on a 64-byte cache line: row p at rows + p * stride, the row
// length rounded up to a whole number of lines (300 floats -> 304). A row of 300 floats is 1200
// bytes, so three rows in four of W1 itself start inside a line, and each 64-byte load from such a
// row touches two lines. `of` is the W1 copied (null: none).
struct AlignedW1 {
    const void* of = nullptr;
    const float* rows = nullptr;
    std::size_t stride = 0;
};

// For an evaluation, beside a W1ReadOnce: copies W1 once into aligned rows, which
// known_aligned_w1() names while this lives on this thread, and which fast_matmul reads in W1's
// place where W1 is known to be finite (the same values, summed in the same order). Evaluation
// 0.083-0.086 -> 0.075-0.078 s at 2 threads (docs/performance.md, "Issue 17, seventh session").
// W1 must not change while this lives: the copy would not follow it.
class AlignedW1Copy {
public:
    explicit AlignedW1Copy(const Network<float>& net);
    ~AlignedW1Copy();
    AlignedW1Copy(const AlignedW1Copy&) = delete;
    AlignedW1Copy& operator=(const AlignedW1Copy&) = delete;

private:
    AlignedW1 previous_;
    std::vector<float> copy_;
};

// Inside an AlignedW1Copy: its copy of W1; else an AlignedW1 naming nothing.
const AlignedW1& known_aligned_w1();

// A row of `cols` floats rounded up to whole 64-byte lines (300 -> 304).
std::size_t aligned_row_length(std::size_t cols);

// W1 copied into `storage` (grown as needed) with row p at the returned start + p *
// aligned_row_length(W1.cols()), every row on a line; the padding past each row is 0.
float* copy_to_aligned_rows(const Matrix<float>& W1, std::vector<float>& storage);

// W1 as a training step keeps it between its steps (batch_step's split by rows, fast/step_rows.hpp,
// and online_step): in rows padded to whole 64-byte lines (300 floats -> 304), each starting on a
// line. A row of W1 itself is 1200 bytes, so three in four start inside a line, and every load of a
// tile's row of W1 then touches one line more; and with the lines whole, the two products of a
// mini-batch step split W1 by the same columns, each thread keeps its columns in its own cache, and
// no line is written by both (docs/performance.md, "Issue 17, tenth session"). net's W1 is written
// only by settle (TrainStep::settle): until then it lags by the steps since.
struct W1Aside {
    std::vector<float> storage;
    float* rows = nullptr;  // row p at rows + p * stride; null until taken
    std::size_t stride = 0;
    bool ahead = false;  // rows hold steps that W1 has not had yet

    void take(const Matrix<float>& W1);  // rows = W1, ahead = false
    void settle(Matrix<float>& W1);      // W1 = rows, when ahead
};

// While this lives on this thread, known_aligned_w1() names the rows of `aside` as W1's copy in
// aligned rows (AlignedW1Copy), so that z1 = x W1 reads them; nothing when aside is null.
class AlignedW1Hint {
public:
    AlignedW1Hint(const Matrix<float>& W1, const W1Aside* aside);
    ~AlignedW1Hint();
    AlignedW1Hint(const AlignedW1Hint&) = delete;
    AlignedW1Hint& operator=(const AlignedW1Hint&) = delete;

private:
    AlignedW1 previous_;
};

// backprop_and_update (nn/sgd.cpp) for every parameter but W1: backward down to delta1 and db1
// (no dW1), and the SGD step of the others. The online and the batch step share it.
void learn_all_but_w1(Network<float>& net, const Batch& batch, float eta);

// W1 -= eta X^T delta1 after learn_all_but_w1, with each tile of dW1 = X^T delta1 subtracted as it
// is computed, never stored: the values backprop_and_update gives (docs/performance.md, "Issue 17,
// sixth session"). Returns true when every value written to W1 is finite.
bool subtract_gradient_w1(Network<float>& net, const Matrix<float>& X, float eta);

// The mini-batch step for train_epoch while the fast engine is installed: forward_knowing, then
// learn_all_but_w1 and subtract_gradient_w1. Every value of W1 is rewritten, so W1 is finite after
// the step exactly when every value written is. For a W1 of fewer than kSubtractInTiles values, the
// plain forward pass and backprop_and_update. Where the small operations split by rows
// (fast/step_rows.hpp), W1 is kept aside between steps: settle the step (TrainStep::settle) before
// reading W1. Good for one epoch, as online_step.
TrainStep batch_step();

}  // namespace nn
