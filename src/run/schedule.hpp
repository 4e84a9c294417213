// Learning-rate schedules: the rate of each epoch from the base rate eta0.
// Derivation: docs/19-schedules.md.
#pragma once

#include <cstddef>
#include <string>

namespace nn {

struct Schedule {
    enum class Kind { Constant, Step, Cosine };
    Kind kind = Kind::Constant;
    std::size_t every = 0;  // Step: multiply by `factor` every `every` epochs
    double factor = 1;

    std::string text() const;  // "constant", "step:10:0.5", "cosine": as --schedule takes it
};

// The learning rate of epoch e (counted from 0) of a run of `epochs` epochs:
//   constant: eta0;  step: eta0 factor^floor(e / every);  cosine: eta0 (1 + cos(pi e / epochs)) / 2.
// (19.1)-(19.2): docs/19-schedules.md#eq-19-2
double scheduled_rate(const Schedule& schedule, double eta0, std::size_t e, std::size_t epochs);

}  // namespace nn
