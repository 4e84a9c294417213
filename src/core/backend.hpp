// Where the heavy loops run. By default every product and update runs the plain loops of src/core/
// (the code to read and step through); fast/ can install blocked, threaded versions of the same.
#pragma once

#include <cstddef>

namespace nn {

template <typename T> class Matrix;

// One pointer per operation whose speed matters; null means "the plain loop of src/core/". The
// teaching code (src/nn/) never sees this: it calls matmul, matmul_at, matmul_bt, subtract_scaled,
// gather_rows and gather_batch, which check their arguments and then call the installed version or the plain
// one. Whatever is installed must give the same numbers, up to the last bits of a fused
// multiply-add in a product (tests/test_matmul.cpp, tests/test_reference.cpp).
template <typename T>
struct Backend {
    using Product = void (*)(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C);
    Product matmul = nullptr;     // C = A B
    Product matmul_at = nullptr;  // C = A^T B
    Product matmul_bt = nullptr;  // C = A B^T
    void (*subtract_scaled)(Matrix<T>& theta, T eta, const Matrix<T>& d) = nullptr;  // theta -= eta d
    // Runs call(body, begin, end) on blocks of rows that cover [0, n), in any order and on any
    // thread, for rows that do not depend on each other (the copies of gather_rows and gather_batch,
    // the rows of a batch out of a data set). Null: one block.
    void (*row_blocks)(std::size_t n, void (*call)(const void* body, std::size_t begin, std::size_t end),
                       const void* body) = nullptr;
};

// The backend in use for T = float or double; change it only while nothing is computing.
template <typename T> Backend<T>& backend();

// body(begin, end) over the rows [0, n): body(0, n), or in blocks by the installed row_blocks.
template <typename T, typename Body>
void for_row_blocks(std::size_t n, const Body& body) {
    const auto call = [](const void* b, std::size_t begin, std::size_t end) {
        (*static_cast<const Body*>(b))(begin, end);
    };
    if (backend<T>().row_blocks) backend<T>().row_blocks(n, call, &body);
    else body(0, n);
}

// Back to the plain loops for both float and double.
void use_plain_loops();

}  // namespace nn
