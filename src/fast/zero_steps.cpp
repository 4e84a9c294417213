// Listing the steps each tile of rows needs (fast/zero_steps.hpp), and the check that skipping the
// others leaves the sums as they are. docs/performance.md, "Skipping the zero pixels".
#include "fast/zero_steps.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <type_traits>

namespace nn {
namespace {

// nonzero[j] = 1 where v[j] != 0, else 0 (+0 and -0 count as zero). __restrict: a char may alias
// anything, and without it g++ compiled this as one byte at a time.
template <typename T>
void mark_nonzero(const T* __restrict v, std::size_t n, unsigned char* __restrict nonzero) {
    for (std::size_t j = 0; j < n; ++j) nonzero[j] = v[j] != T(0);
}

// needed[p] = 1 where any of `rows` rows of A (row r at a + r * a_row) has A(r,p) != 0, for the
// Steps steps from p = 0 on. The rows' bits are ORed together, sign bit left out (+0 and -0 are
// zero), then compared once: one compare per step instead of one per value (a quarter of this
// file's time went into per-value compares of the eight rows of a tile).
template <typename T, std::size_t Steps>
void mark_steps(const T* __restrict a, std::size_t a_row, std::size_t rows, unsigned char* __restrict needed) {
    using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    Bits any[Steps] = {};
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t q = 0; q < Steps; ++q) {
            Bits bits;
            std::memcpy(&bits, a + r * a_row + q, sizeof bits);
            any[q] |= bits << 1;  // the sign bit shifted out
        }
    for (std::size_t q = 0; q < Steps; ++q) needed[q] = any[q] != 0;
}

// mark_steps for p = 0..k-1: 16 steps at a time (a constant, so that the 16 ORs stay in a register
// through the rows), then the last few one by one.
template <typename T>
void mark_group(const T* a, std::size_t a_row, std::size_t rows, std::size_t k, unsigned char* needed) {
    constexpr std::size_t block = 16;
    std::size_t p = 0;
    for (; p + block <= k; p += block) mark_steps<T, block>(a + p, a_row, rows, needed + p);
    for (; p < k; ++p) mark_steps<T, 1>(a + p, a_row, rows, needed + p);
}

// Whether any of the n bytes is not 0; eight at a time as one 64-bit word.
bool any_byte(const unsigned char* bytes, std::size_t n) {
    if (n == 8) {
        std::uint64_t eight;
        std::memcpy(&eight, bytes, sizeof eight);
        return eight != 0;
    }
    unsigned char any = 0;
    for (std::size_t r = 0; r < n; ++r) any |= bytes[r];
    return any != 0;
}

// Appends p to a list of `count` steps if `needed`: p is written either way and the count grows only
// when needed, so there is no branch for the scattered zeros of a digit to mispredict.
void append_if(std::uint32_t p, unsigned char needed, std::uint32_t* list, std::size_t& count) {
    list[count] = p;
    count += needed;
}

// For each pattern of eight needed (1) or not needed (0) steps, as the bits of a byte: the positions
// of its ones, in increasing order (the rest 0), and how many there are.
struct Ones {
    std::uint8_t at[8];
    std::uint8_t count;
};
constexpr std::array<Ones, 256> ones_table() {
    std::array<Ones, 256> table{};
    for (unsigned bits = 0; bits < 256; ++bits)
        for (std::uint8_t q = 0; q < 8; ++q)
            if (bits >> q & 1u) table[bits].at[table[bits].count++] = q;
    return table;
}
constexpr std::array<Ones, 256> kOnes = ones_table();

// The p = 0..k-1 with needed[p] = 1, appended in order, eight steps at a time: most of a digit's
// zeros come in runs (the margins), which this passes over at one test per eight pixels; the others
// are written as a whole from the table of their pattern (a quarter of the time of one compare and
// append per step). Writes up to 7 values past the last one it counts: the list has room for k.
void append_needed(const unsigned char* needed, std::size_t k, std::uint32_t* list, std::size_t& count) {
    std::size_t p = 0;
    for (; p + 8 <= k; p += 8) {
        std::uint64_t eight;
        std::memcpy(&eight, needed + p, sizeof eight);
        if (eight == 0) continue;
        // Byte q (0 or 1) to bit q: each byte's bit lands in the top byte, on its own, no carries.
        const Ones& ones = kOnes[(eight * 0x0102040810204080ull) >> 56];
        for (std::size_t q = 0; q < 8; ++q) list[count + q] = static_cast<std::uint32_t>(p + ones.at[q]);
        count += ones.count;
    }
    for (; p < k; ++p) append_if(static_cast<std::uint32_t>(p), needed[p], list, count);
}

// Every value of B finite: in one pass where B is one block of k n values (all three products on
// whole matrices), else row by row where B's rows are contiguous (A B, A^T B on a block of columns of
// a wider matrix), or along the stored rows of B^T (A B^T); false for other strides.
template <typename T>
bool all_of_b_finite(const Product<T>& P) {
    const bool one_block = (P.b_col == 1 && P.b_inner == P.n) || (P.b_inner == 1 && P.b_col == P.k);
    if (one_block) return all_finite(P.b, P.k * P.n);
    if (P.b_col == 1) {
        for (std::size_t p = 0; p < P.k; ++p)
            if (!all_finite(P.b + p * P.b_inner, P.n)) return false;
        return true;
    }
    if (P.b_inner != 1) return false;
    for (std::size_t j = 0; j < P.n; ++j)
        if (!all_finite(P.b + j * P.b_col, P.k)) return false;
    return true;
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
    needed.resize(n);
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
    lists.first = i0;
    lists.group_rows = group_rows;
    lists.k = P.k;
    lists.steps.resize(groups * P.k);
    lists.count.assign(groups, 0);
    std::uint32_t* steps = lists.steps.data();
    // A listed step costs what a step of the full product does; above three quarters of the steps,
    // listing them (and the check of B below) costs more than it saves. Dense A (or standardised
    // pixels) shows it within the first groups or steps, and the listing stops there.
    std::size_t listed = 0;
    const auto too_many = [&](std::size_t done_groups, std::size_t done_steps) {
        return 4 * listed > 3 * done_groups * done_steps;
    };
    constexpr std::size_t kLook = 4;  // groups (or steps of A^T) listed before the first look
    if (P.a_inner == 1) {
        // A B and A B^T: rows of A are contiguous. Per group, mark the steps any of its rows needs.
        lists.needed.resize(P.k);
        unsigned char* needed = lists.needed.data();
        for (std::size_t g = 0; g < groups; ++g) {
            const std::size_t i = i0 + g * group_rows;
            mark_group(P.a + i * P.a_row, P.a_row, std::min(group_rows, i1 - i), P.k, needed);
            append_needed(needed, P.k, steps + g * P.k, lists.count[g]);
            listed += lists.count[g];
            if (g + 1 >= kLook && too_many(g + 1, P.k)) return false;
        }
    } else {
        // A^T B: the stored rows of A (one per step p) hold A(i, p) for consecutive i. Per step, mark
        // the rows that are not zero, then append p to each group of rows that holds one.
        lists.needed.resize(rows);
        unsigned char* nonzero = lists.needed.data();
        std::size_t* count = lists.count.data();
        const std::size_t whole = rows / group_rows;  // groups of group_rows rows; the last may be shorter
        for (std::size_t p = 0; p < P.k; ++p) {
            mark_nonzero(P.a + p * P.a_inner + i0, rows, nonzero);  // a_row = 1
            const std::uint32_t step = static_cast<std::uint32_t>(p);
            std::size_t listed_now = 0;
            for (std::size_t g = 0; g < whole; ++g) {
                const bool any = any_byte(nonzero + g * group_rows, group_rows);
                append_if(step, any, steps + g * P.k, count[g]);
                listed_now += any;
            }
            if (whole < groups) {
                const bool any = any_byte(nonzero + whole * group_rows, rows - whole * group_rows);
                append_if(step, any, steps + whole * P.k, count[whole]);
                listed_now += any;
            }
            listed += listed_now;
            if (p + 1 >= kLook && too_many(groups, p + 1)) return false;
        }
    }
    if (too_many(groups, P.k)) return false;
    return b_finite || all_of_b_finite(P);
}

template void list_nonzero(const float*, std::size_t, std::vector<std::uint32_t>&);
template void list_nonzero(const double*, std::size_t, std::vector<std::uint32_t>&);
template bool all_finite(const float*, std::size_t);
template bool all_finite(const double*, std::size_t);
template bool list_needed_steps(const Product<float>&, std::size_t, std::size_t, std::size_t, StepLists&, bool);
template bool list_needed_steps(const Product<double>&, std::size_t, std::size_t, std::size_t, StepLists&, bool);

}  // namespace nn
