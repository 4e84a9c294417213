// Central differences in double against an analytic gradient, shared by the tests that check one:
// test_gradcheck.cpp (every activation, loss, the dense layer, whole networks), test_dropout.cpp
// (through a fixed mask) and test_optimizer.cpp (the L2 penalty). Method and tolerances:
// docs/10-gradient-checking.md.
#pragma once

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>

#include "core/matrix.hpp"

namespace gradcheck {

using nn::Matrix;

const double h = 1e-5;           // the step of the central difference
const double tolerance = 1e-6;   // correct code gives about 1e-9, a wrong gradient about 1

// |a - n| / max(|a|, |n|, 1e-8): relative, but not blown up where both are nearly zero.
// docs/10-gradient-checking.md#eq-10-4
inline double relative_error(double a, double n) {
    return std::fabs(a - n) / std::fmax(std::fmax(std::fabs(a), std::fabs(n)), 1e-8);
}

// (L(theta + h e_i) - L(theta - h e_i)) / 2h for every entry i of theta, compared with dtheta[i].
// Returns the worst relative error; prints each entry over the tolerance.
// docs/10-gradient-checking.md#eq-10-1
inline double worst_relative_error(const std::string& name, Matrix<double>& theta, const Matrix<double>& dtheta,
                                   const std::function<double()>& loss) {
    double worst = 0.0;
    for (std::size_t i = 0; i < theta.size(); ++i) {
        const double saved = theta[i];
        theta[i] = saved + h;
        const double L_plus = loss();
        theta[i] = saved - h;
        const double L_minus = loss();
        theta[i] = saved;  // restore before the next entry
        const double numeric = (L_plus - L_minus) / (2.0 * h);
        // The difference quotient itself is only exact to a few ulps of L divided by 2h
        // (docs/10-gradient-checking.md): within that, e.g. an exactly zero gradient of the perceptron
        // criterion against one ulp of L / 2h, the two cannot be told apart. A wrong gradient is off by
        // far more (the checks below also require gradients well away from zero).
        const double rounding = 4.0 * DBL_EPSILON * std::fmax(std::fabs(L_plus), std::fabs(L_minus)) / (2.0 * h);
        const double err = std::fabs(dtheta[i] - numeric) <= rounding ? 0.0 : relative_error(dtheta[i], numeric);
        if (err > tolerance)
            std::fprintf(stderr, "%s[%zu]: analytic %.9e numeric %.9e rel.err %.1e\n", name.c_str(), i,
                         dtheta[i], numeric, err);
        worst = std::fmax(worst, err);
    }
    return worst;
}

}  // namespace gradcheck
