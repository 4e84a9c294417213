// Past plain SGD, the maths: one step of momentum, Nesterov momentum or Adam on one parameter matrix
// (a network's state, weight decay: run/optimizer_state.hpp). Derivation: docs/15-momentum.md, docs/16-adam.md.
#pragma once

#include <cstdint>

#include "core/matrix.hpp"

namespace nn {

// Each rule updates each value of theta and of its state alone: all of them, or those in [begin, end)
// (row-major), so that run/optimizer_state.cpp can split a large matrix over the threads.
struct Range { std::size_t begin = 0, end = std::size_t(-1); };
// (15.1): v <- mu v + dtheta, then theta <- theta - eta v. docs/15-momentum.md#eq-15-1
template <typename T>
void momentum_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& v, T eta, T mu, Range r = {});
// (15.3): v <- mu v + dtheta, then theta <- theta - eta (dtheta + mu v). docs/15-momentum.md#eq-15-3
template <typename T>
void nesterov_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& v, T eta, T mu, Range r = {});
// (16.1)-(16.3): the moving averages m and s of dtheta and dtheta^2, then the step with their bias
// corrections for step number t (1 on the first step). docs/16-adam.md#eq-16-3
template <typename T>
void adam_step(Matrix<T>& theta, const Matrix<T>& dtheta, Matrix<T>& m, Matrix<T>& s, T eta, double beta1,
               double beta2, double epsilon, std::uint64_t t, Range r = {});

}  // namespace nn
