// The fast engine behind matmul, matmul_at and matmul_bt: one blocked, threaded product over
// strided operands. How and why it is built this way: docs/performance.md.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

namespace nn {

// C (m x n) = A B with A(i,p) = a[i*a_row + p*a_inner] and B(p,j) = b[p*b_inner + j*b_col].
// Strides, not layouts, tell the three products apart, so one engine serves all three:
//   A B      a_row = k, a_inner = 1    b_inner = n, b_col = 1
//   A^T B    a_row = 1, a_inner = m    b_inner = n, b_col = 1
//   A B^T    a_row = k, a_inner = 1    b_inner = 1, b_col = k
// C(i,j) = c[i*c_row + j], c_row = n when left 0 (a block of a wider C, or W1 in rows padded to
// whole cache lines); C must not overlap A or B.
// subtract: instead of storing C = A B, subtract it scaled, C -= eta (A B), each value of A B as
// the product would have stored it; the update W1 -= eta dW1 without storing dW1 (batch_step,
// fast/finite_weights.cpp). Then *wrote_non_finite (if given) is set when a value written to C is
// infinite or NaN.
// accumulate: C += A B, each sum starting from C's value instead of 0, so that a sum over p can be
// cut into runs of p computed one after the other (z2 = h W2 over the hidden units of each thread,
// fast/step_rows.cpp): the same additions in the same order, hence the same bits. Not with subtract.
template <typename T>
struct Product {
    const T* a;
    std::size_t a_row, a_inner;
    const T* b;
    std::size_t b_inner, b_col;
    T* c;
    std::size_t m, n, k;
    bool subtract = false;
    T eta = T(0);
    std::atomic<bool>* wrote_non_finite = nullptr;
    std::size_t c_row = 0;
    bool accumulate = false;

    std::size_t ldc() const { return c_row != 0 ? c_row : n; }  // C's row stride
};

// The first 64-byte cache line boundary in `storage`, which is grown (never shrunk; new values 0) to
// hold `size` values from there: the packing buffers, and W1's copy in aligned rows.
template <typename T>
T* line_aligned(std::vector<T>& storage, std::size_t size) {
    constexpr std::size_t line = 64;
    if (storage.size() < size + line / sizeof(T)) storage.resize(size + line / sizeof(T));
    void* start = storage.data();
    std::size_t space = storage.size() * sizeof(T);
    return static_cast<T*>(std::align(line, size * sizeof(T), start, space));
}

// Product::subtract is done in the tiles from this many values of C on: it pays for a large C (W1
// of 784-300-10: 0.122 against 0.154 s an epoch at 1 thread, against dW1 and the update as two
// passes), not for a small one (784-30-10: 0.028 against 0.023 s); below it, through a buffer.
constexpr std::size_t kSubtractInTiles = 1 << 16;

// Computes the product. Every C(i,j) is summed as ((0 + A(i,0)B(0,j)) + A(i,1)B(1,j)) + ..., in
// increasing p, by one thread, whatever the thread count and wherever (i,j) falls in a tile.
// skip_zero_steps: a tile of rows leaves out the steps p where all its rows have A(i,p) = 0, where
// that pays and changes no value (fast/zero_steps.hpp); false computes every step (tests compare).
// b_finite: the caller knows that B holds no infinity or NaN (W1 in a training step's forward pass,
// fast/finite_weights.hpp), so the check that reads all of B is left out, and a single row (batch 1)
// and tiles split by columns among threads skip their zero steps too.
template <typename T>
void blocked_product(const Product<T>& P, bool skip_zero_steps = true, bool b_finite = false);

// The width of a tile of C for float products other than A B (32 columns with AVX-512, 16 with
// AVX2, 8 without): the update of W1 split at multiples of it splits no tile.
std::size_t product_column_tile();

}  // namespace nn
