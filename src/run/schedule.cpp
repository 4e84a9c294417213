// Learning-rate schedules. Derivation: docs/19-schedules.md.
#include "run/schedule.hpp"

#include <cmath>
#include <cstdio>

namespace nn {

std::string Schedule::text() const {
    if (kind == Kind::Constant) return "constant";
    if (kind == Kind::Cosine) return "cosine";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "step:%zu:%g", every, factor);
    return buffer;
}

// docs/19-schedules.md#eq-19-1, docs/19-schedules.md#eq-19-2
double scheduled_rate(const Schedule& schedule, double eta0, std::size_t e, std::size_t epochs) {
    switch (schedule.kind) {
        case Schedule::Kind::Constant:
            return eta0;
        case Schedule::Kind::Step:  // (19.1)
            return eta0 * std::pow(schedule.factor, double(e / (schedule.every ? schedule.every : 1)));
        case Schedule::Kind::Cosine: {  // (19.2): from eta0 at e = 0 down towards 0 at e = epochs
            const double pi = std::acos(-1.0);
            return eta0 * 0.5 * (1.0 + std::cos(pi * double(e) / double(epochs ? epochs : 1)));
        }
    }
    return eta0;
}

}  // namespace nn
