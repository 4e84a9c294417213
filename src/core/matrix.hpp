// Matrix<T>: a dense row-major matrix, and the small element-wise helpers backprop needs.
// Derivation of how batches map onto matrices: docs/02-neuron-and-layer.md.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace nn {

// A batch holds one example per row: X is (m x 784), z1 is (m x n_h), and so on (docs/01-notation.md).
// T is float for training (twice the SIMD width of double) and double for the gradient checks.
template <typename T>
class Matrix {
public:
    Matrix() = default;
    Matrix(std::size_t rows, std::size_t cols, T value = T(0))
        : rows_(rows), cols_(cols), data_(rows * cols, value) {}

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    std::size_t size() const { return data_.size(); }
    bool empty() const { return data_.empty(); }

    T& operator()(std::size_t i, std::size_t j) { return data_[i * cols_ + j]; }
    const T& operator()(std::size_t i, std::size_t j) const { return data_[i * cols_ + j]; }
    // Flat access, element k = (k / cols, k % cols); used by loops over every parameter.
    T& operator[](std::size_t k) { return data_[k]; }
    const T& operator[](std::size_t k) const { return data_[k]; }

    T* data() { return data_.data(); }
    const T* data() const { return data_.data(); }
    T* row(std::size_t i) { return data_.data() + i * cols_; }
    const T* row(std::size_t i) const { return data_.data() + i * cols_; }

    // Changes the shape. Memory is reused when it is large enough, so a training loop that
    // resizes its buffers to the same batch shape every step allocates only once.
    // Contents after a resize are unspecified; every caller overwrites them.
    void resize(std::size_t rows, std::size_t cols) {
        rows_ = rows;
        cols_ = cols;
        data_.resize(rows * cols);
    }
    void fill(T value) {
        for (T& x : data_) x = value;
    }

    // "32 x 784", for error messages.
    std::string shape() const { return std::to_string(rows_) + " x " + std::to_string(cols_); }

    bool operator==(const Matrix& other) const {
        return rows_ == other.rows_ && cols_ == other.cols_ && data_ == other.data_;
    }
    bool operator!=(const Matrix& other) const { return !(*this == other); }

private:
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    std::vector<T> data_;
};

// Throws std::invalid_argument "<what>: expected <expected>, found <found>" when the shapes differ.
template <typename T>
void require_shape(const char* what, const Matrix<T>& M, std::size_t rows, std::size_t cols) {
    if (M.rows() != rows || M.cols() != cols)
        throw std::invalid_argument(std::string(what) + ": expected " + std::to_string(rows) + " x " +
                                    std::to_string(cols) + ", found " + M.shape());
}

// Z += 1 b^T: adds the row vector b (1 x n) to every row of Z (m x n). The "+ 1 b" of (2.4):
// docs/02-neuron-and-layer.md#eq-2-4
template <typename T>
void add_row_vector(Matrix<T>& Z, const Matrix<T>& b);

// db = 1^T dZ: the sum of each column of dZ (m x n), written to db (1 x n). (6.2) and (6.6):
// docs/06-backprop.md#eq-6-2
template <typename T>
void column_sums(const Matrix<T>& dZ, Matrix<T>& db);

// theta -= eta d, element by element: the update of SGD (7.1) is this for every W and b.
// Throws std::invalid_argument when d's shape is not theta's. docs/07-sgd.md#eq-7-1
template <typename T>
void subtract_scaled(Matrix<T>& theta, T eta, const Matrix<T>& d);

// out row r = X row rows[r], for r < count: the examples of a batch, copied out of the data set.
// out is resized to (count x X.cols()).
template <typename T>
void gather_rows(const Matrix<T>& X, const std::size_t* rows, std::size_t count, Matrix<T>& out);

// The index of the largest entry of row i of P, for every row; ties go to the lowest index.
template <typename T>
std::vector<int> argmax_rows(const Matrix<T>& P);

}  // namespace nn
