// Listing the steps each tile of rows needs (fast/zero_steps.hpp), and the check that skipping the
// others leaves the sums as they are. docs/performance.md, "Skipping the zero pixels".
#include "fast/zero_steps.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <type_traits>

namespace nn {
namespace {

// needed[j] |= 1 where v[j] != 0 (+0 and -0 count as zero). __restrict: a char may alias anything,
// and without it g++ compiled this as one byte at a time.
template <typename T>
void mark_nonzero(const T* __restrict v, std::size_t n, unsigned char* __restrict needed) {
    for (std::size_t j = 0; j < n; ++j) needed[j] |= v[j] != T(0);
}

// How many of the n values are not zero; a vector compare and add that both compilers vectorise.
template <typename T>
std::size_t count_nonzero(const T* __restrict v, std::size_t n) {
    std::size_t count = 0;
    for (std::size_t j = 0; j < n; ++j) count += v[j] != T(0);
    return count;
}

// Appends p to a list of `count` steps if `needed`: p is written either way and the count grows only
// when needed, so there is no branch for the scattered zeros of a digit to mispredict.
void append_if(std::uint32_t p, unsigned char needed, std::uint32_t* list, std::size_t& count) {
    list[count] = p;
    count += needed;
}

// append_if for p = 0..k-1, eight steps at a time where any of the eight is needed: most of a
// digit's zeros come in runs (the margins), which this passes over at one test per eight pixels.
void append_needed(const unsigned char* needed, std::size_t k, std::uint32_t* list, std::size_t& count) {
    std::size_t p = 0;
    for (; p + 8 <= k; p += 8) {
        std::uint64_t eight;
        std::memcpy(&eight, needed + p, sizeof eight);
        if (eight == 0) continue;
        for (std::size_t q = p; q < p + 8; ++q) append_if(static_cast<std::uint32_t>(q), needed[q], list, count);
    }
    for (; p < k; ++p) append_if(static_cast<std::uint32_t>(p), needed[p], list, count);
}

}  // namespace

// Infinite or NaN: all exponent bits set. Read as integers, so that the loop is a vector maximum that
// both compilers vectorise (a floating-point test would stop at the first NaN, or not vectorise).
template <typename T>
bool all_finite(const T* v, std::size_t n) {
    using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    constexpr Bits exponent = sizeof(T) == 4 ? Bits(0x7f800000u) : Bits(0x7ff0000000000000ull);
    Bits highest = 0;
    for (std::size_t k = 0; k < n; ++k) {
        Bits bits;
        std::memcpy(&bits, v + k, sizeof bits);
        highest = std::max(highest, Bits(bits & exponent));
    }
    return highest != exponent;
}

template <typename T>
void list_nonzero(const T* v, std::size_t n, std::vector<std::uint32_t>& list) {
    thread_local std::vector<unsigned char> needed;
    needed.assign(n, 0);
    mark_nonzero(v, n, needed.data());
    list.resize(n);
    std::size_t count = 0;
    append_needed(needed.data(), n, list.data(), count);
    list.resize(count);
}

template <typename T>
bool list_needed_steps(const Product<T>& P, std::size_t i0, std::size_t i1, std::size_t group_rows,
                       StepLists& lists, bool b_finite) {
    if (P.k > std::numeric_limits<std::uint32_t>::max() || i1 <= i0 || (P.a_inner != 1 && P.a_row != 1)) return false;
    const std::size_t rows = i1 - i0, groups = (rows + group_rows - 1) / group_rows;
    // First a cheap look: where more than half of these rows of A is nonzero (dense data, or pixels
    // that were standardised), the lists would hold most steps; counting costs a few percent of the
    // product, listing them first about a quarter.
    std::size_t nonzeros = 0;
    if (P.a_inner == 1) nonzeros = count_nonzero(P.a + i0 * P.a_row, rows * P.k);  // a_row = k
    else
        for (std::size_t p = 0; p < P.k; ++p) nonzeros += count_nonzero(P.a + p * P.a_inner + i0, rows);
    if (2 * nonzeros > rows * P.k) return false;
    lists.first = i0;
    lists.group_rows = group_rows;
    lists.k = P.k;
    lists.steps.resize(groups * P.k);
    lists.count.assign(groups, 0);
    std::uint32_t* steps = lists.steps.data();
    if (P.a_inner == 1) {
        // A B and A B^T: rows of A are contiguous. Per group, mark the steps any of its rows needs.
        lists.needed.resize(P.k);
        unsigned char* needed = lists.needed.data();
        for (std::size_t g = 0; g < groups; ++g) {
            std::fill(needed, needed + P.k, 0);
            for (std::size_t i = i0 + g * group_rows; i < std::min(i1, i0 + (g + 1) * group_rows); ++i)
                mark_nonzero(P.a + i * P.a_row, P.k, needed);
            append_needed(needed, P.k, steps + g * P.k, lists.count[g]);
        }
    } else {
        // A^T B: the stored rows of A (one per step p) hold A(i, p) for consecutive i. Per step, mark
        // the rows that are not zero, then append p to each group of rows that holds one.
        lists.needed.resize(rows);
        unsigned char* nonzero = lists.needed.data();
        for (std::size_t p = 0; p < P.k; ++p) {
            std::fill(nonzero, nonzero + rows, 0);
            mark_nonzero(P.a + p * P.a_inner + i0, rows, nonzero);  // a_row = 1
            for (std::size_t g = 0; g < groups; ++g) {
                unsigned char any = 0;
                for (std::size_t r = g * group_rows; r < std::min(rows, (g + 1) * group_rows); ++r) any |= nonzero[r];
                append_if(static_cast<std::uint32_t>(p), any, steps + g * P.k, lists.count[g]);
            }
        }
    }
    std::size_t listed = 0;
    for (std::size_t g = 0; g < groups; ++g) listed += lists.count[g];
    // A listed step costs what a step of the full product does; below three quarters the saving
    // outweighs listing them (and the check of B below).
    if (4 * listed > 3 * groups * P.k) return false;
    return b_finite || all_finite(P.b, P.k * P.n);
}

template void list_nonzero(const float*, std::size_t, std::vector<std::uint32_t>&);
template void list_nonzero(const double*, std::size_t, std::vector<std::uint32_t>&);
template bool all_finite(const float*, std::size_t);
template bool all_finite(const double*, std::size_t);
template bool list_needed_steps(const Product<float>&, std::size_t, std::size_t, std::size_t, StepLists&, bool);
template bool list_needed_steps(const Product<double>&, std::size_t, std::size_t, std::size_t, StepLists&, bool);

}  // namespace nn
