// Skipping the zeros of A (fast/zero_steps.hpp): the lists of needed steps for a hand-made case, the
// same values with and without skipping on many shapes and densities, the same bits on 1 and 2
// threads, and the cases where nothing may be skipped (A mostly nonzero, B infinite or NaN).
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "check.hpp"
#include "core/matmul.hpp"
#include "core/rng.hpp"
#include "fast/engine.hpp"
#include "fast/matmul_kernels.hpp"
#include "fast/parallel.hpp"
#include "fast/zero_steps.hpp"

using nn::Matrix;

// rows x cols values, each nonzero with probability `density` (uniform in [-1, 1]); the zeros
// alternate between +0 and -0.
template <typename T>
static Matrix<T> sparse_matrix(std::size_t rows, std::size_t cols, double density, nn::Rng& rng) {
    Matrix<T> M(rows, cols);
    for (std::size_t k = 0; k < M.size(); ++k)
        M[k] = rng.uniform() < density ? static_cast<T>(2 * rng.uniform() - 1) : (k % 2 ? T(-0.0) : T(0));
    return M;
}

// C = A B as the engine describes matmul (A stored m x k) or matmul_at (A stored k x m).
template <typename T>
static nn::Product<T> product_of(const Matrix<T>& A, bool a_transposed, const Matrix<T>& B, Matrix<T>& C) {
    const std::size_t m = a_transposed ? A.cols() : A.rows(), k = B.rows(), n = B.cols();
    C.resize(m, n);
    if (a_transposed) return {A.data(), 1, m, B.data(), n, 1, C.data(), m, n, k};
    return {A.data(), k, 1, B.data(), n, 1, C.data(), m, n, k};
}

// Equal values; zeros of either sign count as equal (the one difference skipping allows).
template <typename T>
static bool same_values(const Matrix<T>& x, const Matrix<T>& y) {
    if (x.rows() != y.rows() || x.cols() != y.cols()) return false;
    for (std::size_t k = 0; k < x.size(); ++k)
        if (!(x[k] == y[k])) {
            std::fprintf(stderr, "value %zu: %.9g against %.9g\n", k, double(x[k]), double(y[k]));
            return false;
        }
    return true;
}

// The lists for all rows of P.
template <typename T>
static bool list_all(const nn::Product<T>& P, std::size_t group_rows, nn::StepLists& lists) {
    return nn::list_needed_steps(P, 0, P.m, group_rows, lists);
}

static std::vector<std::uint32_t> listed(const nn::StepLists& lists, std::size_t row) {
    const nn::Steps s = lists.of_row(row);
    return std::vector<std::uint32_t>(s.list, s.list + s.count);
}

// Groups of 2 rows of a 5 x 8 matrix A: the steps each group needs, by hand.
static void test_lists_by_hand() {
    Matrix<float> A(5, 8), B(8, 3), C;
    A.fill(0.0f);
    A(0, 1) = 1;   // group 0 (rows 0, 1): steps 1, 6
    A(1, 6) = -2;
    A(1, 1) = 3;
    A(3, 7) = 4;   // group 1 (rows 2, 3): step 7
    A(4, 0) = 5;   // group 2 (row 4): steps 0, 2
    A(4, 2) = -0.5f;
    B.fill(1.0f);
    nn::StepLists lists;
    CHECK(list_all(product_of(A, false, B, C), 2, lists));
    CHECK(listed(lists, 0) == std::vector<std::uint32_t>({1, 6}));
    CHECK(listed(lists, 1) == std::vector<std::uint32_t>({1, 6}));
    CHECK(listed(lists, 3) == std::vector<std::uint32_t>({7}));
    CHECK(listed(lists, 4) == std::vector<std::uint32_t>({0, 2}));
    // The same A stored transposed (matmul_at's layout) gives the same lists.
    Matrix<float> At(8, 5);
    for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t p = 0; p < 8; ++p) At(p, i) = A(i, p);
    nn::StepLists lists_at;
    CHECK(list_all(product_of(At, true, B, C), 2, lists_at));
    for (std::size_t i = 0; i < 5; ++i) CHECK(listed(lists_at, i) == listed(lists, i));
    // And the product: row 0 = 1 + 0 = 1 per column... every B(p,j) = 1, so C(i,j) = sum of row i.
    nn::set_thread_count(1);
    nn::blocked_product(product_of(A, false, B, C));
    const float row_sums[] = {1, 1, 0, 4, 4.5f};
    for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t j = 0; j < 3; ++j) CHECK_EQ(C(i, j), row_sums[i]);
}

