// Unit tests of Matrix<T> and its element-wise helpers (matrix.hpp), with hand-computed values.
#include "check.hpp"
#include "core/matrix.hpp"

using nn::Matrix;

static void test_shape_and_access() {
    Matrix<float> A(2, 3, 1.5f);
    CHECK_EQ(A.rows(), 2u);
    CHECK_EQ(A.cols(), 3u);
    CHECK_EQ(A.size(), 6u);
    CHECK_EQ(A.shape(), std::string("2 x 3"));
    A(1, 2) = 7;
    CHECK_EQ(A[5], 7.0f);  // row-major: (1, 2) is element 1*3 + 2
    CHECK_EQ(A.row(1)[2], 7.0f);
    CHECK_EQ(A(0, 0), 1.5f);
    A.resize(3, 2);
    CHECK_EQ(A.shape(), std::string("3 x 2"));
    CHECK_EQ(A.size(), 6u);
}

static void test_add_row_vector() {
    Matrix<double> Z(2, 3);
    for (std::size_t k = 0; k < Z.size(); ++k) Z[k] = static_cast<double>(k);  // [[0 1 2] [3 4 5]]
    Matrix<double> b(1, 3);
    b[0] = 10; b[1] = 20; b[2] = 30;
    nn::add_row_vector(Z, b);
    const double expected[] = {10, 21, 32, 13, 24, 35};
    for (std::size_t k = 0; k < 6; ++k) CHECK_EQ(Z[k], expected[k]);
    Matrix<double> wrong(1, 2);
    CHECK_THROWS_WITH(nn::add_row_vector(Z, wrong), "add_row_vector", "expected 1 x 3", "found 1 x 2");
}

static void test_column_sums() {
    Matrix<float> dZ(3, 2);
    const float values[] = {1, -2, 3, 4, 5, 0.5f};  // columns: 1+3+5 = 9, -2+4+0.5 = 2.5
    for (std::size_t k = 0; k < 6; ++k) dZ[k] = values[k];
    Matrix<float> db(7, 7, 99.0f);  // resized and overwritten, not accumulated into
    nn::column_sums(dZ, db);
    CHECK_EQ(db.shape(), std::string("1 x 2"));
    CHECK_EQ(db[0], 9.0f);
    CHECK_EQ(db[1], 2.5f);
}

static void test_argmax_rows() {
    Matrix<float> P(3, 3);
    const float values[] = {0.1f, 0.7f, 0.2f,   // 1
                            0.5f, 0.5f, 0.0f,   // tie: lowest index, 0
                            -3, -2, -1};        // 2
    for (std::size_t k = 0; k < 9; ++k) P[k] = values[k];
    const std::vector<int> best = nn::argmax_rows(P);
    CHECK_EQ(best.size(), 3u);
    CHECK_EQ(best[0], 1);
    CHECK_EQ(best[1], 0);
    CHECK_EQ(best[2], 2);
}

int main() {
    test_shape_and_access();
    test_add_row_vector();
    test_column_sums();
    test_argmax_rows();
    return check::report("matrix");
}
