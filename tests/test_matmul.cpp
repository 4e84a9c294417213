// The three products: exact hand-computed values, the fast kernels against the reference triple
// loops on many shapes (edge sizes included), and identical results for any thread count.
#include <cmath>
#include <cstdio>
#include <vector>

#include "check.hpp"
#include "core/matmul.hpp"
#include "fast/engine.hpp"
#include "core/rng.hpp"

using nn::Matrix;

template <typename T>
static Matrix<T> random_matrix(std::size_t rows, std::size_t cols, nn::Rng& rng) {
    Matrix<T> M(rows, cols);
    for (std::size_t k = 0; k < M.size(); ++k) M[k] = static_cast<T>(2 * rng.uniform() - 1);
    return M;
}

// Every entry of the fast product within the rounding bound of the reference, C = A B (A m x k, B k x n).
// Both sum the k products in increasing p; each result lies within gamma_k S of the exact sum, where
// S = sum_p |A(i,p) B(p,j)| and gamma_k = k u / (1 - k u) (Higham, Accuracy and Stability of Numerical
// Algorithms, 2nd ed., section 3.1; the same holds when a multiply-add is fused). So the two differ by
// at most 2 gamma_k S. For k = 784 in float that is about 1e-4 S: a product term dropped, doubled or
// taken from the wrong row moves an entry by a whole |A(i,p) B(p,j)|, far outside it.
template <typename T>
static bool close(const Matrix<T>& fast, const Matrix<T>& ref, const Matrix<T>& A, const Matrix<T>& B, double unit) {
    if (fast.rows() != ref.rows() || fast.cols() != ref.cols()) return false;
    const std::size_t k = A.cols();
    const double gamma = double(k) * unit / (1.0 - double(k) * unit);
    for (std::size_t i = 0; i < ref.rows(); ++i)
        for (std::size_t j = 0; j < ref.cols(); ++j) {
            double S = 0;
            for (std::size_t p = 0; p < k; ++p) S += std::fabs(double(A(i, p)) * double(B(p, j)));
            const double diff = std::fabs(double(fast(i, j)) - double(ref(i, j)));
            if (diff > 2.0 * gamma * S) {
                std::fprintf(stderr, "entry (%zu, %zu): fast %.9g reference %.9g, bound %.3g (k = %zu)\n", i, j,
                             double(fast(i, j)), double(ref(i, j)), 2.0 * gamma * S, k);
                return false;
            }
        }
    return true;
}

template <typename T>
static Matrix<T> transpose(const Matrix<T>& A) {
    Matrix<T> At(A.cols(), A.rows());
    for (std::size_t i = 0; i < A.rows(); ++i)
        for (std::size_t j = 0; j < A.cols(); ++j) At(j, i) = A(i, j);
    return At;
}

static void test_hand_computed() {
    Matrix<double> A(2, 3), B(3, 2), C;
    const double a[] = {1, 2, 3, 4, 5, 6}, b[] = {7, 8, 9, 10, 11, 12};
    for (int k = 0; k < 6; ++k) { A[k] = a[k]; B[k] = b[k]; }
    // [[1 2 3] [4 5 6]] [[7 8] [9 10] [11 12]] = [[58 64] [139 154]]
    const double expected[] = {58, 64, 139, 154};
    nn::matmul(A, B, C);
    CHECK_EQ(C.shape(), std::string("2 x 2"));
    for (int k = 0; k < 4; ++k) CHECK_EQ(C[k], expected[k]);
    nn::matmul_reference(A, B, C);
    for (int k = 0; k < 4; ++k) CHECK_EQ(C[k], expected[k]);
    // The same product written as A^T B with A stored transposed, and as A B^T with B transposed.
    nn::matmul_at(transpose(A), B, C);
    for (int k = 0; k < 4; ++k) CHECK_EQ(C[k], expected[k]);
    nn::matmul_bt(A, transpose(B), C);
    for (int k = 0; k < 4; ++k) CHECK_EQ(C[k], expected[k]);
}

static void test_shape_errors() {
    Matrix<float> A(32, 784), B(785, 100), C;
    CHECK_THROWS_WITH(nn::matmul(A, B, C), "matmul", "expected B with 784 rows", "32 x 784", "785 x 100");
    CHECK_THROWS_WITH(nn::matmul_reference(A, B, C), "matmul", "784 rows");
    CHECK_THROWS_WITH(nn::matmul_at(A, B, C), "matmul_at", "expected B with 32 rows");
    CHECK_THROWS_WITH(nn::matmul_bt(A, B, C), "matmul_bt", "expected B with 784 columns");
}