// With and without skipping: equal values for every shape and density, on 1 thread; on 2 threads,
// the same bits as on 1. (Skipping is tried from 16 rows, 64 columns and 2^19 multiply-adds on, and
// at 2 threads where the tiles are shared by rows: m = 200 with n = 300.)
template <typename T>
static void test_skipping_changes_nothing() {
    nn::Rng rng(5);
    for (double density : {0.0, 0.02, 0.2, 0.6})
        for (std::size_t m : {1, 2, 7, 9, 64, 65, 200})
            for (std::size_t k : {1, 10, 65, 784})
                for (std::size_t n : {1, 10, 16, 17, 300})
                    for (bool transposed : {false, true}) {
                        const Matrix<T> A = transposed ? sparse_matrix<T>(k, m, density, rng)
                                                       : sparse_matrix<T>(m, k, density, rng);
                        const Matrix<T> B = sparse_matrix<T>(k, n, 2.0, rng);
                        Matrix<T> full, one, two, known;
                        nn::set_thread_count(1);
                        nn::blocked_product(product_of(A, transposed, B, full), false);
                        nn::blocked_product(product_of(A, transposed, B, one), true);
                        CHECK(same_values(one, full));
                        // B known to be finite (the online step's W1): single rows skip too.
                        nn::blocked_product(product_of(A, transposed, B, known), true, true);
                        CHECK(same_values(known, full));
                        nn::set_thread_count(2);
                        nn::blocked_product(product_of(A, transposed, B, two), true);
                        CHECK(std::memcmp(one.data(), two.data(), one.size() * sizeof(T)) == 0);
                    }
    nn::set_thread_count(1);
}

// A single row against a B wide enough to be shared by columns at 2 threads (784 x 800, as a layer
// of the recipe at batch 1): each thread lists the row for its own columns.
static void test_single_row_known_finite() {
    nn::Rng rng(9);
    const Matrix<float> x = sparse_matrix<float>(1, 784, 0.2, rng), B = sparse_matrix<float>(784, 800, 2.0, rng);
    Matrix<float> full, one, two;
    nn::set_thread_count(1);
    nn::blocked_product(product_of(x, false, B, full), false);
    nn::blocked_product(product_of(x, false, B, one), true, true);
    nn::set_thread_count(2);
    nn::blocked_product(product_of(x, false, B, two), true, true);
    nn::set_thread_count(1);
    CHECK(same_values(one, full));
    CHECK(std::memcmp(one.data(), two.data(), one.size() * sizeof(float)) == 0);
}

// list_nonzero by hand: +0 and -0 are zero, the rest is listed in order, across the runs of eight
// that are all zero and the tail past the last whole eight.
static void test_list_nonzero() {
    std::vector<float> v(21, 0.0f);
    v[3] = -0.0f;
    for (std::size_t p : {0, 7, 17, 20}) v[p] = 0.25f;
    std::vector<std::uint32_t> list = {99};
    nn::list_nonzero(v.data(), v.size(), list);
    CHECK(list == std::vector<std::uint32_t>({0, 7, 17, 20}));
    nn::list_nonzero(v.data(), 0, list);
    CHECK(list.empty());
}

