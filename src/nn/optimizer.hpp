// Optimisers past plain SGD, the maths: one step of momentum, Nesterov momentum or Adam on one
// parameter matrix. The state they keep for a whole network, which one a run uses and its weight
// decay: run/optimizer_state.hpp. Derivation: docs/15-momentum.md, docs/16-adam.md.
#pragma once

#include <cstdint>

#include "core/matrix.hpp"

namespace nn {

// (15.1): v <- mu v + dtheta, then theta <- theta - eta v.
// docs/15-momentum.md#eq-15-1
template <typename T> void momentum_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& v, T eta, T mu);
// (15.3): v <- mu v + dtheta, then theta <- theta - eta (dtheta + mu v).
// docs/15-momentum.md#eq-15-3
template <typename T> void nesterov_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& v, T eta, T mu);
// (16.1)-(16.3): the moving averages m and s of dtheta and dtheta^2, then the step with their bias
// corrections for step number t (1 on the first step).
// docs/16-adam.md#eq-16-3
template <typename T>
void adam_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& m, Matrix<T>& s, T eta, double beta1,
               double beta2, double epsilon, std::uint64_t t);

}  // namespace nn
