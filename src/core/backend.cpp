// The backend in use: plain loops until something installs another (fast::install in src/fast/).
// Why there is a choice at all: README.md, "The plain path".
#include "core/backend.hpp"

namespace nn {

template <typename T>
Backend<T>& backend() {
    static Backend<T> installed;  // all null: the plain loops
    return installed;
}

void use_plain_loops() {
    backend<float>() = Backend<float>{};
    backend<double>() = Backend<double>{};
}

template Backend<float>& backend();
template Backend<double>& backend();

}  // namespace nn