// Fast against reference for every combination of the edge sizes, in T = float and double;
// then the same with 2 threads, which must agree with 1 thread bit for bit.
template <typename T>
static void test_against_reference(double unit) {
    const std::size_t sizes[] = {1, 7, 17, 63, 65, 300};  // 784 below, as k and in test_training_shapes
    nn::Rng rng(42);
    for (std::size_t m : sizes)
        for (std::size_t k : {std::size_t(1), std::size_t(10), std::size_t(65), std::size_t(784)})
            for (std::size_t n : sizes) {
                const Matrix<T> A = random_matrix<T>(m, k, rng), B = random_matrix<T>(k, n, rng);
                const Matrix<T> At = transpose(A), Bt = transpose(B);
                Matrix<T> ref;
                nn::matmul_reference(A, B, ref);

                // Each fast product on 1 thread against the reference, then on 2 threads against 1.
                const auto check_product = [&](auto product, const Matrix<T>& left, const Matrix<T>& right) {
                    Matrix<T> one, two;
                    nn::use_fast_kernels(1);
                    product(left, right, one);
                    CHECK(close(one, ref, A, B, unit));
                    nn::use_fast_kernels(2);
                    product(left, right, two);
                    CHECK(one == two);
                };
                check_product(nn::matmul<T>, A, B);
                check_product(nn::matmul_at<T>, At, B);
                check_product(nn::matmul_bt<T>, A, Bt);

                Matrix<T> ref_at, ref_bt;  // the references agree with each other, too (up to
                nn::matmul_at_reference(At, B, ref_at);  // fused multiply-adds the compiler may
                nn::matmul_bt_reference(A, Bt, ref_bt);  // form in one loop and not another)
                CHECK(close(ref_at, ref, A, B, unit));
                CHECK(close(ref_bt, ref, A, B, unit));
            }
    nn::use_fast_kernels(1);
}

// Batch 1 takes the vector-matrix path (one row, wider tiles); row i of a product must come out
// bit for bit the same whether computed alone or as part of a batch, for each product kind.
template <typename T>
static void test_single_row_matches_batch() {
    nn::Rng rng(9);
    for (std::size_t k : {std::size_t(1), std::size_t(10), std::size_t(300), std::size_t(784)})
        for (std::size_t n : {std::size_t(1), std::size_t(10), std::size_t(17), std::size_t(64),
                              std::size_t(65), std::size_t(300)}) {
            const std::size_t m = 13;
            const Matrix<T> A = random_matrix<T>(m, k, rng), B = random_matrix<T>(k, n, rng);
            const Matrix<T> At = transpose(A), Bt = transpose(B);
            Matrix<T> whole, whole_at, whole_bt, row, row_at, row_bt;
            nn::matmul(A, B, whole);
            nn::matmul_at(At, B, whole_at);
            nn::matmul_bt(A, Bt, whole_bt);
            bool same = true;
            for (std::size_t i = 0; i < m; ++i) {
                Matrix<T> a(1, k), a_t(k, 1);
                for (std::size_t p = 0; p < k; ++p) a(0, p) = a_t(p, 0) = A(i, p);
                nn::matmul(a, B, row);
                nn::matmul_at(a_t, B, row_at);
                nn::matmul_bt(a, Bt, row_bt);
                for (std::size_t j = 0; j < n; ++j)
                    same = same && row(0, j) == whole(i, j) && row_at(0, j) == whole_at(i, j) &&
                           row_bt(0, j) == whole_bt(i, j);
            }
            CHECK(same);
        }
}

// The training shapes of 784-300-10 at batch 64 and 128: fast against
// reference, and 1 thread against 2 (large enough here to run in parallel).
template <typename T>
static void test_training_shapes(double unit) {
    nn::Rng rng(11);
    for (std::size_t m : {std::size_t(64), std::size_t(128)}) {
        struct { std::size_t m, k, n; } shapes[] = {{m, 784, 300}, {m, 300, 10}, {784, m, 300}, {300, m, 10}, {m, 10, 300}};
        for (const auto& s : shapes) {
            const Matrix<T> A = random_matrix<T>(s.m, s.k, rng), B = random_matrix<T>(s.k, s.n, rng);
            const Matrix<T> At = transpose(A), Bt = transpose(B);
            Matrix<T> ref, one, two;
            nn::matmul_reference(A, B, ref);
            for (int kind = 0; kind < 3; ++kind) {
                for (int threads : {1, 2}) {
                    nn::use_fast_kernels(threads);
                    Matrix<T>& C = threads == 1 ? one : two;
                    if (kind == 0) nn::matmul(A, B, C);
                    else if (kind == 1) nn::matmul_at(At, B, C);
                    else nn::matmul_bt(A, Bt, C);
                }
                CHECK(close(one, ref, A, B, unit));
                CHECK(one == two);
            }
        }
    }
    nn::use_fast_kernels(1);
}

int main() {
    test_hand_computed();
    test_shape_errors();
    test_against_reference<float>(0x1.0p-24);   // float's unit roundoff
    test_against_reference<double>(0x1.0p-53);  // double's
    test_single_row_matches_batch<float>();
    test_single_row_matches_batch<double>();
    test_training_shapes<float>(0x1.0p-24);
    test_training_shapes<double>(0x1.0p-53);
    return check::report("matmul");
}
