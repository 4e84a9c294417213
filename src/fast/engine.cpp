// The fast engine installed in the backend: the products as strided calls to the blocked kernels,
// the update and the gather split over the thread pool. Why each is built this way: docs/performance.md.
#include "fast/engine.hpp"

#include <atomic>
#include <type_traits>

#include "core/backend.hpp"
#include "core/matrix.hpp"
#include "fast/matmul_kernels.hpp"
#include "fast/finite_weights.hpp"
#include "fast/online.hpp"
#include "fast/parallel.hpp"

namespace nn {
namespace {

// The products describe their operands by strides and hand them to the blocked product of
// matmul_kernels.cpp; see matmul_kernels.hpp for the stride of each case. The shapes were checked
// by the caller (core/matmul.cpp).
// In the forward pass of a training step, B = W1 may be known to be finite (fast/finite_weights.hpp):
// then z1 = X W1 skips the zero pixels without reading all of W1 to check it. In an evaluation
// (W1ReadOnce), B = W1 is read from its copy in aligned rows.
template <typename T>
void fast_matmul(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C) {
    const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
    C.resize(m, n);
    const void* finite = known_finite_weights();
    const bool b_finite = finite != nullptr && finite == static_cast<const void*>(B.data());
    Product<T> P{A.data(), k, 1, B.data(), n, 1, C.data(), m, n, k};
    if constexpr (std::is_same<T, float>::value) {
        const AlignedW1& copy = known_aligned_w1();
        if (b_finite && copy.of == B.data()) {
            P.b = copy.rows;
            P.b_inner = copy.stride;
        }
    }
    blocked_product(P, true, b_finite);
}

// A is stored (k x m): A^T(i,p) = A(p,i) sits at p*m + i.
template <typename T>
void fast_matmul_at(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C) {
    const std::size_t m = A.cols(), k = A.rows(), n = B.cols();
    C.resize(m, n);
    blocked_product(Product<T>{A.data(), 1, m, B.data(), n, 1, C.data(), m, n, k});
}

// B is stored (n x k): B^T(p,j) = B(j,p) sits at j*k + p.
template <typename T>
void fast_matmul_bt(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C) {
    const std::size_t m = A.rows(), k = A.cols(), n = B.rows();
    C.resize(m, n);
    blocked_product(Product<T>{A.data(), k, 1, B.data(), 1, k, C.data(), m, n, k});
}

// theta -= eta d as the plain loop computes it, value by value; large matrices on all threads.
template <typename T>
void threaded_subtract_scaled(Matrix<T>& theta, T eta, const Matrix<T>& d) {
    T* t = theta.data();
    const T* dk = d.data();
    const std::size_t cols = theta.cols();
    const auto rows = [&](std::size_t i0, std::size_t i1) {
        for (std::size_t k = i0 * cols; k < i1 * cols; ++k) t[k] -= eta * dk[k];
    };
    update_by_rows(theta.rows(), theta.size(), rows);  // large matrices on all threads, as the optimisers'
}

// The GatherHere objects alive.
std::atomic<int> gathers_here{0};

// Rows that do not depend on each other (the rows of a batch, copied or converted from bytes by
// gather_rows and gather_batch), 8 at a time on all threads; fewer than 16, or while a GatherHere
// lives, on this one. The rows are scattered over the whole data set and mostly come from memory,
// not cache: two threads keep twice as many reads in flight (a third of the copy time at batch 64,
// docs/performance.md), and the products after it, split over the threads, read rows of both.
void threaded_row_blocks(std::size_t n, ChunkCall call, const void* body) {
    if (n < 16 || gathers_here.load(std::memory_order_relaxed) > 0) return call(body, 0, n);
    parallel_for_chunks(n, call, body, 8);
}

template <typename T>
Backend<T> fast_backend() {
    Backend<T> b;
    b.matmul = fast_matmul<T>;
    b.matmul_at = fast_matmul_at<T>;
    b.matmul_bt = fast_matmul_bt<T>;
    b.subtract_scaled = threaded_subtract_scaled<T>;
    b.row_blocks = threaded_row_blocks;
    return b;
}

}  // namespace

GatherHere::GatherHere() { gathers_here.fetch_add(1); }

GatherHere::~GatherHere() { gathers_here.fetch_sub(1); }

void use_fast_kernels(int threads) {
    set_thread_count(threads);
    backend<float>() = fast_backend<float>();
    backend<double>() = fast_backend<double>();
}

bool fast_kernels_in_use() { return backend<float>().matmul == &fast_matmul<float>; }

Learn learn_for(std::size_t batch_size) {
    return batch_size == 1 && fast_kernels_in_use() ? online_learn : backprop_and_update;
}

TrainStep step_for(std::size_t batch_size) {
    if (!fast_kernels_in_use()) return {nullptr, learn_for(batch_size), nullptr};
    return batch_size == 1 ? online_step() : batch_step();
}

}  // namespace nn
