// The dense layer's forward and backward on a hand-computed 2-example batch.
#include "check.hpp"
#include "nn/dense.hpp"

using nn::Matrix;

template <typename T>
static Matrix<T> make(std::size_t rows, std::size_t cols, std::initializer_list<T> values) {
    Matrix<T> M(rows, cols);
    std::size_t k = 0;
    for (T v : values) M[k++] = v;
    return M;
}

int main() {
    // X (2 x 3), W (3 x 2), b (1 x 2).
    const auto X = make<double>(2, 3, {1, 2, 3, -1, 0, 2});
    const auto W = make<double>(3, 2, {0.5, -1, 1, 0, -0.5, 2});
    const auto b = make<double>(1, 2, {0.1, -0.2});
    Matrix<double> z;
    nn::dense_forward(X, W, b, z);
    // row 0: (0.5 + 2 - 1.5, -1 + 0 + 6) + b = (1.1, 4.8); row 1: (-0.5 + 0 - 1, 1 + 0 + 4) + b = (-1.4, 4.8)
    const double expected_z[] = {1.1, 4.8, -1.4, 4.8};
    for (int k = 0; k < 4; ++k) CHECK_REL(z[k], expected_z[k], 1e-15);

    // delta (2 x 2): dW = X^T delta, db = column sums, dX = delta W^T.
    const auto delta = make<double>(2, 2, {1, 2, 3, -1});
    Matrix<double> dW, db, dX;
    nn::dense_backward(X, W, delta, dW, db, &dX);
    // X^T delta = [[1*1 + -1*3, 1*2 + -1*-1], [2*1 + 0, 2*2 + 0], [3*1 + 2*3, 3*2 + 2*-1]]
    const double expected_dW[] = {-2, 3, 2, 4, 9, 4};
    for (int k = 0; k < 6; ++k) CHECK_EQ(dW[k], expected_dW[k]);
    CHECK_EQ(db.shape(), std::string("1 x 2"));
    CHECK_EQ(db[0], 4.0);
    CHECK_EQ(db[1], 1.0);
    // delta W^T: row 0 = (1*0.5 + 2*-1, 1*1 + 0, 1*-0.5 + 2*2) = (-1.5, 1, 3.5)
    //            row 1 = (3*0.5 + -1*-1, 3*1 + 0, 3*-0.5 + -1*2) = (2.5, 3, -3.5)
    const double expected_dX[] = {-1.5, 1, 3.5, 2.5, 3, -3.5};
    for (int k = 0; k < 6; ++k) CHECK_EQ(dX[k], expected_dX[k]);

    // The first layer skips dX: passing nullptr leaves everything else the same.
    Matrix<double> dW2, db2;
    nn::dense_backward(X, W, delta, dW2, db2, static_cast<Matrix<double>*>(nullptr));
    CHECK(dW2 == dW);
    CHECK(db2 == db);

    Matrix<double> wrong_b(1, 3);
    CHECK_THROWS_WITH(nn::dense_forward(X, W, wrong_b, z), "expected 1 x 2", "found 1 x 3");
    return check::report("dense");
}
