// Where the heavy loops run. By default every product and update runs the plain loops of src/core/
// (the code to read and step through); fast/ can install blocked, threaded versions of the same.
#pragma once

#include <cstddef>

namespace nn {

template <typename T> class Matrix;

// One pointer per operation whose speed matters; null means "the plain loop of src/core/". The
// teaching code (src/nn/) never sees this: it calls matmul, matmul_at, matmul_bt and subtract_scaled,
// which check their arguments and then call the installed version or the plain one. Whatever is
// installed must give the same numbers, up to the last bits of a fused multiply-add in a product
// (tests/test_matmul.cpp, tests/test_reference.cpp).
template <typename T>
struct Backend {
    using Product = void (*)(const Matrix<T>& A, const Matrix<T>& B, Matrix<T>& C);
    Product matmul = nullptr;     // C = A B
    Product matmul_at = nullptr;  // C = A^T B
    Product matmul_bt = nullptr;  // C = A B^T
    void (*subtract_scaled)(Matrix<T>& theta, T eta, const Matrix<T>& d) = nullptr;  // theta -= eta d
};

// The backend in use for T = float or double; change it only while nothing is computing.
template <typename T> Backend<T>& backend();

// Back to the plain loops for both float and double.
void use_plain_loops();

}  // namespace nn
