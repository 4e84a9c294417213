// He, Xavier, plain normal and uniform initialisation. Derivation: docs/08-initialisation.md.
#include "nn/init.hpp"

#include <cmath>

namespace nn {
namespace {

// Fills W row by row with std * N(0, 1), drawing in the same order on every platform.
template <typename T>
void fill_normal(Matrix<T>& W, double std, Rng& rng) {
    for (std::size_t k = 0; k < W.size(); ++k) W[k] = static_cast<T>(std * rng.normal());
}

}  // namespace

// docs/08-initialisation.md#eq-8-3
template <typename T>
void he_normal(Matrix<T>& W, Rng& rng) {
    const double n_in = static_cast<double>(W.rows());
    fill_normal(W, std::sqrt(2.0 / n_in), rng);
}

// docs/08-initialisation.md#eq-8-4
template <typename T>
void xavier_normal(Matrix<T>& W, Rng& rng) {
    const double n_in = static_cast<double>(W.rows()), n_out = static_cast<double>(W.cols());
    fill_normal(W, std::sqrt(2.0 / (n_in + n_out)), rng);
}

// docs/08-initialisation.md#eq-8-7
template <typename T>
void normal_fill(Matrix<T>& M, double std, Rng& rng) {
    fill_normal(M, std, rng);
}

// docs/08-initialisation.md#eq-8-8
template <typename T>
void uniform_fill(Matrix<T>& M, double a, Rng& rng) {
    for (std::size_t k = 0; k < M.size(); ++k) M[k] = static_cast<T>(a * (2.0 * rng.uniform() - 1.0));
}

template void he_normal(Matrix<float>&, Rng&);
template void he_normal(Matrix<double>&, Rng&);
template void xavier_normal(Matrix<float>&, Rng&);
template void xavier_normal(Matrix<double>&, Rng&);
template void normal_fill(Matrix<float>&, double, Rng&);
template void normal_fill(Matrix<double>&, double, Rng&);
template void uniform_fill(Matrix<float>&, double, Rng&);
template void uniform_fill(Matrix<double>&, double, Rng&);

}  // namespace nn
