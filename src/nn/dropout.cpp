// Inverted dropout: the mask, and its forward and backward. Derivation: docs/18-dropout.md.
#include "nn/dropout.hpp"

#include <stdexcept>
#include <string>

namespace nn {

// docs/18-dropout.md#eq-18-1, docs/18-dropout.md#eq-18-5
template <typename T>
void dropout_mask(Matrix<T>& mask, std::size_t rows, std::size_t cols, double P, Rng& rng) {
    if (!(P >= 0 && P < 1))
        throw std::invalid_argument("dropout_mask: expected a drop probability in [0, 1), found " + std::to_string(P));
    const T kept = T(1.0 / (1.0 - P));  // E[mask] = 1: no rescaling at test time (the "inverted")
    // Unit k is dropped when the top 32 bits of its own number r_k (8.9) fall below P 2^32 (18.5).
    const std::uint64_t key = rng.next(), below = static_cast<std::uint64_t>(P * 4294967296.0);
    mask.resize(rows, cols);
    for (std::size_t k = 0; k < mask.size(); ++k) mask[k] = (counter_random(key, k) >> 32) < below ? T(0) : kept;
}

// docs/18-dropout.md#eq-18-2
template <typename T>
void dropout_forward(const Matrix<T>& h, const Matrix<T>& mask, Matrix<T>& out) {
    require_shape("dropout_forward: mask", mask, h.rows(), h.cols());
    out.resize(h.rows(), h.cols());
    for (std::size_t k = 0; k < h.size(); ++k) out[k] = h[k] * mask[k];
}

// docs/18-dropout.md#eq-18-4
template <typename T>
void dropout_backward(const Matrix<T>& dout, const Matrix<T>& mask, Matrix<T>& dh) {
    require_shape("dropout_backward: mask", mask, dout.rows(), dout.cols());
    dh.resize(dout.rows(), dout.cols());  // a no-op when dh is dout
    for (std::size_t k = 0; k < dout.size(); ++k) dh[k] = dout[k] * mask[k];
}

template void dropout_mask(Matrix<float>&, std::size_t, std::size_t, double, Rng&);
template void dropout_mask(Matrix<double>&, std::size_t, std::size_t, double, Rng&);
template void dropout_forward(const Matrix<float>&, const Matrix<float>&, Matrix<float>&);
template void dropout_forward(const Matrix<double>&, const Matrix<double>&, Matrix<double>&);
template void dropout_backward(const Matrix<float>&, const Matrix<float>&, Matrix<float>&);
template void dropout_backward(const Matrix<double>&, const Matrix<double>&, Matrix<double>&);

}  // namespace nn