// Where nothing may be skipped: most steps needed, or B not finite.
static void test_refusals() {
    nn::Rng rng(3);
    const Matrix<float> dense = sparse_matrix<float>(16, 40, 2.0, rng), B = sparse_matrix<float>(40, 17, 2.0, rng);
    Matrix<float> C;
    nn::StepLists lists;
    CHECK(!list_all(product_of(dense, false, B, C), 8, lists));
    Matrix<float> A(16, 40);
    A.fill(0.0f);
    A(0, 1) = 0.5f;
    CHECK(list_all(product_of(A, false, B, C), 8, lists));
    for (float bad : {std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                      std::numeric_limits<float>::quiet_NaN()}) {
        Matrix<float> B_bad = B;
        B_bad(7, 3) = bad;  // row 7: A(i, 7) = 0 for every i, so 0 * bad = NaN in every C(i, 3)
        CHECK(!list_all(product_of(A, false, B_bad, C), 8, lists));
        nn::use_fast_kernels(1);
        Matrix<float> fast, ref;
        nn::matmul(A, B_bad, fast);
        nn::matmul_reference(A, B_bad, ref);
        for (std::size_t i = 0; i < 16; ++i) CHECK(std::isnan(fast(i, 3)) && std::isnan(ref(i, 3)));
    }
    // The largest finite float is finite: skipping goes ahead.
    Matrix<float> B_big = B;
    B_big(9, 0) = std::numeric_limits<float>::max();
    CHECK(list_all(product_of(A, false, B_big, C), 8, lists));
    // A NaN in A is not zero: its step is listed, and the NaN reaches C as in the reference.
    Matrix<float> A_nan = A, fast, ref;
    A_nan(2, 4) = std::numeric_limits<float>::quiet_NaN();
    CHECK(list_all(product_of(A_nan, false, B, C), 8, lists));
    CHECK(listed(lists, 2) == std::vector<std::uint32_t>({1, 4}));
    nn::matmul(A_nan, B, fast);
    nn::matmul_reference(A_nan, B, ref);
    for (std::size_t j = 0; j < 17; ++j) CHECK(std::isnan(fast(2, j)) && std::isnan(ref(2, j)));
    CHECK_EQ(fast(0, 0), ref(0, 0));
}

// A batch shaped like MNIST's: each row's nonzeros in one band of pixels (the digit), zeros around
// it. The engine's matmul and matmul_at skip, and give the values of the full product.
static void test_digit_like_batch() {
    nn::Rng rng(17);
    Matrix<float> X = sparse_matrix<float>(64, 784, 0.0, rng);
    for (std::size_t i = 0; i < 64; ++i)
        for (std::size_t p = 200; p < 500; ++p) X(i, p) = rng.uniform() < 0.5 ? float(rng.uniform()) : 0.0f;
    const Matrix<float> W = sparse_matrix<float>(784, 300, 2.0, rng);
    const Matrix<float> delta = sparse_matrix<float>(64, 300, 2.0, rng);
    Matrix<float> C;
    nn::StepLists lists;
    CHECK(list_all(product_of(X, false, W, C), 8, lists));
    CHECK(list_all(product_of(X, true, delta, C), 8, lists));
    for (int threads : {1, 2}) {
        nn::use_fast_kernels(threads);
        Matrix<float> fast, full;
        nn::matmul(X, W, fast);
        nn::blocked_product(product_of(X, false, W, full), false);
        CHECK(same_values(fast, full));
        nn::matmul_at(X, delta, fast);
        nn::blocked_product(product_of(X, true, delta, full), false);
        CHECK(same_values(fast, full));
    }
    nn::use_fast_kernels(1);
}

int main() {
    test_lists_by_hand();
    test_skipping_changes_nothing<float>();
    test_skipping_changes_nothing<double>();
    test_refusals();
    test_digit_like_batch();
    test_single_row_known_finite();
    test_list_nonzero();
    return check::report("zero_steps");
}
