// A tiny test harness: CHECK macros that print file:line and both values, and a failure count
// that main() returns, so CTest sees a non-zero exit whenever any check failed.
#pragma once

#include <cmath>
#include <cstdio>
#include <exception>
#include <sstream>
#include <string>

namespace check {

inline int& failures() {
    static int count = 0;
    return count;
}
inline int& passes() {
    static int count = 0;
    return count;
}

inline void fail(const char* file, int line, const std::string& what) {
    ++failures();
    std::fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what.c_str());
}

template <typename A>
std::string show(const A& a) {
    std::ostringstream out;
    out.precision(17);
    out << a;
    return out.str();
}

// Call at the end of main(): prints "N passed, N failed" and returns the exit code.
inline int report(const char* name) {
    std::printf("%s: %d passed, %d failed\n", name, passes(), failures());
    return failures() == 0 ? 0 : 1;
}

// Exit code that CTest treats as "skipped" (SKIP_RETURN_CODE 77 in CMakeLists.txt).
constexpr int kSkip = 77;

}  // namespace check

#define CHECK(cond)                                                     \
    do {                                                                \
        if (cond) ++check::passes();                                    \
        else check::fail(__FILE__, __LINE__, "CHECK(" #cond ")");      \
    } while (0)

#define CHECK_EQ(a, b)                                                                   \
    do {                                                                                 \
        const auto& check_a_ = (a);                                                      \
        const auto& check_b_ = (b);                                                      \
        if (check_a_ == check_b_) ++check::passes();                                     \
        else check::fail(__FILE__, __LINE__, "CHECK_EQ(" #a ", " #b "): " +              \
                                                 check::show(check_a_) + " != " +        \
                                                 check::show(check_b_));                 \
    } while (0)

// |a - b| / max(|a|, |b|, 1e-8) <= tol, the relative error (10.4) of
// docs/10-gradient-checking.md#eq-10-4
#define CHECK_REL(a, b, tol)                                                               \
    do {                                                                                   \
        const double check_a_ = static_cast<double>(a);                                    \
        const double check_b_ = static_cast<double>(b);                                    \
        const double check_scale_ =                                                        \
            std::fmax(std::fmax(std::fabs(check_a_), std::fabs(check_b_)), 1e-8);          \
        const double check_err_ = std::fabs(check_a_ - check_b_) / check_scale_;           \
        if (check_err_ <= (tol)) ++check::passes();                                        \
        else check::fail(__FILE__, __LINE__, "CHECK_REL(" #a ", " #b "): " +               \
                                                 check::show(check_a_) + " vs " +          \
                                                 check::show(check_b_) + ", rel.err " +    \
                                                 check::show(check_err_));                 \
    } while (0)

// Runs expr and expects an exception whose what() contains every given substring.
#define CHECK_THROWS_WITH(expr, ...)                                                       \
    do {                                                                                   \
        std::string check_msg_;                                                            \
        bool check_threw_ = false;                                                         \
        try {                                                                              \
            (void)(expr);                                                                  \
        } catch (const std::exception& e) {                                                \
            check_threw_ = true;                                                           \
            check_msg_ = e.what();                                                         \
        }                                                                                  \
        if (!check_threw_) {                                                               \
            check::fail(__FILE__, __LINE__, "expected an exception from " #expr);          \
            break;                                                                         \
        }                                                                                  \
        bool check_all_ = true;                                                            \
        for (const char* part : {__VA_ARGS__})                                             \
            if (check_msg_.find(part) == std::string::npos) {                              \
                check::fail(__FILE__, __LINE__, std::string("message of " #expr " lacks '") + \
                                                    part + "': " + check_msg_);           \
                check_all_ = false;                                                        \
            }                                                                              \
        if (check_all_) ++check::passes();                                                 \
    } while (0)
