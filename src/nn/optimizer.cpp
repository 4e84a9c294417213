// Momentum, Nesterov and Adam: the rules for one parameter matrix.
// Derivation: docs/15-momentum.md, docs/16-adam.md.
#include "nn/optimizer.hpp"

#include <cmath>
#include <stdexcept>

namespace nn {

// docs/15-momentum.md#eq-15-1
template <typename T>
void momentum_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& v, T eta, T mu, Range r) {
    require_shape("momentum_step: dtheta", dtheta, theta.rows(), theta.cols());
    require_shape("momentum_step: v", v, theta.rows(), theta.cols());
    for (std::size_t k = r.begin; k < std::min(r.end, theta.size()); ++k) {
        v[k] = mu * v[k] + dtheta[k];  // the velocity: a decaying sum of past gradients
        theta[k] -= eta * v[k];
    }
}

// docs/15-momentum.md#eq-15-3
template <typename T>
void nesterov_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& v, T eta, T mu, Range r) {
    require_shape("nesterov_step: dtheta", dtheta, theta.rows(), theta.cols());
    require_shape("nesterov_step: v", v, theta.rows(), theta.cols());
    for (std::size_t k = r.begin; k < std::min(r.end, theta.size()); ++k) {
        v[k] = mu * v[k] + dtheta[k];
        theta[k] -= eta * (dtheta[k] + mu * v[k]);  // the gradient step, then the look-ahead mu v
    }
}

// docs/16-adam.md#eq-16-1, docs/16-adam.md#eq-16-2, docs/16-adam.md#eq-16-3
template <typename T>
void adam_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& m, Matrix<T>& s, T eta, double beta1,
               double beta2, double epsilon, std::uint64_t t, Range r) {
    require_shape("adam_step: dtheta", dtheta, theta.rows(), theta.cols());
    require_shape("adam_step: m", m, theta.rows(), theta.cols());
    require_shape("adam_step: s", s, theta.rows(), theta.cols());
    if (t == 0) throw std::invalid_argument("adam_step: expected a step number t >= 1, found 0");
    // The bias corrections 1/(1 - beta^t) of (16.2), once per step, in double (beta2^t is near 1).
    const T c1 = T(1.0 / (1.0 - std::pow(beta1, double(t))));
    const T c2 = T(1.0 / (1.0 - std::pow(beta2, double(t))));
    const T b1 = T(beta1), b2 = T(beta2), eps = T(epsilon);
    for (std::size_t k = r.begin; k < std::min(r.end, theta.size()); ++k) {
        const T g = dtheta[k];
        m[k] = b1 * m[k] + (T(1) - b1) * g;      // (16.1) mean of the gradient
        s[k] = b2 * s[k] + (T(1) - b2) * g * g;  // (16.1) mean of its square
        const T m_hat = m[k] * c1, s_hat = s[k] * c2;  // (16.2)
        theta[k] -= eta * m_hat / (std::sqrt(s_hat) + eps);  // (16.3)
    }
}

template void momentum_step(Matrix<float>&, const Matrix<float>&, Matrix<float>&, float, float, Range);
template void momentum_step(Matrix<double>&, const Matrix<double>&, Matrix<double>&, double, double, Range);
template void nesterov_step(Matrix<float>&, const Matrix<float>&, Matrix<float>&, float, float, Range);
template void nesterov_step(Matrix<double>&, const Matrix<double>&, Matrix<double>&, double, double, Range);
template void adam_step(Matrix<float>&, const Matrix<float>&, Matrix<float>&, Matrix<float>&, float, double, double,
                        double, std::uint64_t, Range);
template void adam_step(Matrix<double>&, const Matrix<double>&, Matrix<double>&, Matrix<double>&, double, double,
                        double, double, std::uint64_t, Range);

}  // namespace nn
